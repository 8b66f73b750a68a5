"""The guard on every fast path: each worked case and a generated export decide exactly as the
full, slow evaluation does (outcome, routes or tests, figures, missing facts, obligations,
trace, input hash: the whole decision record).

The in-suite export is small; ``POCAPACE_EQUIVALENCE_CASES=100000 pytest
tests/test_equivalence.py`` checks a national-sized one.
"""

from __future__ import annotations

import copy
import io
import json
import os
import pathlib
import pickle
import sys

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from pocapace.cli.main import main
from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, read_cases, validate_case
from pocapace.engine.decision.equivalence import first_difference
from pocapace.engine.decision.model import json_line
from pocapace.engine.network.cache import PlainPickler
from pocapace.engine.tools.batch.records import InputRecord, OutputRecord
from pocapace.engine.tools.batch.verify import VerificationError, Verifier, difference

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKED = sorted(p for regime in ("pace-s63b", "poca-s75")
                for p in (ROOT / "cases" / regime).glob("*.yaml"))
EXPORT_CASES = int(os.environ.get("POCAPACE_EQUIVALENCE_CASES", "1000"))

sys.path.insert(0, str(ROOT / "bench"))
from generate import write_export  # noqa: E402


class Engines:
    """One fast engine (run cache on) per law scenario, made on first use."""

    def __init__(self):
        self.by_scenario: dict[str | None, Engine] = {}

    def __call__(self, scenario: str | None) -> Engine:
        if scenario not in self.by_scenario:
            engine = Engine(scenario=scenario)
            engine.remember_runs()
            self.by_scenario[scenario] = engine
        return self.by_scenario[scenario]


@pytest.fixture(scope="module")
def engines():
    return Engines()


def _decisions(engine: Engine, raw: RawCase):
    regime, case = validate_case(raw)
    # cold; then from the run cache (a trace template recorded); then from the template
    fast = [engine.evaluate(regime, case, raw.where).decision.to_json_dict() for _ in range(3)]
    slow = engine.reference_evaluate(regime, case, raw.where).decision.to_json_dict()
    return fast, slow


def _reversed_items(data: dict) -> dict | None:
    """The case with its offences or convictions listed the other way round (None: one item)."""
    for name in ("offences", "convictions"):
        items = data.get(name)
        if isinstance(items, list) and len(items) > 1:
            return dict(copy.deepcopy(data), **{name: list(reversed(items))})
    return None


@pytest.mark.parametrize("path", WORKED, ids=[f"{p.parent.name}/{p.stem}" for p in WORKED])
def test_equivalence_when_worked_case_decided_fast_gives_the_full_decision(engines, path):
    for raw in read_cases(str(path)):
        engine = engines(raw.data.get("assume"))
        (cold, warm, filled), slow = _decisions(engine, raw)
        assert first_difference(slow, cold) is None, f"first run: {first_difference(slow, cold)}"
        assert first_difference(slow, warm) is None, f"cached run: {first_difference(slow, warm)}"
        assert first_difference(slow, filled) is None, \
            f"trace from a template: {first_difference(slow, filled)}"
        assert first_difference(slow, json.loads(json_line(warm))) is None, "as a JSON line"
        turned = _reversed_items(raw.data)
        if turned is not None:
            fast, slow = _decisions(engine, RawCase(turned, raw.source, raw.position))
            for each in fast:
                assert first_difference(slow, each) is None, \
                    f"items reversed: {first_difference(slow, each)}"


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "export.csv"
    write_export(path, EXPORT_CASES, seed=14)
    return path


@pytest.mark.parametrize("fmt, every", [("jsonl", 1), ("csv", 7)])
def test_equivalence_when_generated_export_verified_batch_passes(export, tmp_path, fmt, every):
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(main, ["batch", str(export), "--out", str(out), "--jobs", "1",
                                       "--format", fmt, "--verify-every", str(every)])
    assert result.exit_code == 0, result.output
    assert f"{EXPORT_CASES:,} records" in result.output


def test_equivalence_when_fast_path_goes_wrong_batch_stops_naming_the_record(
        tmp_path, monkeypatch):
    real = Engine.evaluate

    def wrong(self, regime, case, source, at=None, changes=None):
        evaluation = real(self, regime, case, source, at, changes)
        if case.id == "EX-003":
            evaluation.decision.outcome = "undetermined"
        return evaluation

    monkeypatch.setattr(Engine, "evaluate", wrong)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(ROOT / "cases" / "exports" / "sample.csv"),
                                       "--out", str(out), "--jobs", "1", "--verify-every", "1"])
    assert result.exit_code == 1
    assert "id EX-003" in result.output and "at outcome:" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_equivalence_when_verify_every_3_checks_only_every_third_record():
    checked = []

    def reference(record):
        checked.append(record.index)
        return OutputRecord(record.index, "X", '{"outcome": "eligible"}', "eligible")

    records = [InputRecord(n, "s.csv", f"row {n + 2}") for n in range(7)]
    results = [OutputRecord(n, "X", '{"outcome": "eligible"}', "eligible") for n in range(7)]
    Verifier(3, reference).check(records, results)
    assert checked == [0, 3, 6]


def test_equivalence_when_records_differ_difference_names_the_first_place():
    line = json.dumps({"outcome": "eligible", "trace": {"because": [{"outcome": "met"}]}})
    other = line.replace('"met"', '"not_met"')
    same = OutputRecord(0, "X", line, "eligible")
    assert difference(same, OutputRecord(0, "X", line, "eligible")) is None
    assert difference(same, OutputRecord(0, "X", other, "eligible")) == \
        'trace.because[0].outcome: "met" != "not_met"'
    assert difference(same, OutputRecord(0, "X", line, "eligible", ["charge-trigger"])) == \
        'labels: 0 entries != 1'
    with pytest.raises(VerificationError, match="row 5"):
        Verifier(1, lambda r: OutputRecord(0, "X", other, "eligible")).check(
            [InputRecord(0, "s.csv", "row 5")], [same])


def test_equivalence_when_types_differ_first_difference_says_so():
    assert first_difference({"a": 1}, {"a": 1.0}) == "a: 1 != 1.0"
    assert first_difference({"a": 1}, {"a": 1, "b": 2}) == "b: unexpected 2"
    assert first_difference({"a": 1, "b": 2}, {"b": 2, "a": 1}) == "record: keys in another order"


def test_equivalence_when_rules_come_from_the_cache_as_plain_records(tmp_path, monkeypatch):
    monkeypatch.setenv("POCAPACE_CACHE", str(tmp_path))
    built, cached = Engine(), Engine()  # the first compiles and saves, the second reads back
    header = cached.ruleset("pace-s63b").files.header
    assert type(header).__module__ == "pocapace.engine.law.records"
    for path in WORKED:
        for raw in read_cases(str(path)):
            regime, case = validate_case(raw)
            scenario = raw.data.get("assume")
            pair = [e if scenario is None else Engine(scenario=scenario) for e in (built, cached)]
            expected, got = (e.reference_evaluate(regime, case, raw.where).decision.to_json_dict()
                             for e in pair)
            assert first_difference(expected, got) is None, f"{path.name}: {first_difference(expected, got)}"


def _models(value, seen: set) -> list:
    """Every pydantic rule-file model reachable from ``value``."""
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, BaseModel):
        return [value] + [m for v in value.__dict__.values() for m in _models(v, seen)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _models(v, seen)]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _models(v, seen)]
    if hasattr(value, "__dict__"):
        return [m for v in vars(value).values() for m in _models(v, seen)]
    return []


def test_equivalence_when_rule_file_values_become_plain_records_they_dump_alike(monkeypatch):
    monkeypatch.setenv("POCAPACE_CACHE", "off")
    engine = Engine()
    models = _models((engine.catalogues, engine._rulesets), set())
    assert len(models) > 100
    buffer = io.BytesIO()
    PlainPickler(buffer).dump(models)
    records = pickle.loads(buffer.getvalue())
    for model, record in zip(models, records, strict=True):
        assert type(record).__name__ == type(model).__name__
        assert record.model_dump() == model.model_dump()
        assert record == pickle.loads(pickle.dumps(record))
