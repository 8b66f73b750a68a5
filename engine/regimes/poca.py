"""Criminal lifestyle: turns a confiscation case into facts for the rule set in rules/poca-s75."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..core.dates import months_covered, period_ending_with
from ..core.errors import CaseFileError
from ..core.findings import Finding
from ..law.loader import Catalogues
from ..network.compiler.schema import Attr, FactSchema, FactType
from ..network.facts import FactSet
from .base import Context, LazyModel, Regime, Resolved, judge_lists, list_item, not_after, resolve_offence
from .poca_measures import (
    LISTED_PARTS,
    Total,
    benefit_part,
    count_benefiting,
    grouped,
    occasions,
    perhaps,
    tic_part,
)

MEASURES = {
    "benefit": ("money", "convictions[{i}].benefit", "the benefit from this offence (£)"),
    "committed_from": ("date", "convictions[{i}].committed", "when the offence was committed"),
    "period_months": ("number", "convictions[{i}].committed",
                      "the first and last day of the period over which it was committed"),
    "other_benefiting": ("number", "convictions[].benefit",
                         "the benefit from the other offences of conviction"),
    "rb_same_proceedings": ("money", "convictions[].benefit, taken_into_consideration[]",
                            "the benefit figures of these proceedings"),
    "occasions": ("number", "previous_convictions[], proceedings_started",
                  "the earlier convictions and when these proceedings started"),
    "rb_earlier_convictions": ("money", "previous_convictions[].benefit",
                               "the benefit from the earlier convictions"),
    "rb_period": ("money", "convictions[{i}].benefit, taken_into_consideration[].benefit",
                  "the benefit from this offence and the offences taken into consideration"),
}

if TYPE_CHECKING:  # (imported when first used: see base.LazyModel)
    from .poca_case import PocaCase


class PocaRegime(Regime):
    name = "poca-s75"
    case_model = LazyModel("pocapace.engine.regimes.poca_case", "PocaCase")
    flat_item_fields = frozenset({
        "record", "offence", "drug", "drug_class", "goods", "inchoate", "target", "committed.on",
        "committed.from", "committed.to", "benefit", "convicted_on"})
    #: A row's ``record`` column: which list of the case its offence belongs to.
    FLAT_RECORDS = {"conviction": "convictions", "tic": "taken_into_consideration",
                    "taken_into_consideration": "taken_into_consideration",
                    "previous": "previous_convictions",
                    "previous_conviction": "previous_convictions"}

    def flat_item(self, item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        kind = str(item.pop("record", "conviction")).strip().lower()
        if kind not in self.FLAT_RECORDS:
            raise ValueError(f"record must be conviction, tic or previous, found '{kind}'",
                             "record")
        return self.FLAT_RECORDS[kind], item

    def schema(self, catalogues: Catalogues, lists: list[str] = (),
               dated_sets: list[str] = ()) -> FactSchema:
        conviction = {name: Attr(kind, source, ask)
                      for name, (kind, source, ask) in MEASURES.items()}
        for name in lists:
            conviction[f"list:{name}"] = Attr("status", "convictions[{i}].offence",
                                              f"whether the offence is in the {name} list")
        return FactSchema({"conviction": FactType("conviction", conviction, scoped=True)})

    def moment(self, case: PocaCase, at: dt.datetime | None) -> dt.datetime:
        day = at.date() if at else (case.at or dt.date.today())
        return dt.datetime.combine(day, dt.time())

    def build_facts(self, case: PocaCase, moment: dt.datetime, ctx: Context) -> FactSet:
        header = ctx.ruleset.files.header
        if case.jurisdiction != header.jurisdiction:
            why = ctx.ruleset.param("unsupported-jurisdictions").get(case.jurisdiction, "")
            raise CaseFileError(ctx.source, "jurisdiction",
                                f"'{case.jurisdiction}' is not supported: {why} Only "
                                f"{header.jurisdiction} is decided by this rule set.")
        facts = FactSet(moment.date(), ["conviction"])
        self._possible(case, facts.day, ctx)
        window = self._window(case, ctx)
        facts.figures = self._figures_head(case, window, ctx)
        refs = [resolve_offence(ctx, f"convictions[{i}]", c) for i, c in enumerate(case.convictions)]
        for kind in ("taken_into_consideration", "previous_convictions"):
            for i, item in enumerate(getattr(case, kind)):
                resolve_offence(ctx, f"{kind}[{i}]", item)
        occ = occasions(case.previous_convictions, window)
        facts.figures["occasions"] = occ.items
        for index, conviction in enumerate(case.convictions):
            facts.add_item("conviction")
            self._conviction(case, index, conviction, refs[index], window, occ, facts, ctx)
        return facts

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _possible(case: PocaCase, day: dt.date, ctx: Context) -> None:
        """Dates that cannot be: after the day of the decision, or an offence of conviction
        committed after these proceedings were started (s85: they start with its charge)."""
        started = case.proceedings_started
        not_after(ctx, "proceedings_started", started, day, "the day proceedings were started",
                  "the day of the decision")
        for i, c in enumerate(case.convictions):
            if c.committed is not None:
                not_after(ctx, f"convictions[{i}].committed", c.committed.first, started,
                          "the day the offence was committed", "the day proceedings were started")
                not_after(ctx, f"convictions[{i}].committed", c.committed.last, day,
                          "the day the offence was committed", "the day of the decision")
        for i, t in enumerate(case.taken_into_consideration):
            if t.committed is not None:
                not_after(ctx, f"taken_into_consideration[{i}].committed", t.committed.first,
                          day, "the day the offence was committed", "the day of the decision")
        for i, p in enumerate(case.previous_convictions):
            not_after(ctx, f"previous_convictions[{i}].convicted_on", p.convicted_on, day,
                      "the day of conviction", "the day of the decision")

    def _window(self, case: PocaCase, ctx: Context) -> tuple[dt.date, dt.date] | None:
        if case.proceedings_started is None:
            return None
        return period_ending_with(case.proceedings_started, ctx.ruleset.param("course-window-years"))

    def _figures_head(self, case, window, ctx) -> dict[str, Any]:
        threshold = ctx.ruleset.files.header.parameters["relevant-benefit-threshold"]
        span = ctx.ruleset.files.header.parameters["course-window-years"]
        head: dict[str, Any] = {"relevant_benefit_threshold": {
            "label": "relevant benefit threshold", "citation": threshold.citation,
            "amount": f"£{threshold.value:,.2f}"}}
        if window:
            head["window"] = {"label": "window for earlier convictions", "citation": span.citation,
                              "first_day": str(window[0]), "last_day": str(window[1])}
            head["relevant_day"] = str(window[0])
        else:
            head["window"] = {"label": "window for earlier convictions",
                              "citation": span.citation,
                              "first_day": None, "last_day": None,
                              "note": "not known: proceedings_started is missing"}
        return head

    def _conviction(self, case, index, conviction, named: Resolved, window, occ, facts: FactSet,
                    ctx) -> None:
        path = f"convictions[{index}]"
        facts.detail[("conviction", index, "@info")] = named.ref.info
        committed = conviction.committed
        if committed is not None:
            facts.set_range("conviction", index, "committed_from", committed.first,
                            committed.first, self._committed_text(committed))
            if committed.last is not None:
                months = months_covered(committed.first, committed.last)
                facts.set_range("conviction", index, "period_months", months, months,
                                f"{months} whole months ({committed.first} to {committed.last})")
        else:
            self._missing(facts, index, ("committed_from", "period_months"),
                          f"{path}.committed", "when the offence was committed (on, or from-to)")
        self._lists(index, conviction, named, path, facts, ctx)
        self._benefits(case, index, conviction, window, occ, facts, ctx)

    @staticmethod
    def _committed_text(committed) -> str:
        if committed.on:
            return f"on {committed.on}"
        return f"from {committed.first} to {committed.last or 'a day not stated'}"

    @staticmethod
    def _missing(facts: FactSet, index: int, attrs, path: str, ask: str) -> None:
        for attr in attrs:
            facts.detail[("conviction", index, attr)] = Finding("unknown", [], [],
                                                                 [(path, ask)])

    def _lists(self, index, conviction, named: Resolved, path, facts: FactSet, ctx) -> None:
        ref = named.ref
        item = list_item(path, ref.info, named.inchoate, named.drug, conviction.goods or ref.goods,
                         conviction.drug_class or ref.drug_class, named.offence_field)

        def member(judge):
            if conviction.committed is not None:
                return judge.member(item, conviction.committed.first)
            start = ctx.ruleset.param("commencement")
            days = [d for d in judge.breakpoints() | {start} if start <= d <= facts.day]
            return judge.member_any_day(item, days, f"{path}.committed",
                                        "when the offence was committed")

        judge_lists(ctx, facts, "conviction", index, item, member)

    def _benefits(self, case, index, conviction, window, occ, facts: FactSet, ctx) -> None:
        path = f"convictions[{index}]"
        own = benefit_part(f"this offence ({path})", conviction.benefit, f"{path}.benefit")
        others = [(i, c) for i, c in enumerate(case.convictions) if i != index]
        current = grouped([benefit_part(f"convictions[{i}]", c.benefit, f"convictions[{i}].benefit")
                           for i, c in others], "other offences of conviction")
        totals = {
            "rb_same_proceedings": Total([own, *current,
                                          *self._tics(case, ctx.ruleset.param("commencement"))]),
            "rb_earlier_convictions": Total([own, *current,
                                             *grouped(self._earlier(case, window, ctx.ruleset),
                                                      "earlier convictions in the window"),
                                             *self._tics(case, None)]),
            "rb_period": Total([own, *self._tics(case, None)]),
        }
        self._set_money(facts, index, "benefit", Total([own]), ctx.ruleset)
        counted = count_benefiting([c.benefit for _, c in others])
        facts.set_range("conviction", index, "other_benefiting", counted.low, counted.high,
                        f"{counted.low}" if counted.low == counted.high else
                        f"{counted.low} to {counted.high} (some benefit not known)")
        # Each unknown benefit is asked for by its own conviction's rules too, so a few here
        # are enough to say what is missing (and keep a case's trace linear in its size).
        facts.detail[("conviction", index, "other_benefiting")] = Finding(
            "unknown", [], [], [(f"convictions[{i}].benefit", "the benefit from that offence")
                                for i, c in others if c.benefit is None][:LISTED_PARTS])
        facts.set_range("conviction", index, "occasions", occ.low, occ.high,
                        f"{occ.low}" if occ.low == occ.high else f"{occ.low} to {occ.high}")
        facts.detail[("conviction", index, "occasions")] = Finding(
            "unknown", [], [], self._occasion_missing(case, window))
        for attr, total in totals.items():
            self._set_money(facts, index, attr, total, ctx.ruleset, window is None and
                            attr == "rb_earlier_convictions")
        facts.figures.setdefault("convictions", []).append(self._figure(
            index, facts, totals, ctx.ruleset))

    @staticmethod
    def _tics(case, cut_off) -> list:
        return [tic_part(f"taken_into_consideration[{i}]", t.benefit,
                         t.committed.first if t.committed else None, cut_off,
                         f"taken_into_consideration[{i}].benefit",
                         f"taken_into_consideration[{i}].committed")
                for i, t in enumerate(case.taken_into_consideration)]

    @staticmethod
    def _earlier(case, window, ruleset) -> list:
        years = ruleset.param("course-window-years")
        parts = []
        for i, p in enumerate(case.previous_convictions):
            part = benefit_part(f"previous_convictions[{i}] ({p.convicted_on})", p.benefit,
                                f"previous_convictions[{i}].benefit")
            if window is None:
                parts.append(perhaps(part, f"counts only if inside the {years}-year window"))
            elif window[0] <= p.convicted_on <= window[1]:
                parts.append(part)
        return parts

    def _set_money(self, facts, index, attr, total: Total, ruleset,
                   window_unknown: bool = False) -> None:
        shown = total.shown()
        facts.set_range("conviction", index, attr, total.low, total.high, shown["total"])
        reasons = [f"{self._label(ruleset, attr)}: {shown['total']} = " +
                   " + ".join(f"{p['part']} {p['amount']}" for p in shown["parts"])]
        missing = [(p.source, "when that offence was committed" if p.source.endswith(
            ".committed") else "the benefit (£)") for p in total.parts
                   if (p.high is None or p.low != p.high) and p.source]
        if window_unknown:
            missing.append(("proceedings_started", "the day these proceedings were started"))
        facts.detail[("conviction", index, attr)] = Finding("unknown", reasons, [], missing)

    @staticmethod
    def _occasion_missing(case, window) -> list[tuple[str, str]]:
        missing = [] if window else [("proceedings_started",
                                      "the day these proceedings were started")]
        return missing + [(f"previous_convictions[{i}].benefit", "the benefit from that offence")
                          for i, p in enumerate(case.previous_convictions) if p.benefit is None
                          and (window is None or window[0] <= p.convicted_on <= window[1])]

    def _figure(self, index, facts, totals, ruleset) -> dict:
        info = facts.detail[("conviction", index, "@info")]
        relevant = {}
        for attr, total in totals.items():
            rule = ruleset.tested_by[("conviction", attr)]
            relevant[rule.id] = {"label": rule.label, "citation": rule.citation, **total.shown()}
        return {"conviction": index, "offence": info.display,
                "benefit": totals["rb_period"].parts[0].shown()["amount"],
                "committed": facts.shown.get(("conviction", index, "committed_from"), "not known"),
                "period": facts.shown.get(("conviction", index, "period_months"), "not known"),
                "other_offences_with_benefit": facts.shown[("conviction", index,
                                                            "other_benefiting")],
                "relevant_benefit": relevant}

    def _label(self, ruleset, attr: str) -> str:
        rule = ruleset.tested_by.get(("conviction", attr))
        return f"{rule.label} [{rule.citation}]" if rule else attr

    def describe_item(self, case, facts: FactSet, scope: str, item: int | None) -> dict[str, Any]:
        if item is None:
            return {}
        info = facts.detail[("conviction", item, "@info")]
        return {"offence": info.display, "offence_id": info.id}

    def extras(self, case: PocaCase, facts: FactSet, run, ctx: Context) -> dict[str, Any]:
        tests = []
        for nid, node in ctx.ruleset.of_kind("test"):
            for index in facts.items(node.scope):
                info = facts.detail[("conviction", index, "@info")]
                tests.append({"test": node.entry.test, "label": node.entry.label,
                              "citation": node.entry.citation, "conviction": index,
                              "offence": info.display, "outcome": run.value(nid, index)})
        return {"tests": tests, "figures": facts.figures}

