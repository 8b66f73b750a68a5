"""Running a batch: stream the records, decide them in worker processes, write each output
record in input order as soon as it is ready, and keep the counts for the summary.

Everything a user gave (--codes, --register, the output path) is checked in the parent
before any record is decided; a record that faults becomes a ``fault`` record and the batch
goes on; SIGINT or SIGTERM stop it cleanly after the records already written.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ...api import Engine
from ...cases import load_user_register
from ...core.errors import InputError
from ...decision.manifest import rules_manifest
from .codes import load_code_table
from .columnmap import ColumnMap
from .inputsize import InputSize
from .output import Writer, check_output_path
from .pool import Pool
from .readers import read_records
from .records import InputRecord, OutputRecord
from .resume import check_prefix, check_skipped, existing_output
from .sidecar import write_sidecar
from .verify import Verifier
from .work import Shape, Side, decide_record, fault_record

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
    #: The law scenario every case is decided under (None: the law in force).
    assume: str | None = None
    #: Decide every case under the law in force and under this scenario, and report changes.
    compare_assume: str | None = None
    would_change: bool = False
    allow_empty: bool = False
    #: Decide one record in this many again the full, slow way and stop on any difference.
    verify_every: int | None = None
    #: JSON Lines: ``decision.v2`` records (``v1``: the records of ``check --format json``),
    #: with the trace (``full``) or without it (``summary``).
    schema: str = "v2"
    detail: str = "full"
    warn: Callable[[str], None] = lambda message: None


@dataclass
class Summary:
    total: int = 0
    skipped: int = 0
    outcomes: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    changed: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: Cases whose outcome stayed the same but whose routes or tests met changed, by
    #: (outcome, before, after).
    route_changes: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    #: Bytes of input in all and read so far, when the input's size is known (for progress).
    input_total: int | None = None
    input_read: int | None = None
    #: The signal that stopped the run early, if one did.
    stopped_by: int | None = None

    @property
    def error_count(self) -> int:
        return self.outcomes["error"] + self.outcomes["fault"]

    def add(self, result: OutputRecord) -> None:
        self.total += 1
        self.outcomes[result.outcome] += 1
        self.labels.update(result.labels)
        if result.outcome in ("error", "fault") and len(self.errors) < 20:
            self.errors.append(result.line or str(result.csv_row))
        if result.changed and result.changed[0] == result.changed[1]:
            key = (result.outcome, " ".join(result.labels_before or []) or "none",
                   " ".join(result.labels) or "none")
            self.route_changes.setdefault(key, []).append(result.case_id or "?")
        elif result.changed:
            self.changed.setdefault(result.changed, []).append(result.case_id or "?")


class Stop:
    """SIGINT and SIGTERM set a flag the run checks between chunks (a record is never torn)."""

    def __init__(self):
        self.signal: int | None = None
        self.saved: dict[int, object] = {}

    def __enter__(self) -> Stop:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                self.saved[number] = signal.signal(number, self._caught)
        return self

    def _caught(self, number, frame) -> None:
        self.signal = number

    def __call__(self) -> bool:
        return self.signal is not None

    def __exit__(self, *exc) -> None:
        for number, handler in self.saved.items():
            signal.signal(number, handler)


def _engine(register: Path | None, codes: Path | None, would_change: bool,
            scenario: str | None = None) -> Engine:
    """A batch's own engine (its settings and code tables must not leak into other users)."""
    if register is not None:
        load_user_register(register)
    engine = Engine(None, register, scenario)
    engine.explain_changes = would_change
    if codes is not None:
        engine.catalogues.references.add_table(load_code_table(codes, engine.catalogues.offences))
        engine.code_table = codes
    engine.remember_runs(persist=True, freeze=True)
    return engine


def chunks(records: Iterator[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    while batch := list(islice(records, size)):
        yield batch


def run_batch(options: BatchOptions, on_progress: Callable[[Summary], None] = lambda s: None
              ) -> Summary:
    """Decide every record of ``options.source`` and write one output record per input record.

    A batch in this process freezes the cyclic collector's view of its trace templates
    (``TraceTemplates``); afterwards the collector is given them back, so its caller (the
    service, a test, a notebook) keeps a collector that sees everything and the batch's
    engine can be freed. A caller that had frozen objects itself is left as it was."""
    frozen = gc.get_freeze_count()
    try:
        return _run_batch(options, on_progress)
    finally:
        if not frozen:
            gc.unfreeze()


def _run_batch(options: BatchOptions, on_progress: Callable[[Summary], None]) -> Summary:
    check_output_path(options.out, [options.source, options.codes, options.register])
    engine = _engine(options.register, options.codes, options.would_change, options.assume)
    sides = _sides(options, engine)
    v2 = options.fmt == "jsonl" and options.schema == "v2"
    engines = [engine, *(side.engine for side in sides)]
    existing = existing_output(options.out, options.fmt, options.source,
                               [rules_manifest(e) for e in engines] if v2 else None) \
        if options.resume and options.out else None
    if v2 and options.out is not None:
        write_sidecar(options.out, engines, keep=existing is not None)
    summary = Summary()
    start = time.perf_counter()
    writer = Writer(options.out, options.fmt, existing.target if existing else None,
                    options.source)
    size = InputSize()
    records = read_records(options.source, options.input_format, options.mapping,
                           options.regime, options.warn, size)

    hashes = engine.input_hashes()
    complete = False
    with Stop() as stop, writer:
        try:
            pending = _skip(options, existing, records, writer, summary)
            for results in _decided(options, engine, sides, hashes, pending, stop):
                for result in results:
                    writer.write(result)
                    summary.add(result)
                writer.flush()
                summary.seconds = time.perf_counter() - start
                summary.input_total, summary.input_read = size.total, size.read()
                on_progress(summary)
            complete = stop.signal is None
        except KeyboardInterrupt:
            stop.signal = stop.signal or signal.SIGINT
        except BaseException:
            writer.finish(False, keep=bool(summary.total) or existing is not None)
            raise
        empty = complete and not summary.total and not summary.skipped and \
            not options.allow_empty
        writer.finish(complete, keep=(complete and not empty) or bool(summary.total)
                      or existing is not None)
    if empty:
        raise InputError(f"{options.source} holds no records to decide (give --allow-empty "
                         "if that is expected)")
    summary.stopped_by = stop.signal
    summary.seconds = time.perf_counter() - start
    return summary


def _skip(options: BatchOptions, existing, records: Iterator[InputRecord], writer: Writer,
          summary: Summary) -> Iterator[InputRecord]:
    """The records still to decide; those the output already answers are checked and counted."""
    answered = len(existing.records) if existing else 0
    for record in records:
        if writer.count < answered:
            check_skipped(options.out, existing, record, writer.count)
            writer.answered(record)
            result = existing.records[writer.count - 1]
            summary.add(result)
            summary.total -= 1
            summary.skipped += 1
            check_prefix(options.out, existing, writer.count, writer.digest.hexdigest())
            continue
        writer.read(record)
        yield record
    if writer.count < answered:
        raise InputError(f"Cannot resume {options.out}: it holds {answered:,} records but the "
                         f"input has only {writer.count:,}; the output was made from another "
                         "input. Run without --resume to start again")


def _sides(options: BatchOptions, engine: Engine) -> list[Side]:
    """What a comparison decides each case under: two days' law, or the law and a scenario."""
    if options.compare_at:
        return [Side(str(at.date()), engine, at) for at in options.compare_at]
    if options.compare_assume:
        other = _engine(options.register, options.codes, options.would_change,
                        options.compare_assume)
        return [Side(engine.scenario.id if engine.scenario else "law in force", engine),
                Side(other.scenario.id, other)]
    return []


def _decided(options: BatchOptions, engine: Engine, sides: list[Side], hashes: dict,
             records: Iterator[InputRecord], stop: Stop):
    """Lists of output records, in input order; at most a few chunks in flight at once."""

    shape = Shape(options.schema, options.detail)
    verifier = Verifier(options.verify_every, lambda r: decide_record(
        engine, r, options.fmt, sides, hashes, reference=True, shape=shape)) \
        if options.verify_every else None

    def decide(chunk: list[InputRecord]) -> list[OutputRecord]:
        results = [decide_record(engine, r, options.fmt, sides, hashes, shape=shape)
                   for r in chunk]
        if verifier is not None:
            verifier.check(chunk, results)
        return results

    if options.jobs <= 1:
        for chunk in chunks(records, CHUNK):
            if stop():
                return
            yield decide(chunk)
        for used in {id(e): e for e in [engine, *(side.engine for side in sides)]}.values():
            used.runs.save()  # the next batch over the same law starts warm
        return
    pool = Pool(options.jobs, decide, lambda r, m: fault_record(r, m, options.fmt, shape), stop)
    try:
        yield from pool.results(chunks(records, CHUNK))
        pool.close()
    finally:
        pool.stop()


def summary_json(summary: Summary) -> str:
    buffer = io.StringIO()
    json.dump({"records": summary.total + summary.skipped, "decided_now": summary.total,
               "skipped": summary.skipped,
               "outcomes": dict(summary.outcomes), "routes_or_tests": dict(summary.labels),
               "errors": summary.error_count, "faults": summary.outcomes["fault"],
               "seconds": round(summary.seconds, 3), "stopped": summary.stopped_by is not None,
               "changed": {f"{a} -> {b}": ids for (a, b), ids in summary.changed.items()},
               "route_changes": {f"{o}: {a} -> {b}": ids
                                 for (o, a, b), ids in summary.route_changes.items()}},
              buffer, indent=2)
    return buffer.getvalue()
