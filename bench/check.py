"""Benchmark: wall time of one `pocapace check` of one case file, as a user runs it.

Prints figures; asserts nothing. Run with `make bench` or `python bench/check.py [--runs N]`.
The first run after a change to the rules or the engine fills the compiled-rules cache
(~/.cache/pocapace), so it is reported separately from the warm runs.
"""

from __future__ import annotations

import argparse
import os
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


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, POCAPACE_CACHE=cache)
        for regime, case in CASES.items():
            command = [pocapace(), "check", str(case)]
            cold = timed(command, env)
            warm = [timed(command, env) for _ in range(args.runs)]
            print(f"{regime}: pocapace check {case.name}")
            print(f"  first run (fills the rules cache): {cold:.3f} s")
            print(f"  warm runs ({args.runs}): median {statistics.median(warm):.3f} s, "
                  f"min {min(warm):.3f} s, max {max(warm):.3f} s")
    bare = [timed([sys.executable, "-c", "pass"], dict(os.environ)) for _ in range(args.runs)]
    print(f"python startup alone: median {statistics.median(bare):.3f} s")


if __name__ == "__main__":
    main()
