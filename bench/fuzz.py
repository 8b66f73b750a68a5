"""Fuzz: mutate worked cases and the case schema's fields, feed them to `pocapace check` and to
whole batches, and count what breaks the promise that bad input gets one clear error.

    python bench/fuzz.py 100000 [--seed S] [--jobs J]

Counts (target 0 of each): crashes (a traceback, an exit 1, a `fault` record), hangs (an input
over 10 s), wrong exits (anything but 0 or 2; an exit 2 whose message names no field or line),
lost or duplicated records (a batch whose output is not one record per input record, in
order). tests/test_fuzz.py runs the same generator for a few seconds in `make test`.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HANG_SECONDS = 10
KINDS = {"crash": "crashes", "hang": "hangs (over 10 s)", "wrong exit": "wrong exits",
         "lost or duplicated": "batches with lost or duplicated records",
         "fault": "fault records in batches"}
FIELD = re.compile(r"^Error: .+ \(([^()]+)\): ", re.S)

NASTY = [
    None, True, 0, -1, -5000, 10**30, 10**400, 1.5, -0.01, 1e308, "NaN", "Infinity", "-5000",
    "1999.995", "£3,800", "", " ", "x" * 20_000, "\u00e9\u00a3\u2713\U0001F600", "\ud800",
    "0001-01-01", "9999-12-31", "2026-02-30", "2026-03-14T10:20:00+05:00", "2026-03-14T25:00",
    [], {}, [1, [2, [3]]], {"from": "2026-01-01"}, "pace", "poca-s75", "pace-s63b", "\t",
]
DATES = ["0001-01-01", "9999-12-31", "1900-02-29", "2000-02-29", "2026-03-14T10:20:00Z"]
KEYS = ["dob", "surname", "regime", "id", "at", "offences", "convictions", "benefit", "Offence"]


def seeds() -> list[dict]:
    """Every worked case, without its trainer's fields."""
    found = []
    for path in sorted((ROOT / "cases").rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(document, dict) and "regime" in document:
                found.append({k: v for k, v in document.items()
                              if k not in ("expect", "notes", "title", "tags")})
    return found


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _paths(item, (*path, n))


def _set(root, path, value):
    if not path:
        return value
    target = root
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return root


def _nested(depth: int):
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def mutate_data(rng: random.Random, case: dict):
    """A case with one to three fields changed, dropped or added."""
    data = copy.deepcopy(case)
    for _ in range(rng.randint(1, 3)):
        paths = list(_paths(data))
        path = rng.choice(paths)
        kind = rng.random()
        if kind < 0.5:
            value = rng.choice(NASTY + DATES + [_nested(rng.choice([30, 60]))])
            data = _set(data, path, copy.deepcopy(value))
        elif kind < 0.7 and path:
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, list) and parent:
                parent.pop()
        elif kind < 0.85:
            target = data
            for part in path:
                if not isinstance(target[part], (dict, list)):
                    break
                target = target[part]
            if isinstance(target, dict):
                target[rng.choice(KEYS)] = rng.choice(NASTY)
            elif isinstance(target, list) and target:
                target.extend(copy.deepcopy(target[:1]) * rng.choice([2, 100, 400]))
        else:
            data = rng.choice([[data], [data, data], "text", 42, None, []])
    return data


def _yaml_text(data) -> str:
    if isinstance(data, str):
        return data
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, RecursionError):
        return _json_text(data)


def _json_text(data) -> str:
    return json.dumps(data, default=str, ensure_ascii=False)


TEXT_MUTATIONS = [
    lambda t, r: t,
    lambda t, r: t,
    lambda t, r: "\ufeff" + t,
    lambda t, r: t.replace("  ", "\t", 1),
    lambda t, r: t + ("\n" if not t.endswith("\n") else "") + t.split("\n", 1)[0] + "\n",
    lambda t, r: t[: r.randint(0, len(t))],
    lambda t, r: t + "---\n\ufeff" + t,
    lambda t, r: "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, k in zip("abcdefgh", "bcdefghi",
                                                                             strict=True)) + t,
    lambda t, r: "? [a, b]\n: 1\n" + t,
    lambda t, r: "x: !!set {a, b}\n" + t,
    lambda t, r: "x: !!timestamp 2026-02-30\n" + t,
    lambda t, r: "x: !!int 0xZZ\n" + t,
    lambda t, r: "x: &r [*r]\n" + t,
    lambda t, r: "[" * 5000 + "]" * 5000,
    lambda t, r: "regime: pace-s63b\nx:\n" + "".join("  " * n + "- \n" for n in range(1, 200)),
    lambda t, r: "x: " + "9" * 5000 + "\n" + t,
]


def generate(rng: random.Random, cases: list[dict]) -> tuple[str, bytes]:
    """(file suffix, bytes) of one mutated case file."""
    data = mutate_data(rng, rng.choice(cases)) if rng.random() < 0.9 else rng.choice(cases)
    if rng.random() < 0.4:
        text = _json_text(data)
        if rng.random() < 0.3:
            text = text.replace("{", '{"id": 1, "id": 2, ', 1)
        suffix = ".json"
    else:
        text = rng.choice(TEXT_MUTATIONS)(_yaml_text(data), rng)
        suffix = ".yaml"
    raw = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        at = rng.randint(0, len(raw))
        raw = raw[:at] + rng.choice([b"\xff", b"\x80\x81", b"\xe9", b"\x00"]) + raw[at:]
    return suffix, raw


def record_line(rng: random.Random, cases: list[dict]) -> bytes:
    """One JSON Lines record: a mutated case, or now and then a line that is not one."""
    data = mutate_data(rng, rng.choice(cases)) if rng.random() < 0.9 else rng.choice(cases)
    line = _json_text(data).encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        line = line[: rng.randint(0, len(line))] + rng.choice([b"\xff", b"{", b"\xe9"])
    return line.replace(b"\n", b" ") + b"\n"


class Hang(Exception):
    pass


def _alarm(number, frame):
    raise Hang


def check_problem(runner, main, folder: Path, suffix: str, data: bytes) -> str | None:
    """What went wrong when `pocapace check` read one fuzzed file ("decided" or "refused"
    when nothing did)."""
    path = folder / f"case{suffix}"
    path.write_bytes(data)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        result = runner.invoke(main, ["check", str(path), "--format", "json"])
    except Hang:
        return "hang"
    finally:
        signal.alarm(0)
    output = result.output
    if isinstance(result.exception, Hang):
        return "hang"
    if result.exit_code == 1 or "Traceback" in output or (
            result.exception and not isinstance(result.exception, SystemExit)):
        return "crash"
    if result.exit_code not in (0, 2):
        return "wrong exit"
    if result.exit_code == 2 and not FIELD.match(output):
        return "wrong exit"
    return "decided" if result.exit_code == 0 else "refused"


def batch_problem(runner, main, folder: Path, lines: list[bytes]) -> list[str]:
    """What went wrong in one batch of fuzzed JSON Lines records (one problem per kind)."""
    source, out = folder / "in.jsonl", folder / "out.jsonl"
    source.write_bytes(b"".join(lines))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS * len(lines))
    try:
        result = runner.invoke(main, ["batch", str(source), "--out", str(out), "--jobs", "1"])
    except Hang:
        return ["hang"]
    finally:
        signal.alarm(0)
    problems = []
    if result.exit_code != 0 or "Traceback" in result.output:
        problems.append("crash" if result.exit_code == 1 else "wrong exit")
    written = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    expected = [f"line {n}" for n, line in enumerate(lines, start=1) if line.strip()]
    positions = [json.loads(w).get("input", {}).get("position") for w in written]
    if positions != expected:
        problems.append("lost or duplicated")
    faults = sum(1 for w in written if json.loads(w).get("outcome") == "fault")
    problems.extend(["fault"] * faults)
    return problems


COMMAND = [sys.executable, "-c", "from pocapace.cli.entry import run; run()", "batch"]
STOPPED = (0, 128 + signal.SIGINT, 128 + signal.SIGTERM, -signal.SIGKILL)


def interrupt_chain(source: Path, out: Path, reference: bytes, jobs: int, signals: list,
                    rng: random.Random) -> list[str]:
    """Run a batch, stopping it with each signal at a random moment and resuming each time;
    the problems found (a traceback, a wrong exit, output unlike the uninterrupted run's)."""
    command = [*COMMAND, str(source), "--out", str(out), "--jobs", str(jobs)]
    problems = []
    for n, number in enumerate(signals):
        process = subprocess.Popen(command + (["--resume"] if n else []),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 1.2))
        process.send_signal(number)
        _, stderr = process.communicate(timeout=120)
        told = "--resume" in stderr or "nothing more was written" in stderr
        if "Traceback" in stderr or process.returncode not in STOPPED or (
                process.returncode in STOPPED[1:3] and not told):
            problems.append(f"{signal.Signals(number).name} -> {process.returncode}: {stderr}")
    final = subprocess.run(command + ["--resume"], capture_output=True, text=True, timeout=600)
    if final.returncode != 0:
        problems.append(f"the last resume exited {final.returncode}: {final.stderr}")
    elif out.read_bytes() != reference:
        problems.append("the resumed output differs from the uninterrupted output")
    return problems


def interrupts(count: int, seed: str) -> list[str]:
    """``count`` random interrupts (SIGINT, SIGTERM, SIGKILL) of a batch of 2,000 fuzzed
    records, resumed each time, with one and two workers."""
    rng = random.Random(f"{seed}:interrupts")
    cases = seeds()
    problems = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source, reference = folder / "in.jsonl", folder / "reference.jsonl"
        source.write_bytes(b"".join(record_line(rng, cases) for _ in range(2000)))
        subprocess.run([*COMMAND, str(source), "--out", str(reference), "--jobs", "1"],
                       capture_output=True, check=True, timeout=600)
        kinds = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]
        for jobs in (1, 2):
            signals = [rng.choice(kinds) for _ in range(count // 2)]
            problems += interrupt_chain(source, folder / f"out-{jobs}.jsonl",
                                        reference.read_bytes(), jobs, signals, rng)
    return problems


def _work(arguments) -> tuple[Counter, list]:
    start, count, seed, batch_size = arguments
    from click.testing import CliRunner

    from pocapace.cli.main import main

    cases, runner, found, examples = seeds(), CliRunner(), Counter(), []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        n = start
        while n < start + count:
            rng = random.Random(f"{seed}:{n}")
            if rng.random() < 0.01:  # now and then a whole batch of records
                size = min(batch_size, start + count - n)
                problems = batch_problem(runner, main, folder,
                                         [record_line(rng, cases) for _ in range(size)])
                found["batch records"] += size
                n += size
            else:
                suffix, data = generate(rng, cases)
                problem = check_problem(runner, main, folder, suffix, data)
                problems = [problem]
                found["check inputs"] += 1
                if problem in KINDS and len(examples) < 5:
                    examples.append((problem, suffix, data[:300]))
                n += 1
            found.update(problems)
    return found, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=2000, help="inputs to try")
    parser.add_argument("--seed", default="pocapace")
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--batch-size", type=int, default=40)
    parser.add_argument("--interrupts", type=int, default=0,
                        help="also stop a batch this many times at random and resume it")
    args = parser.parse_args()
    started = time.perf_counter()
    share = -(-args.n // args.jobs)
    parts = [(k * share, min(share, args.n - k * share), args.seed, args.batch_size)
             for k in range(args.jobs) if k * share < args.n]
    with multiprocessing.get_context("fork").Pool(len(parts)) as pool:
        results = pool.map(_work, parts)
    total, examples = Counter(), []
    for found, shown in results:
        total.update(found)
        examples.extend(shown)
    print(f"{args.n:,} inputs ({total['check inputs']:,} case files through check, "
          f"{total['batch records']:,} records in batches) in "
          f"{time.perf_counter() - started:,.0f} s; check decided {total['decided']:,} and "
          f"refused {total['refused']:,} with a message naming the field or line")
    for kind, label in KINDS.items():
        print(f"  {label}: {total[kind]:,}")
    for kind, suffix, data in examples[:5]:
        print(f"  e.g. {kind} ({suffix}): {data!r}")
    stops = interrupts(args.interrupts, args.seed) if args.interrupts else []
    if args.interrupts:
        print(f"  {args.interrupts} interrupts and resumes: {len(stops)} problems")
        for problem in stops[:5]:
            print(f"  e.g. {problem[:300]}")
    sys.exit(1 if stops or any(total[k] for k in KINDS) else 0)


if __name__ == "__main__":
    main()
