"""The decision: outcome, routes or tests, obligations, missing facts and the reasoned trace.

One data model, rendered as JSON for systems and as an indented tree for people.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any


@dataclass(slots=True)
class FactUsed:
    """A fact a rule used: its name, its value as shown, and where it came from in the case."""

    fact: str
    value: str
    source: str
    test: str | None = None
    decisive: bool = True

    def to_dict(self) -> dict[str, Any]:
        out = {"fact": self.fact, "value": self.value, "source": self.source, "test": self.test}
        if not self.decisive:
            out["decisive"] = False
        return out


@dataclass(slots=True)
class Missing:
    """A fact that would decide an undetermined finding, and the rules that need it."""

    fact: str
    ask: str
    needed_for: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "ask": self.ask, "needed_for": list(self.needed_for)}


@dataclass(slots=True)
class TraceNode:
    """One rule's finding for one item (or the case), with the findings beneath it.

    A plain dataclass rather than a pydantic model: a batch builds dozens per case, and their
    values come from rule files that were validated when they were loaded.
    """

    rule: str
    label: str
    citation: str
    statement: str
    outcome: str  # met | not_met | unknown
    url: str | None = None
    item: int | None = None
    scope: str | None = None
    in_force: str | None = None
    decisive: bool = True
    facts: list[FactUsed] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    interpretation: str | None = None
    unconfirmed: bool = False
    missing: list[Missing] = field(default_factory=list)
    children: list[TraceNode] = field(default_factory=list)
    #: List entries that decided this finding (for coverage; not part of the JSON).
    entries: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form; empty lists, absent values and defaults are left out to keep it short."""
        out: dict[str, Any] = {"rule": self.rule, "label": self.label,
                               "citation": self.citation, "outcome": self.outcome}
        if not self.decisive:
            out["decisive"] = False
        if self.decisive and self.statement:
            out["statement"] = self.statement
        for name in ("item", "scope", "in_force"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.unconfirmed:  # the reading it rests on is shown where it matters
            out["unconfirmed"] = True
            if self.interpretation:
                out["interpretation"] = self.interpretation
        if self.facts:
            out["facts"] = [f.to_dict() for f in self.facts]
        if self.reasons:
            out["reasons"] = list(self.reasons)
        if self.missing:
            out["missing"] = [m.to_dict() for m in self.missing]
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out


def _plain(value: Any) -> Any:
    """JSON form of a decision part: dataclasses by their fields, None values left out."""
    kind = value.__class__
    if kind in _ATOMS:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if hasattr(value, "to_dict"):
        return value.to_dict()
    names = _FIELDS.get(kind)
    if names is None and is_dataclass(value):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(v) for name in names if (v := getattr(value, name)) is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    return value


#: Values that are their own JSON form, and each dataclass's field names (``_plain``).
_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}


@dataclass(slots=True)
class Route:
    """A route by which the decision's outcome is reached (a PACE condition, a POCA test)."""

    route: str
    rule: str
    citation: str
    label: str
    item: int | None = None
    offence: str | None = None
    offence_id: str | None = None


@dataclass(slots=True)
class Obligation:
    """A duty the decision gives rise to (a warning, a request, telling the person)."""

    rule: str
    citation: str
    label: str
    text: str
    status: str  # applies | may_apply
    stage: str | None = None
    item: int | None = None
    missing: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Caveat:
    """Something the reader of the decision must know about the law applied."""

    rule: str
    citation: str
    text: str


@dataclass(slots=True)
class LawAt:
    """The moment whose law was applied, how far the rule set has been checked, and caveats."""

    date: str
    moment: str
    checked_to: str
    caveats: list[str] = field(default_factory=list)
    #: The law scenario assumed instead of the law in force (None: the law in force).
    scenario: dict | None = None


@dataclass(slots=True)
class Decision:
    """A decision: plain dataclasses throughout (values come from validated inputs and rules),
    turned into JSON by ``to_json_dict``."""

    id: str
    regime: str
    outcome: str
    summary: str
    trace: TraceNode
    law_at: LawAt
    rules_version: str
    input_hash: str
    title: str | None = None
    routes: list[Route] = field(default_factory=list)
    open_routes: list[Route] = field(default_factory=list)
    tests: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    consequences: list[dict[str, Any]] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    notes: list[Obligation] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    unconfirmed: list[Caveat] = field(default_factory=list)
    would_change: list[dict[str, Any]] = field(default_factory=list)
    input: dict[str, str] | None = None

    ORDER = ("id", "regime", "title", "outcome", "summary", "routes", "open_routes", "tests",
             "figures", "consequences", "obligations", "notes", "missing", "unconfirmed",
             "would_change", "trace", "law_at", "rules_version", "input_hash", "input")

    def met_labels(self) -> list[str]:
        """What the positive answer rests on: the routes open, or else the tests met."""
        return [r.route for r in self.routes] or \
            sorted({t["test"] for t in self.tests if t["outcome"] == "met"})

    def to_json_dict(self) -> dict[str, Any]:
        out = {}
        for name in self.ORDER:
            value = getattr(self, name)
            if value is not None:
                out[name] = _plain(value)
        return out


def json_line(record: dict[str, Any]) -> str:
    """A decision record (or any record of plain JSON values) as one line of compact JSON.

    orjson is about eight times faster than ``json.dumps`` on a decision; figures are already
    exact strings or integers, so nothing is rounded. Non-ASCII text stays as UTF-8; text
    that is not valid Unicode (a lone surrogate in an error message) goes through ``json``."""
    import orjson  # here, not at the top: a single check has no use for it

    try:
        return orjson.dumps(record).decode()
    except orjson.JSONEncodeError:
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
