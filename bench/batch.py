"""Benchmark: `pocapace batch` over a generated mixed export (both regimes, 2% bad records).

Reports cases per second, peak memory (all processes of the run together) and the outcome
mix, single-process and with --jobs. Prints figures; asserts nothing.

    python bench/batch.py --cases 10000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_export  # noqa: E402


def rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                total += sum(rss_kb(int(c)) for c in children.read().split())
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return total


def run(export: Path, out: Path, jobs: int) -> dict:
    exe = Path(sys.executable).with_name("pocapace")
    summary = out.with_suffix(".summary.json")
    command = [str(exe if exe.exists() else "pocapace"), "batch", str(export), "--out", str(out),
               "--jobs", str(jobs), "--summary", str(summary)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], rss_kb(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    sampler.join()
    seconds = time.perf_counter() - start
    result = json.loads(summary.read_text())
    lines = sum(1 for _ in out.open())
    return {"seconds": seconds, "peak_mb": peak[0] / 1024, "records": result["records"],
            "lines": lines, "outcomes": result["outcomes"], "errors": result["errors"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--single", action="store_true", help="also run with --jobs 1")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.csv"
        start = time.perf_counter()
        write_export(export, args.cases, args.seed)
        print(f"generated {args.cases:,} cases ({export.stat().st_size / 1e6:.1f} MB CSV) in "
              f"{time.perf_counter() - start:.1f} s")
        for jobs in ([1] if args.single else []) + [args.jobs]:
            figures = run(export, Path(folder) / f"out-{jobs}.jsonl", jobs)
            rate = figures["records"] / figures["seconds"]
            print(f"--jobs {jobs}: {figures['records']:,} records in {figures['seconds']:.1f} s "
                  f"({rate:,.0f}/s), peak memory {figures['peak_mb']:.0f} MB, "
                  f"{figures['lines']:,} output lines, errors {figures['errors']:,}")
            print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in
                                              sorted(figures["outcomes"].items())))


if __name__ == "__main__":
    main()
