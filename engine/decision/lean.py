"""``decision.v2``: the lean JSON form of a decision, and its expansion back to the v1 record.

A v2 record holds only what this case decided; what a rule says whatever the case (label,
citation, statement, in-force periods, the facts it tests, duty texts) is in the rules
manifest of the record's ``rules_version`` (``manifest.py``). Anything that differs from the
manifest is written out in the record, so the expansion is exact for every record
(docs/decision-v2.md).
"""

from __future__ import annotations

from typing import Any

from .model import Decision, FactUsed, Obligation, Route, TraceNode, _plain

SCHEMA = "decision.v2"
DETAILS = ("full", "summary")
#: The v1 record's lists that a v2 record leaves out when empty.
LISTS = ("routes", "open_routes", "tests", "consequences", "obligations", "notes", "missing",
         "unconfirmed", "would_change")
#: Per-item parts: their keys in v1 order, each from the case (True) or the manifest (False).
ROUTE = (("route", False), ("rule", True), ("citation", False), ("label", False),
         ("item", True), ("offence", True), ("offence_id", True))
DUTY = (("rule", True), ("citation", False), ("label", False), ("text", False),
        ("status", True), ("stage", False), ("item", True), ("missing", True))
CONSEQUENCE = (("rule", True), ("label", False), ("citation", False), ("text", False),
               ("status", True))
CAVEAT = (("rule", True), ("citation", False), ("text", False))
TEST = (("test", True), ("label", False), ("citation", False))
NOT_IN_FORCE = "not in force on {day} (in force {periods})"
_KEYS = {spec: frozenset(k for k, _ in spec) for spec in (ROUTE, DUTY, CONSEQUENCE, CAVEAT, TEST)}


class LeanEncoder:
    """Writes decisions of one rules version as ``decision.v2`` records."""

    def __init__(self, manifest: dict[str, Any]):
        self.manifest = manifest
        self.rules: dict[str, dict] = manifest["rules"]
        self._facts: dict[tuple[str, int], list[tuple]] = {}
        self._heads: dict[str, tuple] = {}
        self._ids: dict[str, dict[str, str]] = {}

    def record(self, decision: Decision, detail: str = "full") -> dict[str, Any]:
        """The v2 record of ``decision`` (``summary``: without trace and would_change)."""
        if decision.rules_version != self.manifest["rules_version"]:
            raise ValueError(f"decision of rules version {decision.rules_version} given to "
                             f"the manifest of {self.manifest['rules_version']}")
        out: dict[str, Any] = {"schema": SCHEMA, "id": decision.id, "regime": decision.regime}
        if decision.title is not None:
            out["title"] = decision.title
        out["outcome"], out["summary"] = decision.outcome, decision.summary
        rules, day = self.rules, decision.law_at.date
        tests = self.manifest["regimes"].get(decision.regime, {}).get("tests", {})
        parts = {
            "routes": [_route(r, rules.get(r.rule)) for r in decision.routes],
            "open_routes": [_route(r, rules.get(r.rule)) for r in decision.open_routes],
            "tests": [_lean(_plain(t), TEST, tests.get(t.get("test"))) for t in decision.tests],
            "figures": _figures(decision.figures, rules, self._prefix(decision.regime)),
            "consequences": [_lean(_plain(c), CONSEQUENCE, rules.get(c["rule"]))
                             for c in decision.consequences],
            "obligations": [_duty(o, rules.get(o.rule)) for o in decision.obligations],
            "notes": [_duty(n, rules.get(n.rule)) for n in decision.notes],
            "missing": [m.to_dict() for m in decision.missing],
            "unconfirmed": [_lean(_plain(c), CAVEAT, _caveat(rules.get(c.rule)))
                            for c in decision.unconfirmed]}
        short = self._short(decision.regime)
        for name in ("routes", "open_routes", "consequences", "obligations", "notes",
                     "unconfirmed"):
            for part in parts[name]:
                part["rule"] = short(part["rule"])
        for missing in parts["missing"]:
            missing["needed_for"] = [short(r) for r in missing["needed_for"]]
        if detail == "full":
            parts["would_change"] = _plain(decision.would_change)
            parts["trace"] = self._node(decision.trace, day, short)
        out.update((k, v) for k, v in parts.items() if v)
        out["law_at"] = _plain(decision.law_at)
        out["rules_version"], out["input_hash"] = decision.rules_version, decision.input_hash
        if decision.input is not None:
            out["input"] = _plain(decision.input)
        return out

    def _prefix(self, regime: str) -> str:
        return _prefix(self.manifest, regime)

    def _short(self, regime: str):
        """Rule ids as the regime's rule files give them (without the ruleset's prefix)."""
        prefix = self._prefix(regime)
        table = self._ids.get(prefix)
        if table is None:
            table = self._ids[prefix] = {rule: rule[len(prefix):] for rule in self.rules
                                         if rule.startswith(prefix)}
        rules = self.rules

        def short(rule: str) -> str:
            found = table.get(rule)
            if found is not None:
                return found
            if prefix + rule in rules:  # would expand to another rule
                raise ValueError(f"the rule id {rule} cannot be written in decision.v2")
            return rule

        return short

    def _head(self, rule: str) -> tuple:
        """What the manifest says of a rule, as the encoder compares it with a trace node."""
        meta = self.rules.get(rule, _NONE)
        periods = meta.get("in_force")
        found = self._heads[rule] = (
            meta.get("label"), meta.get("citation"), meta.get("statement"), meta.get("scope"),
            periods, periods[0] if periods else None, meta.get("interpretation"), meta)
        return found

    def _node(self, node: TraceNode, day: str, short) -> dict[str, Any]:
        head = self._heads.get(node.rule) or self._head(node.rule)
        label, citation, statement, scope, periods, first, interpretation, meta = head
        out: dict[str, Any] = {"rule": short(node.rule), "outcome": node.outcome}
        decisive = node.decisive
        if not decisive:
            out["decisive"] = False
        if node.label != label:
            out["label"] = node.label
        if node.citation != citation:
            out["citation"] = node.citation
        if decisive and (node.statement or None) != statement:
            out["statement"] = node.statement or None
        if node.item is not None:
            out["item"] = node.item
            if node.scope != scope:
                out["scope"] = node.scope
        elif node.scope is not None:
            out["scope"] = node.scope
        if node.in_force != first:
            out["in_force"] = None if node.in_force is None else \
                _in_force(node.in_force, periods, day)
        if node.unconfirmed:
            out["unconfirmed"] = True
            if (node.interpretation or None) != interpretation:
                out["interpretation"] = node.interpretation or None
        if node.facts:
            self._node_facts(node, meta, out)
        if node.reasons:
            out["reasons"] = list(node.reasons)
        if node.missing:
            out["missing"] = [{"fact": m.fact, "ask": m.ask,
                               "needed_for": [short(r) for r in m.needed_for]}
                              if m.needed_for else {"fact": m.fact, "ask": m.ask}
                              for m in node.missing]
        if node.children:
            out["children"] = [self._node(c, day, short) for c in node.children]
        return out

    def _node_facts(self, node: TraceNode, meta: dict, out: dict) -> None:
        """Facts as their values, in the order of the manifest's ``facts`` of the rule, when
        each is named as the manifest says; else in full (``facts_full``)."""
        index = node.item or 0
        expected = self._facts.get((node.rule, index))
        if expected is None:
            expected = self._facts[(node.rule, index)] = [
                _fact_names(leaf, index) for leaf in meta.get("facts", [])]
        used: list[FactUsed] = node.facts
        if len(used) == len(expected) and all(
                (f.fact, f.source, f.test) == e for f, e in zip(used, expected, strict=True)):
            out["facts"] = [f.value if f.decisive else {"value": f.value, "decisive": False}
                            for f in used]
        else:
            out["facts_full"] = [f.to_dict() for f in used]


def _prefix(manifest: dict[str, Any], regime: str) -> str:
    ruleset = manifest["regimes"].get(regime, {}).get("ruleset")
    return f"{ruleset}." if ruleset else "\0"


def _figures(value: Any, rules: dict, prefix: str, expanding: bool = False) -> Any:
    """Figures (as ``_plain`` gives them, when encoding) with the label and citation of a rule
    left out where the rule's (local) id is the key and they are the first two entries, as
    the manifest has them. A v1 figure has no null values, so ``"label": null`` marks a rule's
    entry that had no label."""
    kind = type(value)
    if kind is list:
        return [_figures(v, rules, prefix, expanding) for v in value]
    if kind is not dict:
        if kind in _SCALARS:
            return value
        plain = _plain(value)
        return value if plain is value else _figures(plain, rules, prefix, expanding)
    out = {}
    for key, part in value.items():
        if part is None and not expanding:
            continue  # as _plain leaves it out
        meta = rules.get(prefix + key) if type(part) is dict else None
        if meta is None:
            out[key] = _figures(part, rules, prefix, expanding)
            continue
        if not expanding:
            part = {k: v for k, v in part.items() if v is not None}
        out[key] = {k: v if v is None else _figures(v, rules, prefix, expanding)
                    for k, v in _rule_figure(part, meta, expanding).items()}
    return out


def _rule_figure(part: dict, meta: dict, expanding: bool) -> dict:
    if expanding:
        if "label" not in part:
            return {"label": meta["label"], "citation": meta["citation"], **part}
        return {k: v for k, v in part.items() if k != "label"} if part["label"] is None \
            else part
    if list(part)[:2] == ["label", "citation"] and part["label"] == meta["label"] and \
            part["citation"] == meta["citation"]:
        return {k: v for k, v in part.items() if k not in ("label", "citation")}
    return part if "label" in part else {"label": None, **part}


def _in_force(text: str, periods: list[str] | None, day: str) -> int | bool | str:
    if periods:
        if text in periods:
            return periods.index(text)
        if text == NOT_IN_FORCE.format(day=day, periods=", ".join(periods)):
            return False
    return text


def _fact_names(leaf: dict, item: int) -> tuple[str, str, str | None]:
    """(fact, source, test) as the trace names a fact of ``leaf`` for an item."""
    index = item if leaf["scoped"] else 0
    fact, attr = leaf["fact"], leaf["attr"]
    name = f"{fact}[{index}].{attr}" if index or leaf["scoped"] else f"{fact}.{attr}"
    if attr.startswith("list:"):
        name = f"{fact}[{index}] in {attr[5:]}"
    source = leaf["source"].format(i=index) if leaf["source"] else attr
    return name, source, leaf["test"]


_SCALARS = frozenset((str, int, float, bool))


def _route(route: Route, meta: dict | None) -> dict[str, Any]:
    """As ``_lean(_plain(route), ROUTE, meta)``, without the detour through a dict."""
    meta = meta or _NONE
    out: dict[str, Any] = {}
    if route.route != meta.get("route"):
        out["route"] = route.route
    out["rule"] = route.rule
    if route.citation != meta.get("citation"):
        out["citation"] = route.citation
    if route.label != meta.get("label"):
        out["label"] = route.label
    for name in ("item", "offence", "offence_id"):
        value = getattr(route, name)
        if value is not None:
            out[name] = value
    return out


def _duty(duty: Obligation, meta: dict | None) -> dict[str, Any]:
    """As ``_lean(_plain(duty), DUTY, meta)``, without the detour through a dict."""
    meta = meta or _NONE
    out: dict[str, Any] = {"rule": duty.rule}
    for name in ("citation", "label", "text"):
        if getattr(duty, name) != meta.get(name):
            out[name] = getattr(duty, name)
    out["status"] = duty.status
    if duty.stage != meta.get("stage"):
        out["stage"] = duty.stage
    if duty.item is not None:
        out["item"] = duty.item
    if duty.missing:
        out["missing"] = list(duty.missing)
    return out


_NONE: dict[str, Any] = {}


def _caveat(meta: dict | None) -> dict | None:
    return {"citation": meta["citation"], "text": meta.get("interpretation")} if meta else None


def _lean(full: dict[str, Any], spec: tuple, meta: dict | None) -> dict[str, Any]:
    """A part with the keys the manifest holds left out (kept, or null, where they differ)."""
    meta = meta or {}
    out = {}
    for key, from_case in spec:
        if from_case:
            if key in full and full[key] != []:
                out[key] = full[key]
        elif full.get(key) != meta.get(key):
            out[key] = full.get(key)
    known = _KEYS[spec]
    out.update((k, v) for k, v in full.items() if k not in known)
    return out


def _full(lean: dict[str, Any], spec: tuple, meta: dict | None, lists: tuple = ()
          ) -> dict[str, Any]:
    meta = meta or {}
    out = {}
    for key, from_case in spec:
        value = lean.get(key, [] if key in lists else None) if from_case else \
            lean[key] if key in lean else meta.get(key)
        if value is not None:
            out[key] = value
    known = _KEYS[spec]
    out.update((k, v) for k, v in lean.items() if k not in known)
    return out


def expand(record: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    """The v1 record (``Decision.to_json_dict``, same keys in the same order) of a v2 record,
    given the manifest of its rules version (a summary record has no trace or would_change)."""
    if record.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} record (schema {record.get('schema')!r})")
    if record.get("rules_version") != manifest.get("rules_version"):
        raise ValueError(f"the record is of rules version {record.get('rules_version')}, the "
                         f"manifest of {manifest.get('rules_version')}")
    rules = manifest["rules"]
    tests = manifest["regimes"].get(record["regime"], {}).get("tests", {})
    summary = "trace" not in record
    prefix = _prefix(manifest, record["regime"])

    def full(rule: str) -> str:
        return prefix + rule if prefix + rule in rules else rule

    def each(name: str) -> list[tuple[dict, dict | None]]:
        """A list's parts with their full rule ids, and each one's rule in the manifest."""
        found = [{**p, "rule": full(p["rule"])} for p in record.get(name, [])]
        return [(p, rules.get(p["rule"])) for p in found]

    parts = {
        "routes": [_full(r, ROUTE, m) for r, m in each("routes")],
        "open_routes": [_full(r, ROUTE, m) for r, m in each("open_routes")],
        "tests": [_full(t, TEST, tests.get(t.get("test"))) for t in record.get("tests", [])],
        "figures": _figures(record.get("figures", {}), rules, _prefix(manifest, record["regime"]),
                            expanding=True),
        "consequences": [_full(c, CONSEQUENCE, m) for c, m in each("consequences")],
        "obligations": [_full(o, DUTY, m, ("missing",)) for o, m in each("obligations")],
        "notes": [_full(n, DUTY, m, ("missing",)) for n, m in each("notes")],
        "missing": [{**m, "needed_for": [full(r) for r in m["needed_for"]]}
                    for m in record.get("missing", [])],
        "unconfirmed": [_full(c, CAVEAT, _caveat(m)) for c, m in each("unconfirmed")],
        "would_change": None if summary else record.get("would_change", []),
        "trace": None if summary else _expand_node(record["trace"], rules,
                                                   record["law_at"]["date"], full)}
    out: dict[str, Any] = {"id": record["id"], "regime": record["regime"]}
    if "title" in record:
        out["title"] = record["title"]
    out["outcome"], out["summary"] = record["outcome"], record["summary"]
    out.update((k, v) for k, v in parts.items() if v is not None)
    for name in ("law_at", "rules_version", "input_hash", "input"):
        if name in record:
            out[name] = record[name]
    return out


def _expand_node(node: dict[str, Any], rules: dict, day: str, full) -> dict[str, Any]:
    rule = full(node["rule"])
    meta = rules.get(rule, {})
    decisive = node.get("decisive", True)
    out: dict[str, Any] = {"rule": rule, "label": node.get("label", meta.get("label")),
                           "citation": node.get("citation", meta.get("citation")),
                           "outcome": node["outcome"]}
    if not decisive:
        out["decisive"] = False
    statement = node["statement"] if "statement" in node else meta.get("statement")
    if decisive and statement:
        out["statement"] = statement
    item = node.get("item")
    if item is not None:
        out["item"] = item
    scope = node["scope"] if "scope" in node else meta.get("scope") if item is not None else None
    if scope is not None:
        out["scope"] = scope
    periods = meta.get("in_force")
    shown = node["in_force"] if "in_force" in node else 0 if periods else None
    if shown is False:
        out["in_force"] = NOT_IN_FORCE.format(day=day, periods=", ".join(periods))
    elif isinstance(shown, int) and not isinstance(shown, bool):
        out["in_force"] = periods[shown]
    elif shown is not None:
        out["in_force"] = shown
    if node.get("unconfirmed"):
        out["unconfirmed"] = True
        interpretation = node["interpretation"] if "interpretation" in node else \
            meta.get("interpretation")
        if interpretation:
            out["interpretation"] = interpretation
    if "facts" in node:
        out["facts"] = [_expand_fact(v, leaf, item or 0)
                        for v, leaf in zip(node["facts"], meta["facts"], strict=True)]
    elif "facts_full" in node:
        out["facts"] = node["facts_full"]
    if "reasons" in node:
        out["reasons"] = node["reasons"]
    if "missing" in node:
        out["missing"] = [{"fact": m["fact"], "ask": m["ask"],
                           "needed_for": [full(r) for r in m.get("needed_for", [])]}
                          for m in node["missing"]]
    if "children" in node:
        out["children"] = [_expand_node(c, rules, day, full) for c in node["children"]]
    return out


def _expand_fact(value: str | dict, leaf: dict, item: int) -> dict[str, Any]:
    fact, source, test = _fact_names(leaf, item)
    decisive = not isinstance(value, dict) or value.get("decisive", True)
    out = {"fact": fact, "value": value["value"] if isinstance(value, dict) else value,
           "source": source, "test": test}
    if not decisive:
        out["decisive"] = False
    return out
