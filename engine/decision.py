"""The decision: outcome, routes or tests, obligations, missing facts and the reasoned trace.

One data model, rendered as JSON for systems and as an indented tree for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, arbitrary_types_allowed=True)


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


class Route(Model):
    route: str
    rule: str
    citation: str
    item: int | None = None
    offence: str | None = None
    offence_id: str | None = None
    label: str


class Obligation(Model):
    rule: str
    citation: str
    label: str
    text: str
    status: str  # applies | may_apply
    stage: str | None = None
    item: int | None = None
    missing: list[str] = Field(default_factory=list)


class Caveat(Model):
    rule: str
    citation: str
    text: str


class LawAt(Model):
    """The moment whose law was applied, how far the rule set has been checked, and caveats."""

    date: str
    moment: str
    checked_to: str
    caveats: list[str] = Field(default_factory=list)


class Decision(Model):
    id: str
    regime: str
    title: str | None = None
    outcome: str
    summary: str
    routes: list[Route] = Field(default_factory=list)
    open_routes: list[Route] = Field(default_factory=list)
    tests: list[dict[str, Any]] = Field(default_factory=list)
    figures: dict[str, Any] = Field(default_factory=dict)
    consequences: list[dict[str, Any]] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    notes: list[Obligation] = Field(default_factory=list)
    missing: list[Any] = Field(default_factory=list)  # Missing
    unconfirmed: list[Caveat] = Field(default_factory=list)
    would_change: list[dict[str, Any]] = Field(default_factory=list)
    trace: Any  # TraceNode
    law_at: LawAt
    rules_version: str
    input_hash: str
    input: dict[str, str] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        out = self.model_dump(mode="json", exclude_none=True, exclude={"trace", "missing"})
        out["missing"] = [m.to_dict() for m in self.missing]
        out["trace"] = self.trace.to_dict()
        return out
