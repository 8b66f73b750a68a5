"""A regime's rule set, validated and compiled once into a durable_rules ruleset."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.digests import sha256
from ..core.errors import RuleFileError
from ..law.lists import ListJudge
from ..law.loader import Catalogues, RegimeFiles
from .compiler.expr import ExprError, InForce, Leaf
from .compiler.nodes import Node, NodeBuilder
from .compiler.patterns import key
from .compiler.schema import LAW, FactSchema
from .compiler.variants import Variant, VariantCompiler
from .host import engine_text

if TYPE_CHECKING:
    from ..law.rulefiles import RuleEntry


@dataclass
class CompiledRuleSet:
    """Everything needed to evaluate a regime's cases: nodes, variants and the durable definition."""

    files: RegimeFiles
    schema: FactSchema
    entries: dict[str, RuleEntry]
    sources: dict[str, str]
    nodes: dict[str, Node]
    variants: dict[str, Variant]
    definition: dict
    judges: dict[str, ListJudge] = field(default_factory=dict)
    engine_name: str = ""
    #: For each ordered fact key (e.g. ``age__lo``), the constants rules compare it with.
    thresholds: dict[str, tuple] = field(default_factory=dict)
    #: Rules whose conclusions other rules use (the others need not be asserted back).
    referenced: frozenset = frozenset()
    #: The named rules (not their parts or versions) of each kind, in rule-file order.
    by_kind: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    #: For each rule, whether it or anything beneath it is unconfirmed or tests a list.
    may_taint: dict[str, bool] = field(default_factory=dict)
    #: What each rule shows in a trace whatever the case: (label, citation, statement,
    #: interpretation, unconfirmed, when unconfirmed).
    headers: dict[str, tuple] = field(default_factory=dict)
    #: For each (fact type, attribute), the first named rule entry that tests it.
    tested_by: dict[tuple[str, str], RuleEntry] = field(default_factory=dict)
    #: ``definition`` as the text the C engine is given (``host.engine_text``), made once
    #: here so a check does not re-encode it (about 10 ms).
    durable_text: str = ""
    #: What traces show that depends only on this rule set (fact-test texts, in-force
    #: labels), worked out once per process by the trace builder; not saved with the rules.
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    #: The regime's case model as plain data (``regimes.plain.spec_of``), so a warm check
    #: reads a plainly valid case without pydantic; None: every case goes to pydantic.
    case_spec: tuple | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "memo": {}}

    @property
    def name(self) -> str:
        return self.files.header.ruleset

    def of_kind(self, kind: str) -> list[tuple[str, Node]]:
        """The named rules of one kind (route, test, obligation, note, consequence...)."""
        return self.by_kind.get(kind, [])

    def qualify(self, rule_id: str) -> str:
        return rule_id if rule_id.startswith(f"{self.name}.") else f"{self.name}.{rule_id}"

    def child_item(self, node, child_id: str, item: int) -> int:
        """The item a part's rule is concluded for: the same item within one item scope,
        else the case (0)."""
        return item if self.nodes[child_id].scope == node.scope and node.scope != "case" else 0

    def fact_index(self, fact_type: str, item: int) -> int:
        """The index of the fact a rule about ``item`` tests: the item's own for a per-item
        fact, else 0."""
        return item if self.schema.types[fact_type].scoped else 0

    def param(self, name: str, day=None):
        """A ruleset parameter's value on ``day`` (raises RuleFileError if the files lack it)."""
        try:
            parameter = self.files.header.parameters[name]
        except KeyError:
            raise RuleFileError(f"rules/{self.name}", f"the parameter '{name}' is required",
                                key=f"parameters.{name}") from None
        return parameter.on(day) if day is not None else parameter.value


def compile_ruleset(files: RegimeFiles, schema: FactSchema, catalogues: Catalogues) -> CompiledRuleSet:
    """Validate references and scopes, build nodes and compile them into durable_rules rules."""
    name = files.header.ruleset
    schema = FactSchema({"law": LAW, **schema.types})
    entries, sources = _index_entries(files, name)
    qualify = lambda rid: rid if rid.startswith(f"{name}.") else f"{name}.{rid}"  # noqa: E731
    constants = {k: p.value for k, p in files.header.parameters.items() if p.values is None}
    builder = NodeBuilder(schema, qualify, constants)
    nodes: dict[str, Node] = {}
    for full_id, entry in entries.items():
        _check_scope(entry, schema, sources[full_id])
        try:
            built = builder.build(entry, full_id)
        except ExprError as exc:
            raise RuleFileError(sources[full_id], exc.problem, entry=entry.id, key=exc.path) from None
        for node in built:
            nodes[node.id] = node
    _check_nodes(nodes, files, schema, sources, qualify)
    compiler = VariantCompiler({nid: n.scope for nid, n in nodes.items()})
    for node in nodes.values():
        compiler.compile_node(node)
    judges = {} if catalogues is None else {
        lname: ListJudge(listing, catalogues.offences, catalogues.drugs, files.drug_sets,
                         catalogues.inchoate)
        for lname, listing in files.lists.items()}
    _check_lists(files, catalogues, judges)
    definition = dict(compiler.rules)
    digest = sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()[:12]
    return CompiledRuleSet(files, schema, entries, sources, nodes, compiler.variants,
                           definition, judges, f"{name}-{digest}", thresholds(nodes),
                           frozenset(c for n in nodes.values() for c in n.children),
                           by_kind(nodes), may_taint(nodes),
                           {nid: header(node, nodes) for nid, node in nodes.items()},
                           tested_by(nodes), engine_text(definition))


def by_kind(nodes: dict[str, Node]) -> dict[str, list[tuple[str, Node]]]:
    found: dict[str, list[tuple[str, Node]]] = {}
    for nid, node in nodes.items():
        if not node.anonymous and node.version is None:
            found.setdefault(node.entry.kind, []).append((nid, node))
    return found


def may_taint(nodes: dict[str, Node]) -> dict[str, bool]:
    """Whether each rule might rest on an unconfirmed reading: it or a rule beneath it is
    unconfirmed, or tests a list or set (whose entries may be)."""
    found: dict[str, bool] = {}

    def visit(nid: str) -> bool:
        if nid not in found:
            node = nodes[nid]
            own = node.entry.unconfirmed or bool(node.version and node.version.unconfirmed) or any(
                isinstance(p, Leaf) and p.attr.startswith(("list:", "set:")) for p in node.parts)
            found[nid] = own or any([visit(c) for c in node.children])
        return found[nid]

    for nid in nodes:
        visit(nid)
    return found


def header(node: Node, nodes: dict[str, Node]) -> tuple:
    """What a rule shows whatever the case: label, citation, statement, reading."""
    entry = node.entry
    label, citation, statement = entry.label, entry.citation, entry.description
    unconfirmed, interpretation = entry.unconfirmed, entry.interpretation
    when = entry.unconfirmed_when
    if node.version is not None:
        citation = node.version.citation or citation
        label = f"{entry.label} ({node.version.source or 'version'} " \
                f"{', '.join(p.label() for p in node.version.in_force)})"
        if node.version.unconfirmed:
            unconfirmed, when = True, "any"
        interpretation = node.version.interpretation or interpretation
    elif node.anonymous:
        if node.is_quantifier:
            label = f"{node.op} {node.quantified.scope}: {nodes[node.children[0]].entry.label}"
        else:
            label = "all of" if node.op == "all" else "any of"
        statement, interpretation, unconfirmed = "", None, False
    return label, citation, statement, interpretation, unconfirmed, when


def tested_by(nodes: dict[str, Node]) -> dict[tuple[str, str], RuleEntry]:
    found: dict[tuple[str, str], RuleEntry] = {}
    for node in nodes.values():
        if not node.anonymous:
            for part in node.parts:
                if isinstance(part, Leaf):
                    found.setdefault((part.fact, part.attr), node.entry)
    return found


def thresholds(nodes: dict[str, Node]) -> dict[str, tuple]:
    """The constants each ordered fact key is compared with anywhere in the network.

    Two cases whose facts fall on the same side of every one of these constants (and agree
    on every other value) make the network fire identically; the run cache relies on it.
    """
    found: dict[str, set] = {}
    for node in nodes.values():
        tests = list(node.parts) + ([node.gate] if node.gate is not None else [])
        for part in tests:
            if isinstance(part, InForce):
                for start, end in part.ranges:
                    found.setdefault("day", set()).update(v for v in (start, end) if v is not None)
            elif isinstance(part, Leaf) and part.kind in ("number", "money", "date"):
                found.setdefault(key(part.attr), set()).add(part.value)
    return {name: tuple(sorted(values)) for name, values in found.items()}


def _index_entries(files: RegimeFiles, name: str) -> tuple[dict, dict]:
    entries: dict[str, RuleEntry] = {}
    sources: dict[str, str] = {}
    for source, entry in files.rules:
        full_id = f"{name}.{entry.id}"
        if full_id in entries:
            raise RuleFileError(source, f"rule id '{entry.id}' is used twice "
                                        f"(also in {sources[full_id]})", entry=entry.id, key="id")
        entries[full_id], sources[full_id] = entry, source
    return entries, sources


def _check_scope(entry: RuleEntry, schema: FactSchema, source: str) -> None:
    if entry.scope != "case" and entry.scope not in schema.scopes():
        raise RuleFileError(source, f"unknown scope '{entry.scope}' (use 'case' or one of "
                                    f"{schema.scopes()})", entry=entry.id, key="scope")


def _check_nodes(nodes, files, schema, sources, qualify) -> None:
    header = files.header
    for node in nodes.values():
        source = sources.get(node.id.split("/")[0].split("@")[0], "rules")
        for part in node.parts:
            _check_part(node, part, nodes, schema, source, files)
    outcome = qualify(header.outcome_rule)
    if outcome not in nodes or nodes[outcome].scope != "case":
        raise RuleFileError(f"rules/{header.ruleset}", f"outcome_rule '{header.outcome_rule}' "
                            "must name a rule of scope 'case'", key="outcome_rule")
    _check_acyclic(nodes, sources)


def _check_part(node, part, nodes, schema, source, files) -> None:
    entry_id = node.entry.id
    if isinstance(part, Leaf):
        fact_type = schema.types[part.fact]
        if fact_type.scoped and part.fact != node.scope:
            raise RuleFileError(source, f"a rule of scope '{node.scope}' cannot test "
                                        f"'{part.fact}' facts", entry=entry_id, key="when")
        if part.attr.startswith("list:") and part.attr[5:] not in files.lists:
            raise RuleFileError(source, f"no list named '{part.attr[5:]}' in this rule set "
                                        f"(known: {sorted(files.lists)})", entry=entry_id,
                                key="when")
        return
    rule = getattr(part, "rule", None)
    if rule is None:
        return
    if rule not in nodes:
        raise RuleFileError(source, f"refers to rule '{rule}', which does not exist",
                            entry=entry_id, key="when")
    child = nodes[rule]
    if node.is_quantifier:
        if child.scope != node.quantified.scope:
            raise RuleFileError(source, f"'{node.op}: {node.quantified.scope}' needs a rule of "
                                        f"that scope; '{rule}' has scope '{child.scope}'",
                                entry=entry_id, key="when")
    elif child.scope not in ("case", node.scope):
        raise RuleFileError(source, f"a rule of scope '{node.scope}' cannot use '{rule}' "
                                    f"(scope '{child.scope}') without 'some' or 'every'",
                            entry=entry_id, key="when")


def _check_acyclic(nodes: dict[str, Node], sources: dict[str, str]) -> None:
    state: dict[str, int] = {}

    def visit(nid: str, path: list[str]) -> None:
        if state.get(nid) == 2:
            return
        if state.get(nid) == 1:
            cycle = " -> ".join(path[path.index(nid):] + [nid])
            raise RuleFileError(sources.get(nid.split("/")[0].split("@")[0], "rules"),
                                f"rules refer to each other in a cycle: {cycle}")
        state[nid] = 1
        for child in nodes[nid].children:
            visit(child, path + [nid])
        state[nid] = 2

    for nid in nodes:
        visit(nid, [])


def _check_lists(files: RegimeFiles, catalogues: Catalogues, judges) -> None:
    if catalogues is None:  # a rule set with no lists (tests)
        return
    for lname, listing in files.lists.items():
        source = f"rules/{files.header.ruleset} list {lname}"
        for group in listing.groups:
            q = group.qualifier
            if q and q.drug_in and q.drug_in not in files.drug_sets:
                raise RuleFileError(source, f"qualifier names drug set '{q.drug_in}', which is "
                                            "not defined", entry=group.id, key="qualifier.drug_in")
            for n, entry in enumerate(group.entries):
                names = [entry.offence] if entry.offence else \
                    ([] if entry.of == "this-list" else list(entry.of))
                for oid in names:
                    if oid not in catalogues.offences.by_id:
                        raise RuleFileError(source, f"offence '{oid}' is not in the offence "
                                                    "catalogue", entry=f"{group.id}.entries[{n}]")
    for dname, dset in files.drug_sets.items():
        for version in dset.versions:
            for drug in version.drugs or []:
                if drug not in catalogues.drugs.by_id:
                    raise RuleFileError(f"rules/{files.header.ruleset} drug set {dname}",
                                        f"drug '{drug}' is not in the drug catalogue")
