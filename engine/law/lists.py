"""Membership of an offence in a dated statutory list (rules/*/ lists).

An offence is listed on a day when an entry naming it (or a section it falls under)
was in force that day and the entry's group qualifier (drug, goods) is met. An
inchoate form (attempt, conspiracy...) is listed only by an entry for that form of
the named offences. The answer is three-valued: a missing drug or goods, or a
reference too general to tell (a section when only one of its subsections is listed), is unknown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.findings import Finding as Membership
from .catalogue.drugs import DrugCatalogue
from .catalogue.offences import OffenceCatalogue, OffenceInfo
from .drugsets import in_drug_set, in_drug_set_by_class
from .records import in_any

if TYPE_CHECKING:
    from .rulefiles import DrugSet, ListEntry, ListFile, ListGroup


@dataclass(frozen=True)
class Item:
    """What the list test needs to know about one offence of a case."""

    offence: OffenceInfo
    inchoate: str | None = None
    drug: str | None = None  # drug catalogue id
    goods: str | None = None
    drug_path: str = "drug"
    goods_path: str = "goods"
    offence_path: str = "offence"
    drug_class: str | None = None  # known class when the drug itself is not (from a code)
    inchoate_path: str = "inchoate"

    def but(self, **changes) -> Item:
        from dataclasses import replace

        return replace(self, **changes)


class ListJudge:
    """Answers list membership for one list, with the catalogues it needs."""

    def __init__(self, listing: ListFile, offences: OffenceCatalogue, drugs: DrugCatalogue,
                 drug_sets: dict[str, DrugSet], inchoate=None):
        self.listing, self.offences, self.drugs, self.drug_sets = listing, offences, drugs, drug_sets
        self.inchoate = inchoate
        self._by_offence: dict[str, list] = {}
        for group, entry in self._entries(lambda e: e.offence is not None):
            self._by_offence.setdefault(entry.offence, []).append((group, entry))

    def member(self, item: Item, day: dt.date) -> Membership:
        if item.inchoate:
            return self._inchoate(item, day)
        return self._substantive(item, day)

    def member_any_day(self, item: Item, days: list[dt.date], date_path: str, ask: str) -> Membership:
        """Membership when the relevant day is unknown: decided only if every candidate day agrees."""
        answers = [self.member(item, d) for d in sorted(set(days))]
        statuses = {a.status for a in answers}
        if len(statuses) == 1:
            return answers[0]
        result = Membership("unknown", ["listed on some possible dates and not on others"],
                            missing=[(date_path, ask)])
        for answer in answers:
            result.citations += answer.citations
        return result

    def breakpoints(self) -> set[dt.date]:
        """Days on which any entry starts or stops applying."""
        days: set[dt.date] = set()
        for group in self.listing.groups:
            for entry in group.entries:
                for period in entry.in_force:
                    days |= period.breakpoints()
        return days

    # ------------------------------------------------------------ substantive offences

    def _naming(self, oid: str) -> list:
        """Entries naming this offence or a section it falls under."""
        return [found for current in self.offences.lineage(oid)
                for found in self._by_offence.get(current, [])]

    def _substantive(self, item: Item, day: dt.date) -> Membership:
        info = item.offence
        answer: Membership | None = None
        for group, entry in self._naming(info.id):
            found = self._entry(group, entry, item, day)
            answer = found if answer is None else answer.merge(found)
        if answer is None and info.children:
            return self._general(item, day)
        if answer is None:
            return Membership("not_met", [f"{info.display} is not in {self.listing.title}"],
                              [self.listing.citation])
        return answer

    def _general(self, item: Item, day: dt.date) -> Membership:
        """A general reference (``s4``): decided only if all its subsections agree."""
        answers = [self._substantive(item.but(offence=self.offences.by_id[c], inchoate=None), day)
                   for c in item.offence.children]
        statuses = {a.status for a in answers}
        if len(statuses) == 1:
            return answers[0]
        kids = ", ".join(self.offences.by_id[c].display for c in item.offence.children)
        return Membership("unknown", [f"{item.offence.display} is too general: only some of its "
                                      f"subsections ({kids}) are listed"],
                          missing=[(item.offence_path, "which subsection of "
                                    f"{item.offence.display} the offence is under")])

    def _entry(self, group: ListGroup, entry: ListEntry, item: Item, day: dt.date) -> Membership:
        period = in_any(entry.in_force, day)
        target = self.offences.by_id[entry.offence].display
        cite = f"{group.citation}"
        if period is None:
            spans = ", ".join(p.label() for p in entry.in_force)
            ended = entry.ended if entry.ended and _after(entry, day) else None
            note = f" ({ended.note if ended else entry.note})" if ended or entry.note else ""
            return Membership("not_met", [f"{target} was listed ({group.label}) only {spans}, "
                                          f"not on {day}{note}"],
                              [cite, *([ended.citation] if ended else [])],
                              unconfirmed=ended.unconfirmed if ended else entry.unconfirmed)
        if entry.listed == "unknown":
            why = f"whether {group.citation} ({group.label}) named {target} {period.label()} " \
                  f"is not confirmed" + (f" ({entry.note})" if entry.note else "")
            return Membership("unknown", [why], [cite], [(f"law: {group.citation}", why)],
                              unconfirmed=True, entries=[self.entry_key(group, entry)])
        head = f"{target} is listed in {group.citation} ({group.label}), {period.label()}"
        qualifier = self._qualifier(group, item, day)
        qualifier.reasons.insert(0, head)
        qualifier.citations.insert(0, cite)
        qualifier.unconfirmed = qualifier.unconfirmed or entry.unconfirmed
        qualifier.entries.append(self.entry_key(group, entry))
        return qualifier

    def entry_key(self, group: ListGroup, entry: ListEntry) -> str:
        """A stable name for a list entry (for coverage): list, group and what it names."""
        what = entry.offence or "+".join(entry.inchoate)
        return f"{self.listing.name}:{group.id}:{what}"

    def _qualifier(self, group: ListGroup, item: Item, day: dt.date) -> Membership:
        q = group.qualifier
        if q is None:
            return Membership("met")
        if q.drug_in:
            if item.drug is None and item.drug_class is not None:
                answer = in_drug_set_by_class(self.drug_sets[q.drug_in], self.drugs,
                                              item.drug_class, day)
                missing = [(item.drug_path, "which drug the offence concerned")] \
                    if answer.status == "unknown" else []
                return Membership(answer.status, [f"only {q.description}: {answer.reason}"],
                                  [answer.citation], missing, answer.unconfirmed)
            if item.drug is None:
                return Membership("unknown", [f"only {q.description}; the drug is not stated"],
                                  missing=[(item.drug_path, "which drug the offence concerned")])
            answer = in_drug_set(self.drug_sets[q.drug_in], self.drugs, item.drug, day)
            return Membership(answer.status, [f"only {q.description}: {answer.reason}"],
                              [answer.citation], unconfirmed=answer.unconfirmed)
        goods = item.goods or ("controlled-drug" if item.drug or item.drug_class else None)
        if goods is None:
            return Membership("unknown", [f"only {q.description}; the goods are not stated"],
                              missing=[(item.goods_path, "what goods the offence concerned "
                                        "(controlled-drug, firearm, ammunition or other)")])
        status = "met" if goods in (q.goods_in or []) else "not_met"
        return Membership(status, [f"only {q.description}: the goods were {goods}"])

    # ------------------------------------------------------------ inchoate offences

    def _inchoate(self, item: Item, day: dt.date) -> Membership:
        form = item.inchoate
        covers = self.inchoate.by_id[form].covers if self.inchoate and form in \
            self.inchoate.by_id else []
        if covers:
            return self._general_form(item, covers, day)
        answer = Membership("not_met", [f"{self._form(form)} at {item.offence.display} is not listed in "
                                        f"{self.listing.title} on {day}"], [self.listing.citation])
        for group, entry in self._entries(lambda e: bool(e.inchoate) and form in e.inchoate):
            answer = answer.merge(self._inchoate_entry(group, entry, item, day))
        return answer

    def _general_form(self, item: Item, covers: list[str], day: dt.date) -> Membership:
        """A general form (encouraging or assisting, section not stated): decided only if
        every specific form it covers agrees."""
        answers = [self._inchoate(item.but(inchoate=f), day) for f in covers]
        if len({a.status for a in answers}) == 1:
            return answers[0]
        return Membership("unknown", [f"{self._form(item.inchoate)} is too general: only some of "
                                      f"{', '.join(covers)} are listed"],
                          missing=[(item.inchoate_path, "which specific inchoate form "
                                    f"({', '.join(covers)})")])

    def _inchoate_entry(self, group: ListGroup, entry: ListEntry, item: Item,
                        day: dt.date) -> Membership:
        period = in_any(entry.in_force, day)
        spans = ", ".join(p.label() for p in entry.in_force)
        if period is None:
            return Membership("not_met", [f"{self._form(item.inchoate)} is listed ({group.citation}) only "
                                          f"{spans}, not on {day}"], [group.citation])
        substantive = item.but(inchoate=None)
        if entry.of == "this-list":
            target = self._substantive(substantive, day)
        else:
            target = self._targets(entry, substantive, day)
        head = (f"{self._form(item.inchoate)} is listed in {group.citation} ({group.label}), "
                f"{period.label()}, "
                f"for offences {'in this list' if entry.of == 'this-list' else 'named there'}")
        if target.status == "not_met":
            return Membership("not_met", [head + f"; but not for {item.offence.display}",
                                          *target.reasons], [group.citation, *target.citations])
        return Membership(target.status, [head, *target.reasons], [group.citation,
                                                                   *target.citations],
                          target.missing, target.unconfirmed or entry.unconfirmed,
                          [self.entry_key(group, entry), *target.entries])

    def _targets(self, entry: ListEntry, item: Item, day: dt.date) -> Membership:
        info = item.offence
        for target in entry.of:
            if self.offences.descends(info.id, target):
                return Membership("met", [f"{info.display} is one of the offences named"])
        return Membership("not_met", [f"{info.display} is not one of the offences named"])

    def _form(self, form: str) -> str:
        """An inchoate form in words (its label), for reasons people read."""
        known = self.inchoate.by_id.get(form) if self.inchoate else None
        return known.label if known else form

    def _entries(self, wanted):
        for group in self.listing.groups:
            for entry in group.entries:
                if wanted(entry):
                    yield group, entry


def _after(entry: ListEntry, day: dt.date) -> bool:
    """Whether ``day`` is after the end of the entry's last period."""
    ends = [p.to for p in entry.in_force]
    return None not in ends and day > max(ends)
