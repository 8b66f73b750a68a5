"""Benchmark: where the time of one warm ``pocapace check`` goes, phase by phase.

Prints figures; asserts nothing. Run ``python bench/check_phases.py [--runs N]``. Each run is
a fresh process (as a user's check is) that does what ``pocapace check FILE`` does on its
quick path (``cli/quick.py``: no click), in the same order, timing each step: pocapace's own
modules and what they import, loading the compiled rules from the cache, reading the case
(plain YAML: no PyYAML) and validating it (plainly valid: no pydantic), the network run (read
from the runs earlier checks saved, or run and saved), the rest of the decision and the text.
Python's start-up is timed alone. Medians over the runs, in milliseconds of wall time.
"""

from __future__ import annotations

import argparse
import json
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
    "poca-s75": sorted((ROOT / "cases" / "poca-s75").glob("*.yaml"))[0],
}

#: The child: the steps of cli.quick and cli.check_output in order, each lap timed.
CHILD = r"""
VALIDATE = "validate (plainly valid: no pydantic)"
import time; start = time.perf_counter()
import json, sys
laps, mark = {}, [start]
def lap(name):
    now = time.perf_counter(); laps[name] = laps.get(name, 0) + now - mark[0]; mark[0] = now
from pocapace.cli.entry import _without_pydantic_plugins
_without_pydantic_plugins()
from pocapace.engine.core.cache_folder import cache_dir
from pocapace.engine.core.dataclass_code import reuse_compiled_code
save_code = reuse_compiled_code(cache_dir())  # as the console script does
from pocapace.cli import quick, check_output; lap("pocapace CLI modules (quick path)")
from pocapace.engine import api; lap("pocapace engine modules")
engine = api.get_engine(None); lap("compiled rules from the cache")
from pocapace.cli.inputs import cases_named
raw = cases_named(sys.argv[1])[0]; lap("read the case file (plain YAML)")
engine.ruleset(raw.data["regime"]); lap("compiled rules from the cache")
regime, case = engine.validate(raw); lap(VALIDATE)
engine.keep_runs_on_disk(); lap("saved network runs (open)")
real, saved = api.run_facts, engine.run_files.get
def timed(*args):
    lap("decision (facts, trace, routes)"); result = real(*args); lap("network run (Rete)")
    return result
def read(*args):
    lap("decision (facts, trace, routes)"); result = saved(*args); lap("saved network run (read)")
    return result
api.run_facts, engine.run_files.get = timed, read
decision = engine.decide(regime, case, raw.where, None, False); lap("decision (facts, trace, routes)")
from pocapace.engine.decision.render import render_text
text = render_text(decision); lap("text")
save_code()
laps["imported"] = [m for m in ("click", "yaml", "pydantic") if m in sys.modules]
print(json.dumps(laps)); sys.stdout.flush()
import os; os._exit(0)  # as the console script leaves (cli/entry.py)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, POCAPACE_CACHE=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        child = [sys.executable, "-c", CHILD]
        for regime, case in CASES.items():
            subprocess.run([*child, str(case)], check=True, env=env, capture_output=True)
            runs, bare = [], []
            for _ in range(args.runs):
                begun = time.perf_counter()
                done = subprocess.run([*child, str(case)], check=True, env=env,
                                      capture_output=True, text=True)
                whole = time.perf_counter() - begun
                laps = json.loads(done.stdout)
                imported = laps.pop("imported")
                laps["Python start-up"] = whole - sum(laps.values())
                runs.append(laps)
                begun = time.perf_counter()
                subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
                bare.append(time.perf_counter() - begun)
            print(f"{regime}: the steps of `pocapace check {case.name}` "
                  f"({args.runs} warm runs, median ms)")
            names = list(dict.fromkeys(name for r in runs for name in r))
            for name in names:
                print(f"  {name:34s} {1000 * statistics.median(r.get(name, 0) for r in runs):7.1f}")
            total = statistics.median(sum(r.values()) for r in runs)
            print(f"  {'whole process':34s} {1000 * total:7.1f}")
            print(f"  {'(python -c pass alone)':34s} {1000 * statistics.median(bare):7.1f}")
            print(f"  click, PyYAML or pydantic imported: {', '.join(imported) or 'none'}")


if __name__ == "__main__":
    main()
