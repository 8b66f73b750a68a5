"""Resuming an interrupted batch: the output records already written, read back.

Output is written one whole line at a time and flushed after each chunk, so an interrupted
run leaves a valid prefix, perhaps with one torn last line, which is cut off here. The
records are in input order, one per input record, so the first N input records are the ones
answered; each is checked against its output record (position and id) and the progress note
(input path, size and a hash of the consumed prefix) before anything new is written.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from ...core.errors import InputError
from ...decision.manifest import sidecar, sidecar_path
from .output import input_identity, note_path, partial_path
from .records import InputRecord, OutputRecord
from .sidecar import read_sidecar, route_names


@dataclass
class Existing:
    """What an earlier run left: the file to continue and its records."""

    target: Path
    records: list[OutputRecord] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    note: dict | None = None
    #: For ``decision.v2`` output: each route rule's route name (from the sidecar).
    routes: dict[tuple[str, str], str] | None = None
    versions: set[str] = field(default_factory=set)


def existing_output(out: Path, fmt: str, source: str, manifests: list | None = None
                    ) -> Existing | None:
    """The records of an interrupted run's output (OUT.partial, else OUT), checked against the
    progress note; None when there is nothing to continue. ``manifests``: the output is of
    ``decision.v2`` records, of these rules manifests' versions or of those beside it."""
    v2 = manifests is not None
    target = partial_path(out) if partial_path(out).exists() else out
    if not target.exists():
        return None
    _drop_torn_line(target)
    found = Existing(target, note=_note(out))
    if found.note and found.note.get("input") != input_identity(source)["input"]:
        raise InputError(f"Cannot resume {out}: it was made from {found.note.get('input')}, "
                         f"not {source}; run without --resume to start again")
    if found.note and found.note.get("size") != input_identity(source)["size"]:
        raise InputError(f"Cannot resume {out}: {source} has changed size since the output was "
                         "started; run without --resume to start again")
    with open(target, newline="", encoding="utf-8", errors="replace") as file:
        rows = csv.DictReader(file) if fmt == "csv" else (_json(line) for line in file)
        for number, row in enumerate(rows):
            if row is None:
                raise InputError(f"Cannot resume {out}: record {number + 1} is not a "
                                 f"{'CSV row' if fmt == 'csv' else 'JSON line'} this command "
                                 "wrote; run without --resume to start again")
            if fmt != "csv" and ("schema" in row) != v2:
                raise InputError(f"Cannot resume {out}: its records are "
                                 f"{'decision.v2' if 'schema' in row else 'v1'} records, not "
                                 f"{'decision.v2' if v2 else 'v1'}; resume with the same "
                                 "--schema, or run without --resume to start again")
            if v2 and found.routes is None:
                found.routes, found.versions = _known(out, manifests)
            if v2:
                _check_version(out, row, found.versions, number)
            position, result = _csv_record(row) if fmt == "csv" else \
                _json_record(row, found.routes or {})
            found.positions.append(position)
            found.records.append(result)
    return found


def check_skipped(out: Path, existing: Existing, record: InputRecord, number: int) -> None:
    """Refuse to resume when an input record does not match the output record for it."""
    answered = existing.records[number]
    if existing.positions[number] != record.position or (answered.case_id or None) != (
            record.case_id or None):
        raise InputError(f"Cannot resume {out}: its record {number + 1} answers "
                         f"{existing.positions[number]} ({answered.case_id or 'no id'}), but the "
                         f"input's record {number + 1} is {record.position} "
                         f"({record.case_id or 'no id'}); the output was made from another input."
                         " Run without --resume to start again")


def check_prefix(out: Path, existing: Existing, count: int, digest: str) -> None:
    note = existing.note
    if note and note.get("records") == count and note.get("prefix") != digest:
        raise InputError(f"Cannot resume {out}: the first {count:,} input records are not the "
                         "ones the output was made from; run without --resume to start again")


def _known(out: Path, manifests: list) -> tuple[dict[tuple[str, str], str], set[str]]:
    """Route names and rules versions of the run's manifests and of those beside ``out``."""
    found = sidecar([*manifests, *(read_sidecar(out)["manifests"]
                                   if sidecar_path(out).exists() else [])])
    return route_names(found), {m["rules_version"] for m in found["manifests"]}


def _check_version(out: Path, row: dict, versions: set[str], number: int) -> None:
    decisions = row.get("decisions", [row])
    for decision in decisions:
        version = decision.get("rules_version")
        if version is not None and version not in versions:
            raise InputError(f"Cannot resume {out}: its record {number + 1} was decided under "
                             f"rules version {version}, whose rules manifest is not in "
                             f"{sidecar_path(out)}; run without --resume to start again")


def _note(out: Path) -> dict | None:
    try:
        note = json.loads(note_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def _json(line: str):
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record if isinstance(record, dict) and isinstance(record.get("input"), dict) else None


def _json_record(record: dict, routes: dict[tuple[str, str], str]
                 ) -> tuple[str, OutputRecord]:
    changed, before = None, None
    if "compare" in record:
        last = record["compare"][-1] if record["compare"] else {}
        outcome, labels = last.get("outcome", ""), list(last.get("routes_or_tests", []))
        if record.get("changed"):
            changed = (record["compare"][0].get("outcome", ""), outcome)
            before = list(record["compare"][0].get("routes_or_tests", []))
    else:
        outcome = record.get("outcome", "")
        regime = record.get("regime")
        labels = [r.get("route", routes.get((regime, r.get("rule")), ""))
                  for r in record.get("routes", [])] or sorted(
            {t.get("test", "") for t in record.get("tests", []) if t.get("outcome") == "met"})
    position = record["input"].get("position", "")
    line = json.dumps(record, ensure_ascii=False) if outcome in ("error", "fault") else ""
    return position, OutputRecord(-1, record.get("id"), line, outcome, labels, changed, before)


def _csv_record(row: dict) -> tuple[str, OutputRecord]:
    outcome = row.get("outcome") or ""
    before = row.get("before") or ""
    labels = (row.get("routes_or_tests") or "").split()
    routes_before = (row.get("routes_before") or "").split()
    changed = (before, outcome) if before and (before != outcome or routes_before != labels) \
        else None
    kept = row if outcome in ("error", "fault") else None
    return _plain(row.get("position")), OutputRecord(-1, _plain(row.get("id")) or None, "",
                                                     outcome, labels, changed,
                                                     routes_before if changed else None,
                                                     csv_row=kept)


def _drop_torn_line(out: Path) -> None:
    with open(out, "rb+") as file:
        file.seek(0, 2)
        size = file.tell()
        if not size:
            return
        file.seek(size - 1)
        if file.read(1) == b"\n":
            return
        start = max(0, size - (1 << 20))
        while True:
            file.seek(start)
            tail = file.read(size - start)
            cut = tail.rfind(b"\n")
            if cut >= 0 or start == 0:
                file.truncate(start + cut + 1)
                return
            start = max(0, start - (1 << 20))


def _plain(cell: str | None) -> str:
    """A cell as it was before formula neutralising."""
    text = cell or ""
    return text[1:] if text.startswith("'") else text
