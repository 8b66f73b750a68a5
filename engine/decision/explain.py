"""Reads a decision's parts off the conclusions and traces: routes, obligations,
missing facts and the unconfirmed readings a decision depends on."""

from __future__ import annotations

from ..network.facts import FactSet
from ..network.ruleset import CompiledRuleSet
from ..network.runner import RunResult
from .model import Caveat, Missing, Obligation, Route, TraceNode
from .trace import TraceBuilder, walk_decisive


def missing_facts(trace: TraceNode) -> list[Missing]:
    """The facts that would decide an unknown finding, each once, with the rules needing it."""
    found: dict[str, Missing] = {}
    for node in walk_decisive(trace):
        for missing in node.missing:
            entry = found.setdefault(missing.fact, Missing(fact=missing.fact, ask=missing.ask))
            if node.rule not in entry.needed_for:
                entry.needed_for.append(node.rule)
    return list(found.values())


def unconfirmed_readings(traces: list[TraceNode]) -> list[Caveat]:
    """Unconfirmed rules or list entries on any decisive path."""
    caveats: dict[str, Caveat] = {}
    for trace in traces:
        for node in walk_decisive(trace):
            if node.unconfirmed and node.rule not in caveats:
                text = node.interpretation or "the reading of this provision is not confirmed"
                if node.reasons and not node.interpretation:
                    text = "; ".join(node.reasons)
                caveats[node.rule] = Caveat(rule=node.rule, citation=node.citation, text=text)
    return list(caveats.values())


def routes(ruleset: CompiledRuleSet, run: RunResult, facts: FactSet, describe) -> tuple[list, list]:
    """Routes (rules of kind 'route') that are met, and those still open (unknown)."""
    met, open_ = [], []
    for nid, node in ruleset.of_kind("route"):
        for key in facts.items(node.scope):
            value = run.value(nid, key)
            if value not in ("met", "unknown"):
                continue
            item = key if node.scope != "case" else None
            route = Route(route=node.entry.route, rule=nid, citation=node.entry.citation,
                          label=node.entry.label, item=item, **describe(node.scope, item))
            (met if value == "met" else open_).append(route)
    return met, open_


def duties(builder: TraceBuilder, kind: str) -> list[Obligation]:
    """Obligations (or notes) whose conditions are met ('applies') or unknown ('may_apply')."""
    ruleset, run, facts = builder.ruleset, builder.run, builder.facts
    found = []
    for nid, node in ruleset.of_kind(kind):
        for key in facts.items(node.scope):
            value = run.value(nid, key)
            if value not in ("met", "unknown"):
                continue
            missing = [m.fact for m in missing_facts(builder.build(nid, key))] \
                if value == "unknown" else []
            found.append(Obligation(
                rule=nid, citation=node.entry.citation, label=node.entry.label,
                text=node.entry.description, status="applies" if value == "met" else "may_apply",
                stage=node.entry.stage, item=key if node.scope != "case" else None,
                missing=missing))
    return found
