"""A check reuses the network runs earlier checks saved on disk (``network.run_files``): every
worked case, the same case with its items the other way round, and a generated export decide
exactly as the full evaluation does, from a fresh run and from a saved one; a saved run that
differs from a fresh one is caught by ``check --verify``."""

from __future__ import annotations

import copy
import json
import pathlib
import sys

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main
from pocapace.engine.api import get_engine
from pocapace.engine.cases import RawCase, read_cases
from pocapace.engine.decision.equivalence import first_difference
from pocapace.engine.network import run_files
from pocapace.engine.tools.batch.readers import read_records

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKED = sorted(p for regime in ("pace-s63b", "poca-s75")
                for p in (ROOT / "cases" / regime).glob("*.yaml"))

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_export  # noqa: E402


@pytest.fixture
def on_disk(tmp_path):
    """Engines (per law scenario) saving their runs under ``tmp_path``; put back afterwards."""
    used = []

    def engine_for(scenario):
        engine = get_engine(scenario=scenario)
        if engine not in used:
            engine.run_files = run_files.RunFiles(tmp_path / f"runs-{scenario}")
            used.append(engine)
        return engine

    yield engine_for
    for engine in used:
        engine.run_files = None


def _same_from_saved_runs(engine, raw: RawCase, changes: bool) -> None:
    regime, case = engine.validate(raw)
    files = engine.run_files
    before = files.hits
    cold = engine.decide(regime, case, raw.where, None, changes).to_json_dict()
    warm = engine.decide(regime, case, raw.where, None, changes).to_json_dict()
    assert files.hits > before, "the second decision reads the saved run"
    engine.run_files = None
    try:
        slow = engine.reference_evaluate(regime, case, raw.where, None, changes
                                         ).decision.to_json_dict()
    finally:
        engine.run_files = files
    for fast in (cold, warm):
        assert first_difference(slow, fast) is None, f"{raw.where}: {first_difference(slow, fast)}"


@pytest.mark.parametrize("n", range(len(WORKED)), ids=lambda n: WORKED[n].stem)
def test_every_worked_case_decides_alike_from_a_saved_run(on_disk, n):
    for raw in read_cases(str(WORKED[n])):
        engine = on_disk(raw.data.get("assume"))
        _same_from_saved_runs(engine, raw, changes=n % 8 == 0)
        for name in ("offences", "convictions"):
            items = raw.data.get(name)
            if isinstance(items, list) and len(items) > 1:
                turned = dict(copy.deepcopy(raw.data), **{name: list(reversed(items))})
                _same_from_saved_runs(engine, RawCase(turned, raw.source), changes=False)


def test_a_generated_export_decides_alike_from_saved_runs(on_disk, tmp_path):
    export = tmp_path / "export.csv"
    write_export(export, 150, seed=63, bad=0)
    engine = on_disk(None)
    decided = 0
    for record in read_records(str(export)):
        if record.error is None:
            _same_from_saved_runs(engine, RawCase(record.data, record.source, record.position),
                                  changes=False)
            decided += 1
    assert decided > 120


def test_check_verify_catches_a_saved_run_that_differs(tmp_path, monkeypatch):
    monkeypatch.setenv("POCAPACE_CACHE", str(tmp_path))
    case = str(WORKED[0])
    engine = get_engine()
    saved, engine.run_files = engine.run_files, None
    try:
        assert CliRunner().invoke(main, ["check", case]).exit_code == 0
        [folder] = [p for p in tmp_path.iterdir() if p.name.startswith("runs-") and p.is_dir()]
        [run] = list(folder.iterdir())
        packed = bytearray(run.read_bytes())
        packed[4] = (packed[4] + 1) % 3  # one conclusion's value changed
        run.write_bytes(bytes(packed))
        assert CliRunner().invoke(main, ["check", case]).exit_code == 0
        found = CliRunner().invoke(main, ["check", "--verify", case])
        assert found.exit_code == 1
        assert "differs from a fresh run" in found.output and "Traceback" not in found.output
    finally:
        engine.run_files = saved


def test_saved_runs_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(run_files, "LIMIT", 10)
    engine = get_engine()
    files = run_files.RunFiles(tmp_path)
    saved, engine.run_files = engine.run_files, files
    try:
        for raw in read_cases(str(WORKED[0])):
            for age in range(1987, 2012):
                data = json.loads(json.dumps(raw.data, default=str))
                data["person"]["date_of_birth"] = f"{age}-05-02"
                regime, case = engine.validate(RawCase(data, "t"))
                engine.decide(regime, case, "t", None, False)
    finally:
        engine.run_files = saved
    assert 0 < len(list(tmp_path.iterdir())) <= 10
