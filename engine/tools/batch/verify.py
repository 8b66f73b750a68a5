"""``batch --verify-every N``: decide one record in N again the full, slow way and stop the
batch loudly if the output differs in any way from the fast path's."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ...core.errors import PocapaceError
from ...decision.equivalence import first_difference
from .records import InputRecord, OutputRecord


class VerificationError(PocapaceError):
    """A fast path decided a record differently from the full evaluation: an engine fault."""


@dataclass
class Verifier:
    """Checks every ``every``-th record's output against ``reference(record)``."""

    every: int
    reference: Callable[[InputRecord], OutputRecord]

    def check(self, records: list[InputRecord], results: list[OutputRecord]) -> None:
        for record, result in zip(records, results, strict=True):
            if record.index % self.every == 0:
                problem = difference(self.reference(record), result)
                if problem:
                    raise VerificationError(
                        f"--verify-every: the record at {record.source} {record.position} "
                        f"(id {record.case_id or 'unknown'}) was decided differently by the "
                        f"fast path and by the full evaluation, at {problem}. This is a fault "
                        "in pocapace, not in the input; the batch was stopped so that no wrong "
                        "record is written. Please report it")


def difference(expected: OutputRecord, actual: OutputRecord) -> str | None:
    """Where two output records for the same input differ (None: identical)."""
    if expected.line != actual.line:
        return first_difference(_parsed(expected.line), _parsed(actual.line)) or \
            "the output line (same data, other bytes)"
    for name in ("outcome", "labels", "changed", "csv_row", "case_id"):
        found = first_difference(getattr(expected, name), getattr(actual, name), name)
        if found:
            return found
    return None


def _parsed(line: str):
    try:
        return json.loads(line) if line else None
    except ValueError:
        return line
