"""Running a batch: stream the records, decide them in worker processes, write each output
record in input order as soon as it is ready, and keep the counts for the summary."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ...api import Engine
from .codes import load_code_table
from .csvflat import ColumnMap
from .readers import read_records
from .records import InputRecord, OutputRecord
from .resume import already_decided
from .summary_row import COLUMNS
from .work import decide_record

CHUNK = 50


@dataclass
class BatchOptions:
    source: str
    out: Path | None = None
    fmt: str = "jsonl"
    input_format: str | None = None
    mapping: ColumnMap = field(default_factory=ColumnMap)
    codes: Path | None = None
    regime: str | None = None
    register: Path | None = None
    jobs: int = 1
    resume: bool = False
    compare_at: list[dt.datetime] = field(default_factory=list)
    would_change: bool = False


@dataclass
class Summary:
    total: int = 0
    skipped: int = 0
    outcomes: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    changed: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def error_count(self) -> int:
        return self.outcomes["error"] + self.outcomes["fault"]

    def add(self, result: OutputRecord) -> None:
        self.total += 1
        self.outcomes[result.outcome] += 1
        self.labels.update(result.labels)
        if result.outcome in ("error", "fault") and len(self.errors) < 20:
            self.errors.append(result.line or str(result.csv_row))
        if result.changed:
            self.changed.setdefault(result.changed, []).append(result.case_id or "?")


# ------------------------------------------------------------ workers

_ENGINE: Engine | None = None


def _engine(register: Path | None, codes: Path | None, would_change: bool) -> Engine:
    """A batch's own engine (its settings and code tables must not leak into other users)."""
    engine = Engine(None, register)
    engine.explain_changes = would_change
    if codes is not None:
        engine.catalogues.references.add_table(load_code_table(codes, engine.catalogues.offences))
    engine.remember_runs()
    return engine


def _decide_chunk(settings: tuple, records: list[InputRecord], fmt: str, compare_at
                  ) -> list[OutputRecord]:
    """Decide a chunk in a worker; the worker builds its engine on its first chunk.

    Not in a pool initializer: an initializer that raises makes the pool respawn workers
    for ever, where an error here reaches the parent through the chunk's result.
    """
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _engine(*settings)
    return [decide_record(_ENGINE, r, fmt, compare_at) for r in records]


# ------------------------------------------------------------ the run

def chunks(records: Iterator[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def run_batch(options: BatchOptions, on_progress: Callable[[Summary], None] = lambda s: None
              ) -> Summary:
    """Decide every record of ``options.source`` and write one output record per input record."""
    summary = Summary()
    done = already_decided(options.out, options.fmt) if options.resume else set()
    records = _pending(read_records(options.source, options.input_format, options.mapping,
                                    options.regime), done, summary)
    start = time.perf_counter()
    with _Writer(options.out, options.fmt, append=options.resume) as writer:
        for results in _decided(options, records):
            for result in results:
                writer.write(result)
                summary.add(result)
            writer.flush()
            summary.seconds = time.perf_counter() - start
            on_progress(summary)
    summary.seconds = time.perf_counter() - start
    return summary


def _pending(records: Iterator[InputRecord], done: set, summary: Summary):
    for record in records:
        if (record.source, record.position) in done:
            summary.skipped += 1
            continue
        yield record


def _decided(options: BatchOptions, records: Iterator[InputRecord]):
    """Lists of output records, in input order; at most a few chunks in flight at once."""
    if options.jobs <= 1:
        engine = _engine(options.register, options.codes, options.would_change)
        for chunk in chunks(records, CHUNK):
            yield [decide_record(engine, r, options.fmt, options.compare_at) for r in chunk]
        return
    context = multiprocessing.get_context("fork")
    settings = (options.register, options.codes, options.would_change)
    with context.Pool(options.jobs) as pool:
        pending: deque = deque()
        for chunk in chunks(records, CHUNK):
            pending.append(pool.apply_async(_decide_chunk, (settings, chunk, options.fmt,
                                                            options.compare_at)))
            if len(pending) >= options.jobs * 4:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class _Writer:
    """Writes output records to a file (or standard output), flushed after every chunk."""

    def __init__(self, out: Path | None, fmt: str, append: bool):
        self.out, self.fmt, self.append = out, fmt, append

    def __enter__(self) -> _Writer:
        import sys

        if self.out is None:
            self.file = sys.stdout
        else:
            new = not (self.append and self.out.exists() and self.out.stat().st_size)
            self.file = open(self.out, "a" if self.append else "w", newline="",  # noqa: SIM115
                             encoding="utf-8")
        if self.fmt == "csv":
            self.csv = csv.DictWriter(self.file, COLUMNS)
            if self.out is None or new:
                self.csv.writeheader()
        return self

    def write(self, result: OutputRecord) -> None:
        if self.fmt == "csv":
            self.csv.writerow(result.csv_row)
        else:
            self.file.write(result.line + "\n")

    def flush(self) -> None:
        self.file.flush()

    def __exit__(self, *exc) -> None:
        if self.out is not None:
            self.file.close()


def summary_json(summary: Summary) -> str:
    buffer = io.StringIO()
    json.dump({"records": summary.total, "skipped": summary.skipped,
               "outcomes": dict(summary.outcomes), "routes_or_tests": dict(summary.labels),
               "errors": summary.error_count, "seconds": round(summary.seconds, 3),
               "changed": {f"{a} -> {b}": ids for (a, b), ids in summary.changed.items()}},
              buffer, indent=2)
    return buffer.getvalue()
