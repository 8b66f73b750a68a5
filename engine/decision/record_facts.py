"""The facts of a case in plain words, for the decision record: names rather than ids,
offence titles with their citations, ages with the date of birth; no field names or codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.dates import age_on
from ..law.loader import Catalogues
from ..network.ruleset import CompiledRuleSet

Rows = list[tuple[str, str]]
Section = tuple[str, Rows]

JURISDICTIONS = {"england-and-wales": "England and Wales", "scotland": "Scotland",
                 "northern-ireland": "Northern Ireland"}
GOODS = {"controlled-drug": "a controlled drug", "firearm": "a firearm",
         "ammunition": "ammunition", "other": "other goods"}


def facts_table(case: Any, day: dt.date, ruleset: CompiledRuleSet,
                catalogues: Catalogues) -> list[Section]:
    """The case as headed tables of (what, value) rows; ``day`` is the day whose law applied."""
    head: Rows = [("Regime", ruleset.files.header.title)]
    from ..regimes.pace_case import PaceCase  # (a POCA check need not build the PACE models)

    if isinstance(case, PaceCase):
        return _pace(case, day, ruleset, catalogues, head)
    return _poca(case, day, catalogues, head)


def long_date(day: dt.date | None) -> str:
    """'2 March 2024'."""
    return "not known" if day is None else f"{day.day} {day:%B %Y}"


def long_moment(moment: dt.datetime) -> str:
    """'14 March 2026 at 10:20'."""
    return f"{long_date(moment.date())} at {moment:%H:%M}"


def long_iso(text: str | None) -> str:
    """An ISO date or date-time (as a decision holds them) in words; anything else as it is."""
    if not text:
        return "not known"
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return long_date(value.date()) if len(text) == 10 else long_moment(value)


def yes_no(value: bool | None, unknown: str = "not recorded") -> str:
    return unknown if value is None else "yes" if value else "no"


def place_name(text: str) -> str:
    """A station as written, or a register id such as 'charing-cross' as 'Charing Cross'."""
    if text == text.lower() and " " not in text:
        return " ".join(w.capitalize() for w in text.split("-"))
    return text


def offence_words(catalogues: Catalogues, entry: Any) -> str:
    """'Stealing (Example Act 2001 s.1)', with the drug, class, goods and inchoate form if given."""
    info = catalogues.references.resolve(entry.offence).info
    words = f"{info.title} ({info.display})"
    if entry.inchoate:
        form = catalogues.inchoate.resolve(entry.inchoate)
        words = f"{form.label} of: {words}"
    extra = []
    if entry.drug:
        extra.append(f"drug: {catalogues.drugs.resolve(entry.drug).name}")
    if entry.drug_class:
        extra.append(f"drug of Class {entry.drug_class}")
    if getattr(entry, "goods", None):
        extra.append(f"goods: {GOODS.get(entry.goods, entry.goods)}")
    return words + "".join(f"; {e}" for e in extra)


def _pace(case, day, ruleset, catalogues, head: Rows) -> list[Section]:
    head.append(("When the sample is to be requested", long_moment(case.at)))
    person = case.person
    if person.date_of_birth:
        age = age_on(person.date_of_birth, day, ruleset.param("leap-day-birthday"))
        who = [("Date of birth", f"{long_date(person.date_of_birth)} (aged {age} on "
                                 f"{long_date(day)})")]
    else:
        who = [("Date of birth", "not known"),
               (_described(person, "appears_under_18"), yes_no(person.appears_under_18))]
    d = case.detention
    area = catalogues.areas.resolve(d.police_area).name if d.police_area else "not recorded"
    where: Rows = [("Police area", area),
                   ("Police station", place_name(d.station) if d.station else "not recorded"),
                   ("Detained at a police station", yes_no(d.at_police_station)),
                   ("Brought before the custody officer", yes_no(d.brought_before_custody_officer)),
                   ("Sample already taken in this detention", _taken(d))]
    if d.detention_began:
        where.append(("Detention began", long_moment(d.detention_began)))
    offences = [(f"Offence {n}", _pace_offence(catalogues, entry))
                for n, entry in enumerate(case.offences, start=1)]
    sections = [("The case", head), ("The person", who), ("Detention", where),
                ("Offences", offences)]
    if case.notification is not None:
        notice = case.notification
        sections.append(("Notice given for this case (in place of the register)", [
            (label, yes_no(value)) for label, value in
            (("Testing on arrest", notice.arrest), ("Testing on charge", notice.charge),
             ("Testing of persons under 18", notice.under_18)) if value is not None]))
    return sections


def _described(model, name: str) -> str:
    """A case field's own description as a label ('With no date of birth: whether ...' ->
    'Whether ...'), so the words are the case contract's."""
    text = (type(model).model_fields[name].description or name).rstrip(".")
    text = text.split(": ", 1)[-1]
    return text[:1].upper() + text[1:]


def _taken(d) -> str:
    shown = yes_no(d.sample_already_taken)
    if d.sample_already_taken and d.sample_taken_under:
        shown += f" (under the {d.sample_taken_under} condition)"
    return shown


def _pace_offence(catalogues, entry) -> str:
    words = f"{'Arrested for' if entry.stage == 'arrested' else 'Charged with'} " \
            f"{offence_words(catalogues, entry)}"
    auth = entry.inspector_authorisation
    if auth is not None:
        rank = catalogues.ranks.resolve(auth.rank).label.lower()
        how = "orally" if auth.oral else "in writing" if auth.oral is False else "(how not recorded)"
        words += (f". Authorised by an officer of the rank of {rank} {how}"
                  + ("; the officer was authorised to act as an inspector"
                     if auth.treated_as_inspector else "")
                  + f". {_described(auth, 'suspects_class_a_misuse_contributed')}: "
                    f"{yes_no(auth.suspects_class_a_misuse_contributed)}")
    if entry.detention_for_offence_ended:
        words += ". Detention for this offence has ended"
    return words


def _poca(case, day, catalogues, head: Rows) -> list[Section]:
    head += [("Jurisdiction", JURISDICTIONS.get(case.jurisdiction, case.jurisdiction)),
             ("Day of the decision", long_date(day)),
             ("Proceedings started", long_date(case.proceedings_started))]
    sections = [("The case", head),
                ("Convictions in these proceedings",
                 [(f"Conviction {n}", _poca_offence(catalogues, c))
                  for n, c in enumerate(case.convictions, start=1)])]
    if case.taken_into_consideration:
        sections.append(("Offences taken into consideration",
                         [(f"Offence {n}", _poca_offence(catalogues, t))
                          for n, t in enumerate(case.taken_into_consideration, start=1)]))
    sections.append(("Earlier convictions",
                     [(f"Earlier conviction {n}", f"convicted on {long_date(p.convicted_on)}: "
                                                  f"{_poca_offence(catalogues, p)}")
                      for n, p in enumerate(case.previous_convictions, start=1)]
                     or [("Earlier convictions", "none")]))
    return sections


def _poca_offence(catalogues, entry) -> str:
    committed = entry.committed
    if committed is None:
        when = "when committed: not known"
    elif committed.on:
        when = f"committed on {long_date(committed.on)}"
    else:
        when = f"committed from {long_date(committed.first)} to {long_date(committed.last)}"
    benefit = "not known" if entry.benefit is None else f"£{entry.benefit:,.2f}"
    return f"{offence_words(catalogues, entry)}; {when}; benefit: {benefit}"
