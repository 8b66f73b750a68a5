"""Assembles a Decision from a run: outcome, trace, routes, obligations, missing facts, caveats."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..network.facts import FactSet
from ..network.runner import RunResult
from ..regimes.base import Context, Regime
from .explain import duties, missing_facts, routes, unconfirmed_readings
from .model import Decision, LawAt
from .trace import TraceBuilder
from .trace_templates import TraceTemplates


def compose_decision(regime: Regime, case: Any, ctx: Context, facts: FactSet, run: RunResult,
                     moment: dt.datetime, version: str, input_hash: str,
                     templates: TraceTemplates | None = None) -> Decision:
    ruleset = ctx.ruleset
    header = ruleset.files.header
    builder = TraceBuilder(ruleset, run, facts, templates)
    root = builder.build(ruleset.qualify(header.outcome_rule))
    outcome = header.outcomes[root.outcome]
    if header.gate_rule:
        gate = builder.build(ruleset.qualify(header.gate_rule))
        if gate.outcome == "not_met":
            root, outcome = gate, header.gate_outcome
    met, open_ = routes(ruleset, run, facts, lambda scope, item: regime.describe_item(
        case, facts, scope, item))
    definite = outcome in (header.outcomes["not_met"], header.gate_outcome)
    obligations = [o for o in duties(builder, "obligation")
                   if o.status == "applies" or not definite]
    notes = [n for n in duties(builder, "note") if n.status == "applies" or not definite]
    extras = regime.extras(case, facts, run, ctx)
    extras["consequences"] = [{"rule": c.rule, "label": c.label, "citation": c.citation,
                               "text": c.text, "status": c.status}
                              for c in duties(builder, "consequence")
                              if c.status == "applies"]
    return Decision(
        id=case.id, regime=regime.name, title=getattr(case, "title", None), outcome=outcome,
        summary=_summary(header.summaries.get(outcome, outcome), met, extras),
        routes=met, open_routes=open_ if outcome != header.outcomes["met"] else [],
        obligations=obligations, notes=notes,
        missing=missing_facts(root) if root.outcome == "unknown" else [],
        unconfirmed=unconfirmed_readings([root]),
        trace=root, law_at=_law_at(moment, facts, header, ruleset.files.scenario), rules_version=version,
        input_hash=input_hash, **extras)


def _summary(sentence: str, met: list, extras: dict) -> str:
    if not met:
        return sentence
    shown = "; ".join(f"{r.label}" + (f" ({r.offence})" if r.offence else "") for r in met)
    return f"{sentence}: {shown}"


def _law_at(moment: dt.datetime, facts: FactSet, header, scenario=None) -> LawAt:
    caveats = []
    if scenario is not None:
        caveats.append(f"Decided under the law scenario '{scenario.id}' ({scenario.title}), "
                       "not the law in force: it assumes commencement days that have not been "
                       "made.")
    if facts.day > header.checked_to:
        caveats.append(f"The rule set has been checked against the legislation up to "
                       f"{header.checked_to}; this decision is for {facts.day}. "
                       f"{header.checked_note}")
    return LawAt(date=str(facts.day), moment=moment.isoformat(timespec="minutes"),
                 checked_to=str(header.checked_to), caveats=caveats,
                 scenario=scenario.shown() if scenario is not None else None)
