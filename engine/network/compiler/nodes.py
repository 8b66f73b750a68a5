"""Normalises rule entries into nodes: flat ``all`` / ``any`` / quantifier propositions.

Every rule becomes one node whose first part is its in-force test; a nested group
becomes an anonymous child node (``<id>/<n>``), a versioned rule becomes ``any``
of its versions (``<id>@<n>``), so each node's parts are leaves or references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .expr import Group, InForce, Leaf, Quantified, Ref, in_force_leaf, parse
from .schema import FactSchema

if TYPE_CHECKING:
    from ...law.rulefiles import RuleEntry, RuleVersion


@dataclass
class Node:
    """A proposition the Rete network concludes once per item of its scope."""

    id: str
    op: str  # all | any | some | every
    parts: list[Any]
    scope: str
    entry: RuleEntry
    anonymous: bool = False
    version: RuleVersion | None = None
    version_index: int | None = None
    quantified: Quantified | None = None
    children: list[str] = field(default_factory=list)
    #: The rule's in-force test: when it fails the node is not met, whatever its parts.
    gate: InForce | None = None

    @property
    def is_quantifier(self) -> bool:
        return self.op in ("some", "every")


class NodeBuilder:
    """Builds the nodes of one rule entry; ``qualify`` turns a local rule id into a full one."""

    def __init__(self, schema: FactSchema, qualify, constants: dict | None = None):
        self.schema = schema
        self.qualify = qualify
        self.constants = constants or {}

    def build(self, entry: RuleEntry, full_id: str) -> list[Node]:
        nodes: list[Node] = []
        if entry.versions:
            refs = []
            for n, version in enumerate(entry.versions, start=1):
                vid = f"{full_id}@{n}"
                body = parse(entry.when, self.schema, {**self.constants, **version.params})
                self._body(nodes, vid, entry, in_force_leaf(version.in_force), body,
                           version=version, version_index=n)
                refs.append(Ref(vid))
            nodes.insert(0, Node(full_id, "any", refs, entry.scope, entry))
        else:
            body = parse(entry.when, self.schema, dict(self.constants))
            self._body(nodes, full_id, entry, in_force_leaf(entry.in_force), body)
        for node in nodes:
            node.children = [p.rule for p in node.parts if isinstance(p, Ref)]
        return nodes

    def _body(self, nodes, node_id, entry, in_force: InForce, body, **extra) -> None:
        if isinstance(body, Quantified) and not body.negated:
            child = self.qualify(body.rule)
            nodes.append(Node(node_id, body.quantifier, [Ref(child)], entry.scope, entry,
                              quantified=body, children=[child], gate=in_force, **extra))
            return
        flat = isinstance(body, Group) and not body.negated
        node = Node(node_id, body.op if flat else "all", [], entry.scope, entry, gate=in_force,
                    **extra)
        nodes.append(node)
        node.parts = [self._part(nodes, node, p) for p in (body.parts if flat else [body])]

    def _part(self, nodes: list[Node], parent: Node, part: Any) -> Any:
        if isinstance(part, Leaf):
            if part.fact == "@scope":
                return Leaf(parent.scope, part.attr, part.kind, part.op, part.value,
                            part.shown, part.negated)
            return part
        if isinstance(part, Ref):
            return Ref(self.qualify(part.rule), part.negated)
        if isinstance(part, Quantified):
            qid = f"{parent.id}/{len(nodes)}"
            child = self.qualify(part.rule)
            nodes.append(Node(qid, part.quantifier, [Ref(child)], "case", parent.entry,
                              anonymous=True, quantified=part, children=[child]))
            return Ref(qid, part.negated)
        if isinstance(part, Group):
            gid = f"{parent.id}/{len(nodes)}"
            group = Node(gid, part.op, [], parent.scope, parent.entry, anonymous=True)
            nodes.append(group)
            group.parts = [self._part(nodes, group, p) for p in part.parts]
            group.children = [p.rule for p in group.parts if isinstance(p, Ref)]
            return Ref(gid, part.negated)
        raise TypeError(f"unexpected condition part {part!r}")
