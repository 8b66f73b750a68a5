"""Builds the decision trace from the network's conclusions: one node per rule and item.

A part of a rule is *decisive* when the firing that concluded the rule relied on it
(every part for "all met" or "any not met"; the failing or unknown part otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..network.compiler.expr import InForce, Leaf
from ..network.compiler.nodes import Node
from ..network.compiler.variants import GATE
from ..network.facts import FactSet
from ..network.ruleset import CompiledRuleSet
from ..network.runner import RunResult
from .model import FactUsed, Missing, TraceNode
from .trace_templates import (
    ASK,
    DETAIL,
    ENTRIES,
    UNKNOWN_VALUE,
    Template,
    TraceTemplates,
    fill,
    shape_of,
)


@dataclass
class PartView:
    """One part of a rule as shown in the trace: a fact it tested, or a rule beneath it."""

    leaf: Leaf | None = None
    used: FactUsed | None = None
    detail: object = None
    child: TraceNode | None = None
    slot: tuple | None = None  # the (type, item, attribute) of the fact tested

    @property
    def decisive(self) -> bool:
        return self.child.decisive if self.child is not None else self.used.decisive

    def tainted(self) -> bool:
        """Whether this part rests on an unconfirmed reading."""
        if self.child is not None:
            return any(n.unconfirmed for n in walk_decisive(self.child))
        return bool(getattr(self.detail, "unconfirmed", False))

    def undecide(self) -> None:
        if self.child is not None:
            _undecide(self.child)
        else:
            self.used.decisive = False


def walk_decisive(trace: TraceNode) -> Iterator[TraceNode]:
    """Every node on a decisive path from ``trace`` down."""
    if trace.decisive:
        yield trace
        for child in trace.children:
            yield from walk_decisive(child)


def _undecide(trace: TraceNode) -> None:
    """Show a part that turned out not to decide by its finding alone."""
    trace.decisive = False
    trace.missing, trace.facts, trace.children, trace.reasons = [], [], [], []


#: In-force labels kept per rule set, by (id of the period part, day); bounded (a day's
#: labels are few). Parts are named by id: the rule set holding the memo holds them too.
_IN_FORCE_SIZE = 65536


class TraceBuilder:
    def __init__(self, ruleset: CompiledRuleSet, run: RunResult, facts: FactSet,
                 templates: TraceTemplates | None = None):
        self.ruleset, self.run, self.facts = ruleset, run, facts
        self._day = facts.day.toordinal()
        shape = getattr(run, "shape", None)
        self.templates = templates if shape is not None else None
        self._shape = shape_of(shape, facts.detail) if self.templates is not None else None
        #: While a template is recorded: each node's value sources, by id (nodes kept alive).
        self._ops: dict[int, list] | None = None
        self._slots: dict[int, tuple] = {}
        self._alive: list = []
        #: {(id of a leaf, item): (the leaf, fact name, source field, test)} and in-force
        #: labels, kept between cases on the rule set (``CompiledRuleSet.memo``); each entry
        #: holds its leaf or part, so an id is never another object's.
        self._leaf_texts = ruleset.memo.setdefault("leaf texts", {})
        self._in_force_labels = ruleset.memo.setdefault("in force", {})

    def build(self, node_id: str, key: int = 0, decisive: bool = True) -> TraceNode:
        """The trace of one rule for one item: from a template of the same shape where one is
        kept, else built (and kept as a template)."""
        if self.templates is None:
            return self._build(node_id, key, decisive)
        slot = (self._shape, node_id, key, decisive)
        template = self.templates.get(slot)
        if template is not None:
            return fill(template, self.facts.shown, self.facts.detail, self._in_force)
        if not self.templates.wanted(slot):
            return self._build(node_id, key, decisive)
        self._ops, self._slots, self._alive = {}, {}, []
        try:
            trace = self._build(node_id, key, decisive)
            self.templates.put(slot, self._template(trace))
        finally:
            self._ops, self._slots, self._alive = None, {}, []
        return trace  # shared with the template: trace nodes are not changed once built

    def _template(self, trace: TraceNode) -> Template:
        gate = self.ruleset.nodes[trace.rule].gate if trace.in_force is not None else None
        return Template(trace, gate, [(f, self._slots[id(f)]) for f in trace.facts],
                        self._ops.get(id(trace), []),
                        [self._template(child) for child in trace.children])

    def _build(self, node_id: str, key: int = 0, decisive: bool = True) -> TraceNode:
        node = self.ruleset.nodes[node_id]
        conclusion = self.run.conclusions.get((node_id, key))
        outcome = conclusion.value if conclusion else "unknown"
        trace = self._header(node, key, outcome, decisive)
        gated = conclusion is not None and GATE in conclusion.reasons
        if node.gate is not None:
            trace.in_force = self._in_force(node.gate)
        if gated:
            trace.unconfirmed = False  # a rule not in force that day rests on no reading
        if not decisive:
            return trace  # a part that decided nothing is shown by its finding alone
        if node.is_quantifier:
            trace.children = self._quantified(node, outcome, decisive and not gated)
            return trace
        chosen = self._decisive_parts(node, conclusion)
        alternatives = outcome != "unknown" and self._alternatives(conclusion) and len(chosen) > 1
        if alternatives:
            chosen, alternatives = self._prefer(node, key, chosen)
        views = [self._view(node, key, part, decisive and index in chosen)
                 for index, part in enumerate(node.parts)]
        if alternatives:
            self._keep_one([v for v in views if v.decisive])
        for view in views:
            self._attach(trace, view)
        return trace

    @staticmethod
    def _alternatives(conclusion) -> bool:
        """Whether any one of the deciding parts would do (any met, or all not met)."""
        if conclusion is None:
            return False
        reasons = set(conclusion.reasons)
        return None not in reasons and GATE not in reasons

    def _prefer(self, node: Node, key: int, chosen: set[int]) -> tuple[set[int], bool]:
        """Of several parts that each decide, pick one without building them all: a fact test
        resting on no unconfirmed reading, else a rule that cannot rest on one. Only when every
        part might rest on one are they all built, to find out (``True``: still to choose)."""
        def plain(index: int) -> tuple[int, int] | None:
            part = node.parts[index]
            if isinstance(part, Leaf):
                detail = self.facts.detail.get((part.fact, self._key(part.fact, key), part.attr))
                return None if getattr(detail, "unconfirmed", False) else (0, index)
            return None if self.ruleset.may_taint[part.rule] else (1, index)

        ranked = sorted(r for r in map(plain, chosen) if r is not None)
        if ranked:
            return {ranked[0][1]}, False
        return chosen, True

    def _keep_one(self, candidates: list[PartView]) -> None:
        """Of several parts that each decide, keep one: a confirmed one, a plain fact first."""
        if len(candidates) < 2:
            return
        keep = min(candidates, key=lambda v: (v.tainted(), v.child is not None))
        for view in candidates:
            if view is not keep:
                view.undecide()
                if self._ops is not None and view.child is not None:  # its entries stay
                    ops = self._ops.get(id(view.child), [])
                    self._ops[id(view.child)] = [(ENTRIES, s) for op, s in ops if op == DETAIL]

    def _view(self, node: Node, key: int, part, decisive: bool) -> PartView:
        if isinstance(part, Leaf):
            used = self._fact(node, key, part, decisive)
            slot = (part.fact, self._key(part.fact, key), part.attr)
            if self._ops is not None:
                self._slots[id(used)] = slot
                self._alive.append(used)
            return PartView(leaf=part, used=used, detail=self.facts.detail.get(slot), slot=slot)
        child_key = self.ruleset.child_item(node, part.rule, key)
        return PartView(child=self._build(part.rule, child_key, decisive))

    def _attach(self, trace: TraceNode, view: PartView) -> None:
        if view.child is not None:
            trace.children.append(view.child)
            return
        trace.facts.append(view.used)
        if not view.used.decisive:
            return
        if view.detail is not None:
            trace.reasons += view.detail.reasons
            trace.unconfirmed = trace.unconfirmed or view.detail.unconfirmed
            trace.entries += getattr(view.detail, "entries", [])
        if trace.outcome == "unknown":
            missing = self._missing(view.leaf, view.used, view.detail)
            trace.missing += missing
        if self._ops is not None:
            ops = self._ops.setdefault(id(trace), [])
            if view.detail is not None:
                ops.append((DETAIL, view.slot))
            elif trace.outcome == "unknown":
                ops += [(ASK, m) for m in missing]

    def _header(self, node: Node, key: int, outcome: str, decisive: bool) -> TraceNode:
        label, citation, statement, interpretation, unconfirmed, when = self.ruleset.headers[node.id]
        item = key if node.scope != "case" else None
        trace = TraceNode(rule=node.id, label=label, citation=citation, statement=statement,
                         outcome=outcome, url=node.entry.url, item=item,
                         scope=node.scope if item is not None else None, decisive=decisive,
                         interpretation=interpretation,
                         unconfirmed=unconfirmed and when in ("any", outcome))
        if self._ops is not None:
            self._alive.append(trace)
        return trace

    @staticmethod
    def _decisive_parts(node: Node, conclusion) -> set[int]:
        if conclusion is None:
            return set(range(len(node.parts)))
        reasons = set(conclusion.reasons)
        if GATE in reasons:
            return set()
        return set(range(len(node.parts))) if None in reasons else reasons

    def _in_force(self, part: InForce) -> str:
        slot = (id(part), self._day)
        labels = self._in_force_labels
        found = labels.get(slot)
        if found is None or found[0] is not part:  # (a part not of the rule set: not reused)
            if len(labels) >= _IN_FORCE_SIZE:
                labels.clear()
            found = labels[slot] = (part, self._in_force_label(part))
        return found[1]

    def _in_force_label(self, part: InForce) -> str:
        label = part.period_on(self.facts.day)
        if label is not None:
            return label
        return f"not in force on {self.facts.day} (in force {', '.join(part.labels)})"

    def _key(self, fact_type: str, key: int) -> int:
        return self.ruleset.fact_index(fact_type, key)

    def _fact(self, node: Node, key: int, leaf: Leaf, decisive: bool) -> FactUsed:
        index = self._key(leaf.fact, key)
        shown = self.facts.shown.get((leaf.fact, index, leaf.attr), UNKNOWN_VALUE)
        text = self._leaf_texts.get((id(leaf), index))
        if text is None or text[0] is not leaf:
            text = self._leaf_texts[(id(leaf), index)] = (leaf, *self._leaf_text(leaf, index))
        return FactUsed(text[1], shown, text[2], text[3], decisive)

    def _leaf_text(self, leaf: Leaf, index: int) -> tuple[str, str, str]:
        """A fact test's name, source field and test as shown for item ``index``."""
        kind = self.ruleset.schema.types[leaf.fact]
        attr = kind.attrs.get(leaf.attr)
        source = attr.source.format(i=index) if attr else leaf.attr
        name = f"{leaf.fact}[{index}].{leaf.attr}" if index or kind.scoped \
            else f"{leaf.fact}.{leaf.attr}"
        if leaf.attr.startswith("list:"):
            name = f"{leaf.fact}[{index}] in {leaf.attr[5:]}"
        return name, source, leaf.describe()

    def _missing(self, leaf: Leaf, used: FactUsed, detail) -> list[Missing]:
        """What to find out for a decisive leaf of an unknown finding (it is itself unknown)."""
        if detail is not None:
            return [Missing(fact=path, ask=ask) for path, ask in detail.missing]
        attr = self.ruleset.schema.types[leaf.fact].attrs.get(leaf.attr)
        return [Missing(fact=used.source, ask=attr.ask if attr else leaf.attr)]

    def _quantified(self, node: Node, outcome: str, decisive: bool) -> list[TraceNode]:
        child_id = node.children[0]
        count = self.facts.counts.get(node.quantified.scope, 0)
        children = []
        for index in range(count):
            value = self.run.value(child_id, index)
            relevant = outcome == "not_met" if node.op == "some" else outcome == "met"
            relevant = relevant or value == outcome
            children.append(self._build(child_id, index, decisive and relevant))
        return children
