"""Where a batch writes: whole records, flushed after every chunk, into ``OUT.partial`` renamed
to ``OUT`` when the run ends (or stops cleanly), with a progress note ``OUT.resume`` saying
which input produced the records so far (so ``--resume`` can refuse another input)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sys
from collections import deque
from pathlib import Path
from typing import Any

from ...core.errors import InputError
from .records import InputRecord, OutputRecord
from .summary_row import COLUMNS


def partial_path(out: Path) -> Path:
    return out.with_name(out.name + ".partial")


def note_path(out: Path) -> Path:
    return out.with_name(out.name + ".resume")


def check_output_path(out: Path | None, inputs: list[str | Path | None], what: str = "--out"
                      ) -> None:
    """Refuse an output that is one of the inputs, or whose folder does not exist."""
    if out is None:
        return
    folder = out.resolve().parent
    if not folder.is_dir():
        raise InputError(f"Cannot write {what} {out}: the folder {out.parent} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"Cannot write {what} {out}: the folder {out.parent} is not writable")
    if out.is_dir():
        raise InputError(f"Cannot write {what} {out}: it is a folder")
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        source = Path(given)
        if _same(out, source) or (source.is_dir() and out.resolve().is_relative_to(
                source.resolve()) and out.suffix.lower() in (".yaml", ".yml", ".json")):
            raise InputError(f"Refusing {what} {out}: it is the input {given}, which would be "
                             "overwritten; write somewhere else")


def _same(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def record_hash(record: InputRecord) -> bytes:
    """A hash of one input record, folded into the hash of the prefix its output answers."""
    try:
        body = json.dumps(record.data, default=str, ensure_ascii=True)
    except (TypeError, ValueError):
        body = repr(record.data)
    text = f"{record.position}\0{record.error}\0{body}\n"
    return hashlib.sha256(text.encode("utf-8", "replace")).digest()


def input_identity(source: str) -> dict[str, Any]:
    if source == "-":
        return {"input": "-", "size": None}
    path = Path(source)
    return {"input": str(path.resolve()), "size": path.stat().st_size if path.is_file() else None}


class Writer:
    """Writes output records to a file (or standard output as UTF-8)."""

    def __init__(self, out: Path | None, fmt: str, resume_into: Path | None, source: str):
        self.out, self.fmt, self.source = out, fmt, source
        self.target = resume_into or (partial_path(out) if out else None)
        self.appending = resume_into is not None
        self.digest = hashlib.sha256()
        self.count = 0
        self.waiting: deque[bytes] = deque()  # hashes of records read but not yet answered

    def __enter__(self) -> Writer:
        if self.target is None:
            sys.stdout.flush()
            self.file = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8",
                                         errors="backslashreplace", newline="",
                                         write_through=False)
        else:
            self.file = open(self.target, "a" if self.appending else "w",  # noqa: SIM115
                             newline="", encoding="utf-8", errors="backslashreplace")
        if self.fmt == "csv":
            self.csv = csv.DictWriter(self.file, COLUMNS)
            if not (self.appending and self.target.stat().st_size):
                self.csv.writeheader()
        return self

    def answered(self, record: InputRecord) -> None:
        """An input record whose output is already there (skipped on resume)."""
        self.digest.update(record_hash(record))
        self.count += 1

    def read(self, record: InputRecord) -> None:
        """An input record on its way to be decided (outputs come back in input order)."""
        self.waiting.append(record_hash(record))

    def write(self, result: OutputRecord) -> None:
        self.digest.update(self.waiting.popleft())
        self.count += 1
        if self.fmt == "csv":
            self.csv.writerow(result.csv_row)
        else:
            self.file.write(result.line + "\n")

    def flush(self) -> None:
        self.file.flush()
        if self.out is not None:
            note = dict(input_identity(self.source), records=self.count,
                        prefix=self.digest.hexdigest())
            temporary = note_path(self.out).with_suffix(".tmp")
            temporary.write_text(json.dumps(note), encoding="utf-8")
            os.replace(temporary, note_path(self.out))

    def finish(self, complete: bool, keep: bool = True) -> None:
        """Close; put the records in place as OUT (``keep``) or remove what this run began;
        keep the note only if the run is incomplete."""
        if self.target is None:
            self.file.flush()
            self.file.detach()
            return
        self.file.flush()
        self.file.close()
        if not keep:
            if not self.appending:
                self.target.unlink(missing_ok=True)
            note_path(self.out).unlink(missing_ok=True)
            return
        if self.target != self.out:
            os.replace(self.target, self.out)
        if complete:
            note_path(self.out).unlink(missing_ok=True)

    def __exit__(self, *exc) -> None:
        return None
