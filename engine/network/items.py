"""Decide per item, share per item: a case's items are run through the network one at a time,
once per distinct (case part, item part), and the case's own rules are run over the items'
conclusions.

A national export repeats the same offences in many combinations: whole cases rarely repeat,
but (case part, item part) pairs do, so most network runs are saved. Every layer is a run of
the same compiled Rete network:

* an **item run** asserts the case's facts with one item (renumbered 0) and keeps that item's
  conclusions;
* a **fold run** asserts the case's facts and, for each item, the conclusions of its rules
  that case rules read (the ``v`` facts the network asserts for itself in a whole run), so the
  quantifiers and the case rules fire on them as in the whole run. Case rules read items only
  through quantifiers, so the items go in an order of their own conclusions, and cases whose
  items conclude alike share a fold run.

A rule set qualifies only if its per-item rules read no quantifier, directly or through a
case rule (``plan`` checks this on the compiled nodes). PACE does not: whether an offence is
detained for reads whether the person is also held for another offence. Working that case
rule out first and giving it to a second round of offence runs was built and measured
(2 December 2026): PACE's offences are already few kinds, so the item and fold runs of PACE
cases were no fewer than their whole runs up to about 120,000 cases and the batch was slower
at 150,000; it was taken out again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .compiler.expr import Leaf
from .ruleset import CompiledRuleSet
from .runner import Conclusion, RunResult

COUNT, CONCLUSION = "count", "v"

#: run(layer, facts) -> the run (cached by the caller).
Run = Callable[[str, list[dict]], RunResult]


@dataclass(frozen=True)
class Plan:
    """How a rule set is decided per item: its item scope, the item rules that case rules
    read (through quantifiers) and every rule of the item scope."""

    scope: str
    read_by_case: frozenset[str]
    item_rules: frozenset[str]


def plan(ruleset: CompiledRuleSet) -> Plan | None:
    """The plan for deciding ``ruleset`` per item, or None where its rules do not allow it."""
    scopes = ruleset.files.header.scopes
    if len(scopes) != 1:
        return None
    scope, nodes = scopes[0], ruleset.nodes
    memo: dict[str, bool] = {}

    def reads_quantifier(node_id: str) -> bool:
        if node_id not in memo:
            memo[node_id] = True  # a cycle (none expected) counts as reading one
            node = nodes[node_id]
            memo[node_id] = node.is_quantifier or any(map(reads_quantifier, node.children))
        return memo[node_id]

    for node in nodes.values():
        if node.scope not in ("case", scope):
            return None
        if node.scope == scope and reads_quantifier(node.id):
            return None  # an item rule reading other items
        if node.scope == "case" and not node.is_quantifier and (
                any(isinstance(p, Leaf) and ruleset.schema.types[p.fact].scoped
                    for p in node.parts)
                or any(nodes[child].scope != "case" for child in node.children)):
            return None  # a case rule reading an item other than through a quantifier
    read = frozenset(c for node in nodes.values() if node.scope == "case"
                     for c in node.children if nodes[c].scope == scope)
    return Plan(scope, read, frozenset(n for n, node in nodes.items() if node.scope == scope))


def decide(plan: Plan, facts: list[dict], run: Run) -> RunResult | None:
    """The whole case's run, made of item runs and a fold run (None: decide it whole, as a
    case of fewer than two items is). An item run has exactly the facts of a one-item case,
    so it is cached as one (``Engine._layer_run``)."""
    case = [f for f in facts if f["t"] != plan.scope and f["t"] != COUNT]
    found = [f for f in facts if f["t"] == plan.scope]
    if len(found) < 2:
        return None  # a case of one item is its own item run
    item_runs = [run("item", _item_facts(case, item, plan.scope)) for item in found]
    fold = run("fold", _fold_facts(case, plan.scope, item_runs, plan.read_by_case))
    return _combined(item_runs, fold, plan.item_rules.__contains__)


def _item_facts(case: list[dict], item: dict, scope: str) -> list[dict]:
    """An item run's facts: the case's, the item as item 0, one item counted."""
    return [*case, dict(item, i=0), _count(scope, 1)]


def _fold_facts(case: list[dict], scope: str, runs: list[RunResult],
                used: frozenset[str]) -> list[dict]:
    """A fold run's facts: the case's, the items counted, and the conclusions of each item's
    rules in ``used``, the items in an order of those conclusions."""
    vectors = sorted(tuple(sorted((c.node, c.value) for c in run.conclusions.values()
                                  if c.node in used)) for run in runs)
    out = [*case, _count(scope, len(runs))]
    for index, vector in enumerate(vectors):
        out += [{"t": CONCLUSION, "r": node, "k": index, "v": value} for node, value in vector]
    return out


def _count(scope: str, items: int) -> dict:
    return {"t": COUNT, "s": scope, "i": 0, "last": items - 1}


def _combined(runs: list[RunResult], fold: RunResult, in_scope: Callable[[str], bool]
              ) -> RunResult:
    """The whole case's conclusions: each item's own from its item run, the case's from the
    fold run."""
    conclusions: dict[tuple[str, int], Conclusion] = {}
    for index, run in enumerate(runs):
        for c in run.conclusions.values():
            if in_scope(c.node):
                conclusions[(c.node, index)] = Conclusion(c.node, index, c.value, list(c.reasons))
    for slot, conclusion in fold.conclusions.items():
        if not in_scope(conclusion.node):
            conclusions[slot] = conclusion
    return RunResult(conclusions, sum(r.firings for r in runs) + fold.firings)
