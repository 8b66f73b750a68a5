"""The decision: outcome, routes or tests, obligations, missing facts and the reasoned trace.

One data model, rendered as JSON for systems and as an indented tree for people.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class FactUsed(Model):
    """A fact a rule used: its name, its value as shown, and where it came from in the case."""

    fact: str
    value: str
    source: str
    test: str | None = None
    decisive: bool = True


class Missing(Model):
    fact: str
    ask: str
    needed_for: list[str] = Field(default_factory=list)


class TraceNode(Model):
    """One rule's finding for one item (or the case), with the findings beneath it."""

    rule: str
    label: str
    citation: str
    url: str | None = None
    statement: str
    outcome: str  # met | not_met | unknown
    item: int | None = None
    scope: str | None = None
    in_force: str | None = None
    decisive: bool = True
    facts: list[FactUsed] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    interpretation: str | None = None
    unconfirmed: bool = False
    missing: list[Missing] = Field(default_factory=list)
    children: list[TraceNode] = Field(default_factory=list)


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
    missing: list[Missing] = Field(default_factory=list)
    unconfirmed: list[Caveat] = Field(default_factory=list)
    would_change: list[dict[str, Any]] = Field(default_factory=list)
    trace: TraceNode
    law_at: LawAt
    rules_version: str
    input_hash: str
    input: dict[str, str] | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
