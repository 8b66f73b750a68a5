"""A warm `pocapace check` reads the compiled rules as plain data: the pydantic rule-file models
(the bulk of its start-up) are never built, nor is the batch's serialiser imported, and the
result is the same."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml"
PROBE = """
import io, json, sys, contextlib
from pocapace.cli.main import main
sys.argv = ["pocapace", "check", sys.argv[1]]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit:
        pass
heavy = [m for m in ("pocapace.engine.law.rulefiles", "pocapace.engine.law.scenarios", "orjson")
         if m in sys.modules]
print(json.dumps({"first": out.getvalue().splitlines()[0], "heavy": heavy}))
"""


def _check(env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, str(CASE)], capture_output=True,
                          text=True, env=env, check=True)
    return json.loads(done.stdout)


def test_check_when_cache_warm_does_not_import_rule_file_models(tmp_path):
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cold = _check(env)
    assert "pocapace.engine.law.rulefiles" in cold["heavy"], "the first run reads the rule files"
    warm = _check(env)
    assert warm == {"first": cold["first"], "heavy": []}
    assert "ELIGIBLE" in warm["first"]
