"""Benchmark: wall time of one `pocapace check` of one case file, as a user runs it.

Prints figures; asserts nothing. Run with `make bench` or `python bench/check.py [--runs N]
[--reference EXE]`. The first run after a change to the rules or the engine fills the
compiled-rules cache (~/.cache/pocapace), so it is reported separately from the warm runs.
``--reference`` times another build's ``pocapace`` (say, main's) on the same case, its runs
interleaved with this build's, so a busy machine disturbs both alike; Python's own start-up
is timed the same way. Beside each wall-time median is the median CPU time (user + system) of
the run's process, which a shared machine disturbs less. The runs may write bytecode
(``PYTHONDONTWRITEBYTECODE`` is dropped), as an installed pocapace has it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "pace-s63b": ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml",
}
POCA = sorted((ROOT / "cases" / "poca-s75").glob("*.yaml"))
if POCA:
    CASES["poca-s75"] = POCA[0]


def pocapace() -> str:
    exe = Path(sys.executable).with_name("pocapace")
    return str(exe) if exe.exists() else "pocapace"


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, _cpu() - cpu


def shown(name: str, runs: list[tuple[float, float]]) -> str:
    times = [wall for wall, _ in runs]
    return (f"  {name} ({len(times)} runs): median {statistics.median(times):.3f} s, "
            f"min {min(times):.3f} s, max {max(times):.3f} s; "
            f"CPU median {statistics.median(cpu for _, cpu in runs):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reference", metavar="EXE", help="another build's pocapace")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, POCAPACE_CACHE=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for regime, case in CASES.items():
            builds = {"this build": pocapace(), **({"reference": args.reference}
                                                    if args.reference else {})}
            cold = {name: timed([exe, "check", str(case)], env) for name, exe in builds.items()}
            warm: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
            bare = []
            for _ in range(args.runs):
                for name, exe in builds.items():
                    warm[name].append(timed([exe, "check", str(case)], env))
                bare.append(timed([sys.executable, "-c", "pass"], env))
            print(f"{regime}: pocapace check {case.name}")
            for name in builds:
                print(f"  {name}: first run (fills the rules cache) {cold[name][0]:.3f} s")
                print(shown(f"{name}, warm", warm[name]))
            print(shown("python start-up alone", bare))


if __name__ == "__main__":
    main()
