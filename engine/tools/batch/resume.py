"""Resuming an interrupted batch: which input records the existing output already answers.

Output is written one whole line at a time and flushed after each chunk, so an interrupted
run leaves a valid prefix, perhaps with one torn last line, which is cut off here.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path


def already_decided(out: Path | None, fmt: str) -> set[tuple[str, str]]:
    """(source, position) of every input record with an output record in ``out``."""
    if out is None or not out.exists():
        return set()
    _drop_torn_line(out)
    done: set[tuple[str, str]] = set()
    with open(out, newline="", encoding="utf-8") as file:
        if fmt == "csv":
            for row in csv.DictReader(file):
                done.add((_plain(row.get("source")), _plain(row.get("position"))))
            return done
        for line in file:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            found = record.get("input") or {}
            done.add((found.get("source", ""), found.get("position", "")))
    return done


def _drop_torn_line(out: Path) -> None:
    data = out.read_bytes()
    if data and not data.endswith(b"\n"):
        out.write_bytes(data[: data.rfind(b"\n") + 1])


def _plain(cell: str | None) -> str:
    """A cell as it was before formula neutralising."""
    text = cell or ""
    return text[1:] if text.startswith("'") else text
