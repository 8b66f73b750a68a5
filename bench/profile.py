"""Where a batch's time goes: decide a generated export in one process, the way a batch worker
does, and print microseconds per case for each phase (exclusive: a phase's own time, not the
phases it calls).

    python bench/profile.py --cases 20000 [--schema v1] [--detail summary]

Then, over the same decisions, the record and serialisation alone for each shape (v1
``to_json_dict``, decision.v2 full and summary): µs and bytes per case. Prints figures; asserts
nothing. The first ``--warm`` cases fill the run cache and are not
counted, as in a long batch.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_export  # noqa: E402

from pocapace.engine import api  # noqa: E402
from pocapace.engine.cases import (  # noqa: E402
    RawCase,
    input_hashes,  # noqa: E402
    validate_case,
)
from pocapace.engine.core.errors import PocapaceError  # noqa: E402
from pocapace.engine.decision.lean import LeanEncoder  # noqa: E402
from pocapace.engine.decision.model import Decision, json_line  # noqa: E402
from pocapace.engine.regimes.pace import PaceRegime  # noqa: E402
from pocapace.engine.regimes.poca import PocaRegime  # noqa: E402
from pocapace.engine.tools.batch import work  # noqa: E402
from pocapace.engine.tools.batch.readers import read_records  # noqa: E402
from pocapace.engine.tools.batch.run import _engine  # noqa: E402

PHASES = [  # (what, owner, attribute)
    ("validate the case (pydantic)", work, "validate_case"),
    ("build facts", PaceRegime, "build_facts"),
    ("build facts", PocaRegime, "build_facts"),
    ("run key, cache get/put, renumber", api.Engine, "_run"),
    ("network run (cache misses)", api, "run_facts"),
    ("input hash", api, "input_hash"),
    ("compose (trace, routes, duties)", api, "compose_decision"),
    ("to_json_dict", Decision, "to_json_dict"),
    ("decision.v2 record", LeanEncoder, "record"),
    ("serialise (json_line)", work, "json_line"),
]

REPEATS = 5
spent: dict[str, float] = defaultdict(float)
stack: list[list] = []


def timed(name: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        frame = [name, 0.0]  # [phase, time spent in phases it called]
        stack.append(frame)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total = time.perf_counter() - start
            stack.pop()
            spent[name] += total - frame[1]
            if stack:
                stack[-1][1] += total
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--warm", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--schema", choices=["v2", "v1"], default="v2")
    parser.add_argument("--detail", choices=["full", "summary"], default="full")
    args = parser.parse_args()
    shape = work.Shape(args.schema, args.detail)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        write_export(export, args.cases + args.warm, args.seed)
        engine = _engine(None, None, False)
        hashes = input_hashes(engine.register_path, None)
        records = list(read_records(str(export)))
    for record in records[:args.warm]:
        work.decide_record(engine, record, "jsonl", (), hashes, shape=shape)
    for name, owner, attribute in PHASES:
        setattr(owner, attribute, timed(name, getattr(owner, attribute)))
    counted = records[args.warm:]
    hits, misses = engine.runs.hits, engine.runs.misses
    start = time.perf_counter()
    for record in counted:
        work.decide_record(engine, record, "jsonl", (), hashes, shape=shape)
    total = time.perf_counter() - start
    hits, misses = engine.runs.hits - hits, engine.runs.misses - misses
    print(f"{len(counted):,} cases in one process, {total / len(counted) * 1e6:,.0f} µs per case; "
          f"run cache: {hits:,} hits, {misses:,} misses "
          f"({misses / max(hits + misses, 1):.0%} miss)")
    print("| phase | µs per case |\n|---|---|")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {name} | {seconds / len(counted) * 1e6:,.0f} |")
    rest = total - sum(spent.values())
    print(f"| everything else (reading records, error records, dispatch) | "
          f"{rest / len(counted) * 1e6:,.0f} |")
    for _name, owner, attribute in PHASES:  # untimed again, for the shapes alone
        setattr(owner, attribute, getattr(owner, attribute).__wrapped__)
    shapes(engine, counted)


def shapes(engine, records) -> None:
    """The record and its serialisation alone, per shape, over the same decisions."""
    decisions = []
    for record in records:
        if record.error is None:
            try:
                regime, case = validate_case(RawCase(record.data, record.source,
                                                     record.position))
                decisions.append(engine.decide(regime, case, record.position))
            except PocapaceError:
                continue
    encoder = work._encoder(engine)
    forms = [("v1 (to_json_dict + json_line)", lambda d: json_line(d.to_json_dict())),
             ("decision.v2 full", lambda d: json_line(encoder.record(d))),
             ("decision.v2 summary", lambda d: json_line(encoder.record(d, "summary")))]
    print(f"\n{len(decisions):,} decisions: record and serialisation alone (the best of "
          f"{REPEATS} rounds, the shapes taking turns)\n"
          "| shape | µs per case | bytes per case |\n|---|---|---|")
    best = {name: float("inf") for name, _ in forms}
    for _ in range(REPEATS):
        for name, form in forms:
            start = time.perf_counter()
            for decision in decisions:
                form(decision)
            best[name] = min(best[name], time.perf_counter() - start)
    for name, form in forms:
        size = sum(len(form(d).encode()) for d in decisions)
        print(f"| {name} | {best[name] / len(decisions) * 1e6:,.0f} | "
              f"{size / len(decisions):,.0f} |")


if __name__ == "__main__":
    main()
