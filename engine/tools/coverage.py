"""Which worked cases exercise which rules and list entries.

A rule *decides* in a case when it is on a decisive path of the outcome's reasons, or of an
obligation, note or consequence that applies. A list entry decides when it is the entry that
listed a decisive offence. For every rule the report also says whether some case has it met
and some case has it not met.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..api import Engine
from ..cases import validate_case
from ..decision.trace import TraceBuilder, walk_decisive
from ..regimes.registry import REGIMES
from .worked import case_files, load_worked

DUTY_KINDS = ("obligation", "note", "consequence")


@dataclass
class RuleCoverage:
    rule: str
    citation: str
    kind: str
    decided_in: list[str] = field(default_factory=list)
    met_in: list[str] = field(default_factory=list)
    not_met_in: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    rules: dict[str, RuleCoverage] = field(default_factory=dict)
    entries: dict[str, list[str]] = field(default_factory=dict)  # entry -> cases
    cases: int = 0

    def undecided(self) -> list[str]:
        return [r for r, c in self.rules.items() if not c.decided_in]

    def uncovered_entries(self) -> list[str]:
        return [e for e, cases in self.entries.items() if not cases]


def named(ruleset, node_id: str) -> str:
    """The rule entry a node belongs to (anonymous parts and versions belong to their rule)."""
    return ruleset.qualify(ruleset.nodes[node_id].entry.id)


def measure(engine: Engine, paths) -> Coverage:
    coverage = Coverage()
    for name in REGIMES:
        ruleset = engine.ruleset(name)
        for rule_id, entry in ruleset.entries.items():
            coverage.rules[rule_id] = RuleCoverage(rule_id, entry.citation, entry.kind)
        for judge in ruleset.judges.values():
            for group in judge.listing.groups:
                for item in group.entries:
                    coverage.entries.setdefault(judge.entry_key(group, item), [])
    for path in case_files(paths):
        for raw in load_worked(path):
            regime, case = validate_case(raw)
            evaluation = engine.under(case.assume).evaluate(regime, case, raw.where)
            coverage.cases += 1
            _record(coverage, evaluation, case.id)
    return coverage


def _record(coverage: Coverage, evaluation, case_id: str) -> None:
    ruleset, run = evaluation.ruleset, evaluation.run
    builder = TraceBuilder(ruleset, run, evaluation.facts)
    traces = [evaluation.decision.trace]
    for kind in DUTY_KINDS:
        for node_id, node in ruleset.of_kind(kind):
            for key in evaluation.facts.items(node.scope):
                if run.value(node_id, key) == "met":
                    traces.append(builder.build(node_id, key))
    decided = set()
    for trace in traces:
        for node in walk_decisive(trace):
            decided.add(named(ruleset, node.rule))
            for entry in node.entries:
                coverage.entries.setdefault(entry, [])
                if case_id not in coverage.entries[entry]:
                    coverage.entries[entry].append(case_id)
    values = defaultdict(set)
    for (node_id, _), conclusion in run.conclusions.items():
        values[named(ruleset, node_id)].add(conclusion.value)
    for rule_id, seen in values.items():
        report = coverage.rules[rule_id]
        if "met" in seen:
            report.met_in.append(case_id)
        if "not_met" in seen:
            report.not_met_in.append(case_id)
    for rule_id in decided:
        coverage.rules[rule_id].decided_in.append(case_id)
