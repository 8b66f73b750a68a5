"""Turns nodes into durable_rules rules: one rule per way a node can come out.

For ``all`` of parts P1..Pn (``any`` is the mirror image):

* met            when every part is met;
* not met @i     when part i is not met (one rule per part, so every failing part fires);
* unknown @i     when part i is unknown and no part is not met.

The first firing concludes the node for that item; later firings only add reasons.
Quantifiers (``some`` / ``every`` item of a scope) fold over the items in index order
(acc(0) = child(0); acc(i+1) = acc(i) or/and child(i+1); result = acc(last)).
Each accumulator fact carries ``next`` = i + 1, the item it is joined with.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count

from .expr import InForce, Ref
from .nodes import Node
from .patterns import STATES, combine, either, in_force_states, leaf_states, value_state

#: The ``reason`` of a variant that fired because the rule was not in force.
GATE = -1

MET_OR_UNKNOWN = ("met", "unknown")
NOT_MET_OR_UNKNOWN = ("not_met", "unknown")


@dataclass(frozen=True)
class Variant:
    """What one compiled rule concludes when it fires."""

    name: str
    node: str
    outcome: str
    reason: int | None  # index of the deciding part, None when all parts decided together
    emits: str  # value | acc | final
    anchor: str | None  # alias whose 'i' is the item key (value rules of scoped nodes)


class VariantCompiler:
    """Accumulates durable_rules rule definitions and their Variant metadata."""

    def __init__(self, node_scopes: dict[str, str]):
        self.node_scopes = node_scopes
        self.rules: dict[str, dict] = {}
        self.variants: dict[str, Variant] = {}
        self._serial = count()

    # ------------------------------------------------------------ plain nodes

    def compile_node(self, node: Node) -> None:
        if node.is_quantifier:
            self._quantifier(node)
            return
        n = len(node.parts)
        strong, weak = ("met", "not_met") if node.op == "all" else ("not_met", "met")
        others = MET_OR_UNKNOWN if node.op == "all" else NOT_MET_OR_UNKNOWN
        if node.gate is not None:
            self._emit(node, "not_met", GATE, {}, gate="not_met")
        # All parts agree: met for all, not met for any.
        self._emit(node, strong, None, {i: (strong,) for i in range(n)})
        for i in range(n):
            self._emit(node, weak, i, {i: (weak,)})
            states = {j: others for j in range(n)}
            states[i] = ("unknown",)
            self._emit(node, "unknown", i, states)

    def _emit(self, node: Node, outcome: str, reason: int | None, states: dict[int, tuple],
              gate: str = "met") -> None:
        patterns = self._patterns(node, states, gate)
        if patterns is None:
            return
        name = f"{node.id}#{outcome}#{next(self._serial)}"
        anchor = node.scope if node.scope != "case" else None
        self.rules[name] = {"all": patterns, "run": name}
        self.variants[name] = Variant(name, node.id, outcome, reason, "value", anchor)

    def _patterns(self, node: Node, states: dict[int, tuple], gate: str) -> list[dict] | None:
        facts: dict[str, list[dict]] = {}
        if node.scope != "case":
            facts[node.scope] = []
        if node.gate is not None:
            expression = in_force_states(node.gate)[gate]
            if expression is None:
                return None
            facts["law"] = [expression]
        refs: dict[str, list[dict]] = {}  # one alias per child rule: a fact matches once
        for index, wanted in states.items():
            part = node.parts[index]
            if isinstance(part, Ref):
                refs.setdefault(part.rule, []).append(value_state(wanted, part.negated))
                continue
            fact = "law" if isinstance(part, InForce) else part.fact
            table = in_force_states(part) if isinstance(part, InForce) else leaf_states(part)
            expression = either(*(table[s] for s in wanted))
            if expression is None:
                return None
            facts.setdefault(fact, []).append(expression)
        patterns = [{alias: combine({"t": alias}, *exprs)} for alias, exprs in facts.items()]
        aliases = {rule: f"r{n}" for n, rule in enumerate(sorted(refs))}
        return patterns + [{aliases[rule]: self._ref_pattern(node, rule, exprs)}
                           for rule, exprs in sorted(refs.items())]

    def _ref_pattern(self, node: Node, rule: str, constraints: list[dict]) -> dict:
        child_scope = self.node_scopes[rule]
        join = {"k": {node.scope: "i"}} if child_scope != "case" else {"k": 0}
        # Order matters to durable_rules: the rule id straight after the type keeps the alpha
        # network's fan-out small (it has a fixed-size stack, ERR_MAX_STACK_SIZE), and a join
        # that follows an "$or" in the same "$and" is dropped, so the join comes before values.
        return combine({"t": "v"}, {"r": rule}, join, *constraints)

    # ------------------------------------------------------------ quantifiers

    def _quantifier(self, node: Node) -> None:
        child = node.parts[0].rule
        scope = node.quantified.scope
        fold = "any" if node.op == "some" else "all"
        for s in STATES:
            self._add(f"{node.id}#first#{s}", node, s, "acc", [
                {"c": {"$and": [{"t": "v"}, {"r": child}, {"k": 0}, {"v": s}]}},
            ], anchor="c")
            self._add(f"{node.id}#final#{s}", node, s, "final", [
                {"n": {"$and": [{"t": "count"}, {"s": scope}]}},
                {"a": {"$and": [{"t": "acc"}, {"q": node.id}, {"i": {"n": "last"}}, {"v": s}]}},
            ])
        empty = "not_met" if node.op == "some" else "met"
        self._add(f"{node.id}#empty", node, empty, "final", [
            {"n": {"$and": [{"t": "count"}, {"s": scope}, {"last": -1}]}},
        ])
        if node.gate is not None:
            self._gate_quantifier(node)
        strong, weak = ("met", "not_met") if fold == "all" else ("not_met", "met")
        others = MET_OR_UNKNOWN if fold == "all" else NOT_MET_OR_UNKNOWN
        self._step(node, child, strong, {0: (strong,), 1: (strong,)})
        for i in (0, 1):
            self._step(node, child, weak, {i: (weak,), 1 - i: STATES})
            unknown = {i: ("unknown",), 1 - i: others}
            self._step(node, child, "unknown", unknown)

    def _gate_quantifier(self, node: Node) -> None:
        """Only conclude while in force; when not in force, the node is not met."""
        met = in_force_states(node.gate)["met"]
        for name, rule in self.rules.items():
            variant = self.variants[name]
            if variant.node == node.id and variant.emits == "final":
                rule["all"].insert(0, {"law": combine({"t": "law"}, met)})
        not_met = in_force_states(node.gate)["not_met"]
        if not_met is not None:
            self._add(f"{node.id}#gate", node, "not_met", "final",
                      [{"law": combine({"t": "law"}, not_met)}], reason=GATE)

    def _step(self, node: Node, child: str, outcome: str, states: dict[int, tuple]) -> None:
        acc = {"$and": [{"t": "acc"}, {"q": node.id}, value_state(states[0], False)]}
        # durable_rules does not enforce arithmetic joins ({"$add": ...}) reliably, so each
        # accumulator carries the index of the item it waits for ("next").
        nxt = {"$and": [{"t": "v"}, {"r": child}, {"k": {"a": "next"}},
                        value_state(states[1], False)]}
        name = f"{node.id}#step#{outcome}#{next(self._serial)}"
        self._add(name, node, outcome, "acc", [{"a": acc}, {"c": nxt}], anchor="c")

    def _add(self, name: str, node: Node, outcome: str, emits: str, patterns: list,
             anchor: str | None = None, reason: int | None = None) -> None:
        self.rules[name] = {"all": patterns, "run": name}
        self.variants[name] = Variant(name, node.id, outcome, reason, emits, anchor)
