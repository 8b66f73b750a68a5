"""Decide per item, share per item: a rule set whose per-item rules read nothing of the other
items is run once per distinct (case part, item part), and the case's own rules are run over
those items' conclusions.

A national export repeats the same offences of conviction in many combinations: whole cases
rarely repeat, but (case part, item part) pairs do, so most network runs are saved. Both layers
are runs of the same compiled Rete network:

* an **item run** asserts the case's facts with one item (renumbered 0) and keeps that item's
  conclusions, which for such a rule set are exactly those of the whole case's run;
* the **fold run** asserts the case's facts and, for each item, the conclusions of its rules
  that case rules use (the ``v`` facts the network asserts for itself in a whole run), so the
  quantifiers and the case rules fire on them as they would in the whole run.

``item_scope`` says whether a rule set qualifies (checked on its compiled nodes, never
assumed): its per-item rules read no quantifier and no case rule that reads one, and its
case rules read an item's facts or rules only through a quantifier. PACE does not (a route
for one offence reads whether another offence was charged); POCA does.
"""

from __future__ import annotations

from collections.abc import Callable

from .compiler.expr import Leaf
from .ruleset import CompiledRuleSet
from .runner import Conclusion, RunResult

COUNT, CONCLUSION = "count", "v"


def item_scope(ruleset: CompiledRuleSet) -> str | None:
    """The item scope whose items can be decided one at a time, or None."""
    scopes = ruleset.files.header.scopes
    if len(scopes) != 1:
        return None
    scope = scopes[0]
    nodes = ruleset.nodes
    quantified: dict[str, bool] = {}

    def reads_quantifier(node_id: str) -> bool:
        if node_id not in quantified:
            quantified[node_id] = True  # a cycle (none expected) counts as reading one
            node = nodes[node_id]
            quantified[node_id] = node.is_quantifier or any(
                reads_quantifier(child) for child in node.children)
        return quantified[node_id]

    for node in nodes.values():
        if node.scope == scope and reads_quantifier(node.id):
            return None
        if node.scope == "case" and not node.is_quantifier:
            for part in node.parts:
                if isinstance(part, Leaf) and ruleset.schema.types[part.fact].scoped:
                    return None
            if any(nodes[child].scope != "case" for child in node.children):
                return None
        if node.scope not in ("case", scope):
            return None
    return scope


def split(facts: list[dict], scope: str) -> tuple[list[dict], list[dict]]:
    """The case's own facts (no item, no count of items) and the items' facts."""
    case = [f for f in facts if f["t"] != scope and f["t"] != COUNT]
    items = [f for f in facts if f["t"] == scope]
    return case, items


def count_fact(scope: str, items: int) -> dict:
    return {"t": COUNT, "s": scope, "i": 0, "last": items - 1}


def item_facts(case: list[dict], item: dict, scope: str) -> list[dict]:
    """The facts of an item run: the case's, the item as item 0, one item counted."""
    return [*case, dict(item, i=0), count_fact(scope, 1)]


def fold_facts(case: list[dict], scope: str, runs: list[RunResult],
               used: Callable[[str], bool]) -> list[dict]:
    """The facts of the fold run: the case's, the items counted, and the conclusions of each
    item's rules that case rules read (``used``). The items go in an order of their own
    conclusions: case rules read items only through quantifiers, so their order does not
    matter, and cases whose items conclude alike share a fold run."""
    vectors = sorted(tuple(sorted((c.node, c.value) for c in run.conclusions.values()
                                  if used(c.node))) for run in runs)
    out = [*case, count_fact(scope, len(runs))]
    for index, vector in enumerate(vectors):
        out += [{"t": CONCLUSION, "r": node, "k": index, "v": value} for node, value in vector]
    return out


def read_by_case(ruleset: CompiledRuleSet, scope: str) -> frozenset[str]:
    """The rules of ``scope`` that case rules read (the children of the quantifiers)."""
    nodes = ruleset.nodes
    return frozenset(child for node in nodes.values() if node.scope == "case"
                     for child in node.children if nodes[child].scope == scope)


def combined(runs: list[RunResult], fold: RunResult, in_scope: Callable[[str], bool]
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
