"""What flows through a batch: input records (a case, or an unreadable piece of input) and
the one output record each of them yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class InputRecord:
    """One case as read from an export, or the error met while reading it.

    ``position`` says where it came from in the input (``line 12``, ``rows 5-7``,
    ``document at line 30``, a file name), for error records and the audit trail.
    """

    index: int
    source: str
    position: str
    data: Any = None
    error: str | None = None
    field: str = ""
    case_id: str | None = None


@dataclass
class OutputRecord:
    """What a worker returns for one input record: the line to write and what the summary needs."""

    index: int
    case_id: str | None
    line: str
    outcome: str
    labels: list[str] = field(default_factory=list)  # routes or tests met
    changed: tuple[str, str] | None = None  # (before, after) under --compare-at
    #: The routes or tests met before, when a comparison found a change (for route changes).
    labels_before: list[str] | None = None
    csv_row: dict | None = None
