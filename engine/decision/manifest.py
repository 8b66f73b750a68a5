"""The rules manifest: what every decision of one rules version says about its rules (labels,
citations, statements, in-force periods, the facts each rule tests, duty texts), once, so that
a ``decision.v2`` record can refer to rules by id (see ``lean.py`` and docs/decision-v2.md)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..network.compiler.expr import Leaf

if TYPE_CHECKING:
    from ..network.ruleset import CompiledRuleSet

SCHEMA = "rules-manifest.v1"
SIDECAR = "rules-manifests.v1"
#: The kinds of rule whose text a decision gives (as obligations, notes, consequences).
DUTIES = ("obligation", "note", "consequence")
_BUILT: dict[tuple[str, str], dict[str, Any]] = {}


def rules_manifest(engine: Any) -> dict[str, Any]:
    """The manifest of every regime's rules under an engine's rules version (and scenario);
    built once per process and version (``engine``: an ``api.Engine``, a layer above)."""
    from ..regimes.registry import REGIMES

    key = (str(engine.root), engine.version)
    found = _BUILT.get(key)
    if found is None:
        rules: dict[str, Any] = {}
        regimes: dict[str, Any] = {}
        for name in sorted(REGIMES):
            ruleset = engine.ruleset(name)
            rules.update(_rules(ruleset))
            regimes[name] = {"ruleset": ruleset.name, "tests": _tests(ruleset)}
        found = _BUILT[key] = {
            "schema": SCHEMA, "rules_version": engine.version, "pocapace": _version(),
            "scenario": engine.scenario.shown() if engine.scenario else None,
            "regimes": regimes, "rules": rules}
    return found


def _version() -> str:
    try:
        return version("pocapace")
    except PackageNotFoundError:
        return "unknown"


def _rules(ruleset: CompiledRuleSet) -> dict[str, Any]:
    out = {}
    for node_id, node in ruleset.nodes.items():
        label, citation, statement, interpretation, _unconfirmed, _when = ruleset.headers[node_id]
        rule: dict[str, Any] = {"label": label, "citation": citation, "scope": node.scope}
        if statement:
            rule["statement"] = statement
        if interpretation:
            rule["interpretation"] = interpretation
        if node.gate is not None:
            rule["in_force"] = list(node.gate.labels)
        leaves = [_leaf(ruleset, p) for p in node.parts if isinstance(p, Leaf)]
        if leaves:
            rule["facts"] = leaves
        entry = node.entry
        if not node.anonymous and node.version is None and node_id == ruleset.qualify(entry.id):
            rule["kind"] = entry.kind
            text = entry.description if entry.kind in DUTIES else None
            for name, value in (("route", entry.route), ("text", text), ("stage", entry.stage)):
                if value is not None:
                    rule[name] = value
        out[node_id] = rule
    return out


def _leaf(ruleset: CompiledRuleSet, leaf: Leaf) -> dict[str, Any]:
    """How a trace names a fact this rule tests (``{i}``: the item's index) and the test."""
    fact_type = ruleset.schema.types[leaf.fact]
    attr = fact_type.attrs.get(leaf.attr)
    return {"fact": leaf.fact, "attr": leaf.attr, "scoped": bool(fact_type.scoped),
            "source": attr.source if attr else None, "test": leaf.describe()}


def _tests(ruleset: CompiledRuleSet) -> dict[str, Any]:
    return {node.entry.test: {"label": node.entry.label, "citation": node.entry.citation}
            for _nid, node in ruleset.of_kind("test")}


def sidecar_path(out: Path) -> Path:
    """Where ``batch --out OUT`` writes the manifests its records refer to."""
    return out.with_name(out.name + ".rules.json")


def sidecar(manifests: list[dict[str, Any]]) -> dict[str, Any]:
    """The sidecar body: each distinct manifest once (a comparison may use two)."""
    unique = {m["rules_version"]: m for m in manifests}
    return {"schema": SIDECAR, "manifests": list(unique.values())}


def manifest_for(found: dict[str, Any], rules_version: str) -> dict[str, Any]:
    """The manifest for ``rules_version`` out of a manifest or a sidecar (KeyError if none)."""
    candidates = found.get("manifests", [found])
    for manifest in candidates:
        if manifest.get("rules_version") == rules_version:
            return manifest
    raise KeyError(f"no rules manifest for rules_version {rules_version} (found "
                   f"{', '.join(str(m.get('rules_version')) for m in candidates) or 'none'})")
