"""The ``decision.v2`` record as pydantic models: its JSON Schema (``pocapace schema
--decision``), the service's response model for ``schema=v2``, and a strict check in tests
that every record written has exactly these fields (docs/decision-v2.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FactV2(_Strict):
    value: str
    decisive: Literal[False]


class FactFull(_Strict):
    fact: str
    value: str
    source: str
    test: str | None
    decisive: Literal[False] | None = None


class MissingFact(_Strict):
    fact: str = Field(description="The path of the fact in the case file.")
    ask: str = Field(description="The question that finds it out.")


class MissingV2(MissingFact):
    needed_for: list[str] = Field(description="The rules (ids) that need it.")


class NodeMissing(MissingFact):
    needed_for: list[str] | None = Field(None, description="Absent: none.")


class NodeV2(_Strict):
    """One rule's finding for one item (or the case); what the manifest says of the rule is
    left out, and written here only where this case differs from it."""

    rule: str = Field(description="The rule's id without its ruleset's prefix (the manifest's "
                                   "rules hold it with the prefix).")
    outcome: Literal["met", "not_met", "unknown"]
    decisive: Literal[False] | None = Field(None, description="Absent: decisive.")
    label: str | None = None
    citation: str | None = None
    statement: str | None = None
    item: int | None = Field(None, description="The item (offence, conviction) it is about.")
    scope: str | None = None
    in_force: int | bool | str | None = Field(None, description=(
        "Absent: the rule's first in-force period (manifest in_force[0]); n: period n; false: "
        "not in force on law_at.date; a string: the text itself; null: none."))
    unconfirmed: Literal[True] | None = None
    interpretation: str | None = None
    facts: list[str | FactV2] | None = Field(None, description=(
        "The values of the facts the rule tests, in the order of the manifest's facts of "
        "the rule (an object for one that did not decide)."))
    facts_full: list[FactFull] | None = None
    reasons: list[str] | None = None
    missing: list[NodeMissing] | None = None
    children: list[NodeV2] | None = None


class RouteV2(_Strict):
    rule: str
    route: str | None = None
    citation: str | None = None
    label: str | None = None
    item: int | None = None
    offence: str | None = None
    offence_id: str | None = None


class DutyV2(_Strict):
    """An obligation or note (label, citation, text and stage are the manifest's)."""

    rule: str
    status: Literal["applies", "may_apply"]
    item: int | None = None
    missing: list[str] | None = None
    citation: str | None = None
    label: str | None = None
    text: str | None = None
    stage: str | None = None


class ConsequenceV2(_Strict):
    rule: str
    status: str
    label: str | None = None
    citation: str | None = None
    text: str | None = None


class CaveatV2(_Strict):
    rule: str
    citation: str | None = None
    text: str | None = Field(None, description="Absent: the manifest's interpretation.")


class TestV2(BaseModel):
    """A lifestyle test for one conviction (label and citation: the manifest's tests)."""

    test: str
    label: str | None = None
    citation: str | None = None


class LawAt(_Strict):
    date: str
    moment: str
    checked_to: str
    caveats: list[str]
    scenario: dict[str, Any] | None = None


class DecisionV2(_Strict):
    """One decision; a list left out is empty. ``summary`` detail leaves out ``trace`` and
    ``would_change``."""

    schema_: Literal["decision.v2"] = Field(alias="schema")
    id: str
    regime: str
    title: str | None = None
    outcome: str
    summary: str
    routes: list[RouteV2] = []
    open_routes: list[RouteV2] = []
    tests: list[TestV2] = []
    figures: dict[str, Any] = {}
    consequences: list[ConsequenceV2] = []
    obligations: list[DutyV2] = []
    notes: list[DutyV2] = []
    missing: list[MissingV2] = []
    unconfirmed: list[CaveatV2] = []
    would_change: list[dict[str, Any]] = []
    trace: NodeV2 | None = None
    law_at: LawAt
    rules_version: str = Field(description="Match it to the manifest of the same version.")
    input_hash: str
    input: dict[str, str] | None = None


class RecordError(_Strict):
    message: str
    field: str


class ErrorV2(_Strict):
    """The record of an input record that could not be decided (a bad case, or a fault)."""

    schema_: Literal["decision.v2"] = Field(alias="schema")
    id: str | None = None
    outcome: Literal["error", "fault"]
    error: RecordError
    input: dict[str, str]


class CompareV2(_Strict):
    """``--compare-at`` / ``--compare-assume``: the case on each side, as v2 decisions."""

    schema_: Literal["compare.v2"] = Field(alias="schema")
    id: str
    regime: str
    changed: bool
    compare: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    input: dict[str, str]
    decisions: list[DecisionV2]


LINE = TypeAdapter(DecisionV2 | ErrorV2 | CompareV2)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one line of ``pocapace batch`` JSON Lines output."""
    schema = LINE.json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "pocapace batch output line (decision.v2)", **schema}
