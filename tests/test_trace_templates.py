"""Traces filled from templates: the third case of a shape gets the recorded trace with its
own values, identical to the trace built in full."""

from __future__ import annotations

import copy
import pathlib

from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, read_cases, validate_case
from pocapace.engine.decision.equivalence import first_difference
from pocapace.engine.decision.trace_templates import TraceTemplates

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml"


def _engine(size: int = 64) -> Engine:
    engine = Engine()
    engine.remember_runs(traces=size)
    return engine


def _raw(**changes) -> RawCase:
    raw = read_cases(str(CASE))[0]
    data = copy.deepcopy(raw.data)
    for path, value in changes.items():
        *parents, name = path.split(".")
        here = data
        for parent in parents:
            here = here[int(parent)] if isinstance(here, list) else here[parent]
        here[name] = value
    return RawCase(data, raw.source, raw.position)


def _both(engine: Engine, raw: RawCase) -> tuple[dict, dict]:
    regime, case = validate_case(raw)
    fast = engine.evaluate(regime, case, raw.where).decision.to_json_dict()
    slow = engine.reference_evaluate(regime, case, raw.where).decision.to_json_dict()
    return fast, slow


def test_trace_templates_when_a_shape_comes_a_third_time_its_trace_is_filled():
    engine = _engine()
    for n in range(3):
        fast, slow = _both(engine, _raw())
        assert first_difference(slow, fast) is None, f"decision {n + 1}"
    assert engine.traces.hits >= 1


def test_trace_templates_when_values_differ_each_case_shows_its_own():
    engine = _engine()
    for born in ("1987-05-02", "1987-05-03"):  # the template is recorded from these two
        _both(engine, _raw(**{"person.date_of_birth": born}))
    hits = engine.traces.hits
    fast, slow = _both(engine, _raw(**{"id": "DT-9999", "person.date_of_birth": "1990-01-31",
                                       "at": "2025-07-01T09:00:00",
                                       "offences.0.offence": "Theft Act 1968 s.9"}))
    assert engine.traces.hits > hits, "the third case should be served from the template"
    assert first_difference(slow, fast) is None
    text = repr(fast["trace"])
    assert "born 1990-01-31" in text and "2025-07-01" in text and "1987" not in text


def test_trace_templates_when_full_the_oldest_is_dropped():
    templates = TraceTemplates(size=2)
    for key in "abc":
        templates.put((key,), object())
    assert templates.get(("a",)) is None and templates.get(("c",)) is not None
    assert templates.wanted(("x",)) is False and templates.wanted(("x",)) is True


def test_trace_templates_when_deciding_the_full_way_none_is_used():
    engine = _engine()
    regime, case = validate_case(_raw())
    for _ in range(3):
        engine.reference_evaluate(regime, case, "x")
    assert engine.traces.hits == engine.traces.misses == 0


def test_trace_templates_when_a_batch_keeps_them_the_collector_is_frozen_now_and_then(
        monkeypatch):
    import gc

    from pocapace.engine.decision import trace_templates

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
    monkeypatch.setattr(trace_templates, "FREEZE_EVERY", 3)
    batch, other = TraceTemplates(size=10, freeze=True), TraceTemplates(size=10)
    for n in range(7):
        batch.put((n,), object())
        other.put((n,), object())
    assert len(calls) == 2


def test_trace_templates_when_a_batch_runs_in_this_process_the_collector_is_given_back(
        monkeypatch, tmp_path):
    import gc

    from click.testing import CliRunner

    from pocapace.cli.main import main
    from pocapace.engine.decision import trace_templates

    monkeypatch.setattr(trace_templates, "FREEZE_EVERY", 1)
    frozen = []
    real = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (real(), frozen.append(gc.get_freeze_count())))
    assert gc.get_freeze_count() == 0
    export = pathlib.Path(__file__).resolve().parent.parent / "cases" / "exports" / "sample.csv"
    result = CliRunner().invoke(main, ["batch", str(export), "--out", str(tmp_path / "o.jsonl"),
                                       "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert frozen and max(frozen) > 0  # the batch did freeze its templates
    assert gc.get_freeze_count() == 0  # and gave them back
