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


#: Run as the console script does (``pocapace.cli.entry:run``, which leaves by ``os._exit``):
#: report, as it leaves, which of the modules a warm check need not import were imported.
ENTRY_PROBE = """
import json, os, sys
LAZY = ("importlib.metadata", "importlib.resources", "durable", "logging", "tempfile", "shutil",
        "difflib", "pocapace.engine.decision.render", "dateutil",
        "pocapace.engine.decision.wouldchange", "pocapace.engine.network.items",
        "pocapace.engine.decision.record_tables", "pocapace.engine.tools.worked", "pydantic",
        "click", "yaml", "_hashlib", "zoneinfo")
leave = os._exit
def report(code):
    loader = sys.modules.get("pydantic.plugin._loader")
    sys.stderr.write("PROBE " + json.dumps({
        "code": code, "imported": [m for m in LAZY if m in sys.modules],
        "regimes": sorted(m.rpartition(".")[2] for m in sys.modules
                          if m.startswith("pocapace.engine.regimes.") and m.endswith("_case")),
        "plugin_loader": None if loader is None else "entry_points" in vars(loader)}) + "\\n")
    leave(code)
os._exit = report
sys.argv = ["pocapace", "check", *sys.argv[1:]]
from pocapace.cli.entry import run
run()
"""


def _entry(env: dict, case: pathlib.Path = CASE, *options: str) -> dict:
    done = subprocess.run([sys.executable, "-c", ENTRY_PROBE, *options, str(case)],
                          capture_output=True, text=True, env=env, check=True)
    if options:
        assert json.loads(done.stdout)["outcome"] == "eligible"
    else:
        assert done.stdout.split(":")[0] in ("ELIGIBLE", "CRIMINAL LIFESTYLE"), done.stdout
    return json.loads(done.stderr.rpartition("PROBE ")[2])


def test_warm_check_imports_no_metadata_resources_logging_tempfile_or_shutil(tmp_path):
    """pydantic's plugin loader (importlib.metadata), importlib.resources, durable's Python
    package (logging), tempfile (the cache writer's), shutil (bz2, lzma), difflib (suggestions)
    and dateutil (POCA's month counts) are not needed to decide a PACE case from a warm cache;
    the text renderer is imported for the text output only. Nor are "what would change
    this" (the short text does not show it), the per-item planner (a check keeps no runs),
    the HTML record's tables or the worked-case tools (a file is not a worked case's id).
    Nor pydantic: a plainly valid case is read the plain way (``regimes.plain``), so neither
    case models nor pydantic are imported (the stand-in plugin loader is in place). Nor
    click: a plain check takes the quick path (``cli.quick``). Nor PyYAML (a plain case file
    is read the plain way, ``law.plain_yaml``), OpenSSL's hashes (``core.digests``) or time
    zone data (a case's moments are UK local time unless it gives a zone)."""
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    _entry(env)
    warm = _entry(env)
    assert warm == {"code": 0, "imported": ["pocapace.engine.decision.render"],
                    "regimes": [], "plugin_loader": False}


def test_warm_check_as_json_imports_no_text_renderer(tmp_path):
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    _entry(env)
    # (JSON shows "what would change this", so that is worked out)
    assert _entry(env, CASE, "--format", "json")["imported"] == [
        "pocapace.engine.decision.wouldchange"]


POCA = ROOT / "cases" / "poca-s75" / \
    "a-fraud-over-eight-months-with-20000-benefit-gives-a-criminal-lifestyle.yaml"


def _for_pydantic(case: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """A copy of a POCA ``case`` that is not plainly valid (its day as quoted text, which
    pydantic reads and the plain way leaves to it)."""
    text = case.read_text(encoding="utf-8")
    lines = [f'at: "{line[4:].strip()}"' if line.startswith("at: ") else line
             for line in text.splitlines()]
    assert lines != text.splitlines()
    copy = folder / case.name
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


def test_warm_check_of_a_plainly_valid_case_builds_no_case_model(tmp_path):
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    _entry(env, POCA)
    found = _entry(env, POCA)
    assert found["regimes"] == [] and "pydantic" not in found["imported"]


def test_warm_check_builds_only_its_own_regime_case_models(tmp_path):
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    poca = _for_pydantic(POCA, tmp_path)
    _entry(env, poca)
    found = _entry(env, poca)
    assert found["regimes"] == ["poca_case"] and "pydantic" in found["imported"]


def test_a_user_who_enables_pydantic_plugins_gets_pydantic_own_loader(tmp_path):
    env = {"POCAPACE_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYDANTIC_DISABLE_PLUGINS": "some-plugin"}
    found = _entry(env, _for_pydantic(POCA, tmp_path))
    assert found["code"] == 0 and found["plugin_loader"] is True
    assert "importlib.metadata" in found["imported"]


def test_pydantic_asking_the_plugin_loader_for_more_than_get_plugins_gets_its_own_loader():
    """If a later pydantic wants more of its plugin loader than ``get_plugins``, it is given its
    own loader rather than an ImportError."""
    probe = """
import os, sys
os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)
from pocapace.cli.entry import _without_pydantic_plugins
_without_pydantic_plugins()
from pydantic import BaseModel
class Model(BaseModel):
    x: int
assert Model(x=1).x == 1 and "importlib.metadata" not in sys.modules
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP, get_plugins
print(PYDANTIC_ENTRY_POINT_GROUP, list(get_plugins()))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["pydantic", "[]"]


def test_digests_without_openssl_are_hashlib_digests():
    import hashlib

    from pocapace.engine.core.digests import blake2b, sha256

    for data in (b"", b"pocapace", bytes(range(256)) * 40):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert blake2b(data, digest_size=16).digest() == hashlib.blake2b(
            data, digest_size=16).digest()
