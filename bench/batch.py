"""Benchmark: `pocapace batch` over a generated mixed export (both regimes, 2% bad records).

Reports cases per second (wall clock, and CPU seconds of all processes, which a busy machine
disturbs less), peak memory (all processes of the run together), output size and the outcome
mix, single-process and with --jobs. ``--reference EXE`` runs another build's ``pocapace`` (say,
main's, installed in its own venv) on the same export in the same run, for a side-by-side
figure. ``--detail`` / ``--schema`` choose this build's JSON Lines record (decision.v2 full or
summary, or v1); ``--shapes`` runs all three on the same export, for bytes per decision.
Prints figures; asserts nothing.

    python bench/batch.py --cases 10000 --jobs 2 [--reference /tmp/main/bin/pocapace]
    python bench/batch.py --cases 20000 --jobs 2 --shapes
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def pocapace() -> str:
    exe = Path(sys.executable).with_name("pocapace")
    return str(exe if exe.exists() else "pocapace")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(exe: str, export: Path, out: Path, jobs: int, extra: list[str] = ()) -> dict:
    summary = out.with_suffix(".summary.json")
    command = [exe, "batch", str(export), "--out", str(out), "--jobs", str(jobs),
               "--summary", str(summary), *extra]
    cpu = cpu_seconds()
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
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}")
    result = json.loads(summary.read_text())
    lines = sum(1 for _ in out.open())
    sidecar = out.with_name(out.name + ".rules.json")
    return {"seconds": seconds, "cpu": cpu_seconds() - cpu, "peak_mb": peak[0] / 1024,
            "records": result["records"], "lines": lines, "out_mb": out.stat().st_size / 1e6,
            "bytes": out.stat().st_size,
            "sidecar": sidecar.stat().st_size if sidecar.exists() else 0,
            "outcomes": result["outcomes"], "errors": result["errors"]}


def show(name: str, jobs: int, figures: dict) -> None:
    rate = figures["records"] / figures["seconds"]
    per_case = figures["cpu"] / figures["records"] * 1e6
    print(f"{name} --jobs {jobs}: {figures['records']:,} records in {figures['seconds']:.1f} s "
          f"({rate:,.0f}/s), CPU {figures['cpu']:.1f} s ({per_case:,.0f} µs per case), "
          f"peak memory {figures['peak_mb']:.0f} MB, output {figures['out_mb']:.0f} MB "
          f"({figures['lines']:,} lines, {figures['bytes'] / figures['lines']:,.0f} bytes per "
          f"record{_sidecar(figures)}), errors {figures['errors']:,}")
    print("  outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(figures["outcomes"].items())))


def _sidecar(figures: dict) -> str:
    return f"; rules manifest {figures['sidecar'] / 1e3:,.0f} KB" if figures["sidecar"] else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--single", action="store_true", help="also run with --jobs 1")
    parser.add_argument("--reference", metavar="EXE",
                        help="another build's pocapace, run on the same export for comparison")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run this build N times (later runs start from the run cache "
                             "the earlier ones saved)")
    parser.add_argument("--verify-every", type=int, metavar="N",
                        help="pass --verify-every N to this build (not to the reference)")
    parser.add_argument("--detail", choices=["full", "summary"], default="full",
                        help="this build's decision.v2 detail (batch --detail)")
    parser.add_argument("--schema", choices=["v2", "v1"], default="v2",
                        help="this build's JSON Lines record (batch --schema)")
    parser.add_argument("--shapes", action="store_true",
                        help="run this build as v1, v2 full and v2 summary, for their sizes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["POCAPACE_CACHE"] = str(Path(folder) / "cache")  # every build starts cold
        export = Path(folder) / "export.csv"
        start = time.perf_counter()
        write_export(export, args.cases, args.seed)
        print(f"generated {args.cases:,} cases ({export.stat().st_size / 1e6:.1f} MB CSV) in "
              f"{time.perf_counter() - start:.1f} s")
        extra = ["--verify-every", str(args.verify_every)] if args.verify_every else []
        shapes = [("v1", "full"), ("v2", "full"), ("v2", "summary")] if args.shapes else \
            [(args.schema, args.detail)]
        for jobs in ([1] if args.single else []) + [args.jobs]:
            if args.reference:
                show("reference", jobs, run(args.reference, export,
                                            Path(folder) / f"ref-{jobs}.jsonl", jobs))
            for schema, detail in shapes:
                shape = ["--schema", schema] + (["--detail", detail] if schema == "v2" else [])
                name = f"this build ({schema}{' ' + detail if schema == 'v2' else ''})"
                for n in range(args.repeat):
                    show(name + (f" (run {n + 1})" if args.repeat > 1 else ""), jobs,
                         run(pocapace(), export, Path(folder) / f"out-{jobs}.jsonl", jobs,
                             extra + shape))


if __name__ == "__main__":
    main()
