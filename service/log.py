"""The decision log: one appended, flushed JSON line per decision, for audit."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path
from typing import Any

import orjson


class DecisionLog:
    """Appends to a JSON Lines file; several worker processes may share it (each line is one
    write to a file opened for appending, so lines never interleave)."""

    def __init__(self, path: Path, with_cases: bool = False):
        self.path, self.with_cases = path, with_cases
        self._fd: int | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        """Open (or create) the file now, so a path that cannot be written fails at start."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)

    def write(self, decision: dict[str, Any], channel: str, case: Any = None) -> None:
        """Log a decision given in its JSON form (and the case, under ``--log-cases``)."""
        entry: dict[str, Any] = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "decision": decision["id"], "regime": decision["regime"],
            "outcome": decision["outcome"], "rules_version": decision["rules_version"],
            "input_hash": decision["input_hash"], "via": channel,
        }
        scenario = decision.get("law_at", {}).get("scenario")
        if scenario:
            entry["scenario"] = scenario["id"]
        if self.with_cases:
            entry["case"] = case
        line = orjson.dumps(entry, default=str) + b"\n"
        with self._lock:
            self.open()
            os.write(self._fd, line)
