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

Where per-item rules read a case rule that reads a quantifier (PACE: whether the person is
also held for another offence), that case rule is *given*: a first round of item runs and a
fold over the items' rules that read no quantifier give its value, and the second round of
item runs takes it as given (its own firings in a one-item run are ignored). ``plan`` checks on
the compiled nodes that a rule set fits this shape and otherwise declines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .compiler.expr import Leaf
from .ruleset import CompiledRuleSet
from .runner import Conclusion, RunResult

COUNT, CONCLUSION = "count", "v"

#: run(layer, facts, given) -> the run (cached by the caller).
Run = Callable[[str, list[dict], dict[str, str] | None], RunResult]


@dataclass(frozen=True)
class Plan:
    """How a rule set is decided per item."""

    scope: str
    #: Case rules that per-item rules read and that read a quantifier: given to item runs.
    given: frozenset[str]
    #: Item rules that case rules read, and those of them the given rules rest on.
    read_by_case: frozenset[str]
    read_by_given: frozenset[str]
    #: The rules of the item scope.
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

    given: set[str] = set()
    for node in nodes.values():
        if node.scope not in ("case", scope):
            return None
        if node.scope == "case" and not node.is_quantifier and (
                any(isinstance(p, Leaf) and ruleset.schema.types[p.fact].scoped
                    for p in node.parts)
                or any(nodes[child].scope != "case" for child in node.children)):
            return None  # a case rule reading an item other than through a quantifier
        if node.scope == scope:
            given |= {c for c in node.children if nodes[c].scope == "case" and reads_quantifier(c)}
    beneath = _beneath(nodes, given)
    if any(nodes[n].scope == scope and reads_quantifier(n) for n in beneath):
        return None  # a given rule resting on items that themselves read one: not supported
    read = frozenset(c for node in nodes.values() if node.scope == "case"
                     for c in node.children if nodes[c].scope == scope)
    return Plan(scope, frozenset(given), read, frozenset(n for n in read if n in beneath),
                frozenset(n for n, node in nodes.items() if node.scope == scope))


def _beneath(nodes: dict, roots: set[str]) -> set[str]:
    """Every rule the ``roots`` rest on, themselves included."""
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack += nodes[node].children
    return seen


def decide(plan: Plan, facts: list[dict], run: Run) -> RunResult | None:
    """The whole case's run, made of item and fold runs (None: decide it whole, as a case of
    fewer than two items is). An item run without given rules has exactly the facts of a
    one-item case, so it is cached as one (``Engine._layer_run``)."""
    case = [f for f in facts if f["t"] != plan.scope and f["t"] != COUNT]
    found = [f for f in facts if f["t"] == plan.scope]
    if len(found) < 2:
        return None  # a case of one item is its own item run
    given: dict[str, str] | None = None
    if plan.given:
        first = [run("item", _item_facts(case, item, plan.scope), None) for item in found]
        fold = run("given", _fold_facts(case, plan.scope, first, plan.read_by_given), None)
        given = {node: fold.value(node) for node in sorted(plan.given)}
        if None in given.values():
            return None  # a given rule not concluded: decide the case whole
    item_runs = [run("item", _item_facts(case, item, plan.scope, given), given)
                 for item in found]
    fold = run("fold", _fold_facts(case, plan.scope, item_runs, plan.read_by_case), None)
    return _combined(item_runs, fold, plan.item_rules.__contains__)


def _item_facts(case: list[dict], item: dict, scope: str,
                given: dict[str, str] | None = None) -> list[dict]:
    """An item run's facts: the case's, the item as item 0, one item counted, and the given
    case rules' conclusions."""
    out = [*case, dict(item, i=0), _count(scope, 1)]
    out += [{"t": CONCLUSION, "r": node, "k": 0, "v": value}
            for node, value in (given or {}).items()]
    return out


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
