"""Deciding one input record in a worker: the output line and what the summary needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...api import Engine
from ...cases import RawCase, validate_case
from ...core.errors import CaseFileError, PocapaceError
from ...decision.lean import SCHEMA, LeanEncoder
from ...decision.manifest import rules_manifest
from ...decision.model import Decision, json_line
from ..compare import changed_rules
from .records import InputRecord, OutputRecord
from .summary_row import error_row, summary_row


@dataclass(frozen=True)
class Side:
    """One side of a law-change comparison: the law of a day, or of a law scenario."""

    label: str
    engine: Engine
    at: dt.datetime | None = None

    def shown(self) -> dict[str, str]:
        return {"at": str(self.at.date())} if self.at else {"law": self.label}


@dataclass(frozen=True)
class Shape:
    """How a JSON Lines batch writes decisions: ``decision.v2`` (``full`` or ``summary``), or
    the v1 record of ``check --format json`` (``schema="v1"``)."""

    schema: str = "v2"
    detail: str = "full"

    def decision(self, engine: Engine, decision: Decision) -> dict[str, Any]:
        if self.schema == "v1":
            return decision.to_json_dict()
        return _encoder(engine).record(decision, self.detail)

    def error(self, body: dict[str, Any]) -> dict[str, Any]:
        return body if self.schema == "v1" else {"schema": SCHEMA, **body}


V1 = Shape("v1")
COMPARE = "compare.v2"
_ENCODERS: dict[str, LeanEncoder] = {}


def _encoder(engine: Engine) -> LeanEncoder:
    found = _ENCODERS.get(engine.version)
    if found is None:
        found = _ENCODERS[engine.version] = LeanEncoder(rules_manifest(engine))
    return found


def decide_record(engine: Engine, record: InputRecord, fmt: str,
                  compare: list[Side] = (), hashes: dict[str, str] | None = None,
                  reference: bool = False, shape: Shape = V1) -> OutputRecord:
    """Decide one record (on each side of ``compare`` where given); a bad record becomes an
    error record and an internal fault a ``fault`` record, never an exception. ``reference``
    decides it the full, slow way (every cache bypassed), to check the fast path against.
    ``shape``: the JSON written (default the v1 record)."""
    if record.error is not None:
        return _error(record, record.error, record.field, fmt, shape=shape)
    raw = RawCase(record.data, record.source, record.position)
    try:
        regime, case = validate_case(raw)
        if compare:
            return _compare(record, regime, case, raw.where, compare, fmt, hashes, reference,
                            shape)
        decision = engine.reference_evaluate(regime, case, raw.where).decision if reference \
            else engine.decide(regime, case, raw.where)
        decision.input = _input(record, hashes)
        return _decided(engine, decision, record, fmt, shape)
    except CaseFileError as exc:
        return _error(record, exc.message, exc.field, fmt, shape=shape)
    except PocapaceError as exc:
        return fault_record(record, exc.message, fmt, shape)
    except (Exception, RecursionError) as exc:  # a fault in one record must not end the batch
        return fault_record(record, f"{type(exc).__name__}: {str(exc)[:200]}", fmt, shape)


def _side_text(side: Side) -> str:
    return f"at {side.at.date()}" if side.at else f"law {side.label}"


def fault_record(record: InputRecord, message: str, fmt: str, shape: Shape = V1
                 ) -> OutputRecord:
    """The record for an input the engine failed on (a fault, never a legal finding)."""
    return _error(record, f"internal fault: {message}", "", fmt, "fault", shape)


def _decided(engine: Engine, decision: Decision, record: InputRecord, fmt: str, shape: Shape
             ) -> OutputRecord:
    labels = decision.met_labels()
    line = json_line(shape.decision(engine, decision)) if fmt == "jsonl" else ""
    row = summary_row(decision, labels) if fmt == "csv" else None
    return OutputRecord(record.index, decision.id, line, decision.outcome, labels, csv_row=row)


def _input(record: InputRecord, hashes: dict[str, str] | None = None) -> dict[str, str]:
    return {"source": record.source, "position": record.position, **(hashes or {})}


def _error(record: InputRecord, message: str, field: str, fmt: str,
           outcome: str = "error", shape: Shape = V1) -> OutputRecord:
    body: dict[str, Any] = {"id": record.case_id, "outcome": outcome,
                            "error": {"message": message, "field": field},
                            "input": _input(record)}
    line = json_line(shape.error(body)) if fmt == "jsonl" else ""
    row = error_row(record, message, outcome) if fmt == "csv" else None
    return OutputRecord(record.index, record.case_id, line, outcome, csv_row=row)


def _compare(record, regime, case, where: str, sides: list[Side], fmt, hashes,
             reference: bool, shape: Shape) -> OutputRecord:
    runs = [(side.engine.reference_evaluate if reference else side.engine.evaluate)(
        regime, case, where, side.at) for side in sides]
    decisions: list[Decision] = [e.decision for e in runs]
    for decision in decisions:
        decision.input = _input(record, hashes)
    first, last = decisions[0], decisions[-1]
    changed = first.outcome != last.outcome or first.met_labels() != last.met_labels()
    changes = changed_rules(runs[0].ruleset, runs[0], runs[-1]) if changed else []
    body = {**({} if shape.schema == "v1" else {"schema": COMPARE}),
            "id": first.id, "regime": first.regime, "changed": changed,
            "compare": [{**side.shown(), "outcome": d.outcome, "routes_or_tests": d.met_labels()}
                        for side, d in zip(sides, decisions, strict=True)],
            "changes": changes, "input": _input(record),
            "decisions": [shape.decision(side.engine, d)
                          for side, d in zip(sides, decisions, strict=True)]}
    line = json_line(body) if fmt == "jsonl" else ""
    labels = last.met_labels()
    sides_text = f"before {_side_text(sides[0])}; after {_side_text(sides[-1])}"
    row = summary_row(last, labels, compare=(first, changes, sides_text)) if fmt == "csv" \
        else None
    return OutputRecord(record.index, first.id, line, last.outcome, labels,
                        changed=(first.outcome, last.outcome) if changed else None,
                        labels_before=first.met_labels() if changed else None, csv_row=row)
