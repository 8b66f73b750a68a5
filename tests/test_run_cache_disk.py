"""The batch run cache saved on disk: a later engine over the same rules starts warm and decides
exactly as the full evaluation; a damaged file is ignored; the file stays bounded."""

from __future__ import annotations

from conftest import pace_case
from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, validate_case
from pocapace.engine.decision.equivalence import first_difference

CASES = [pace_case(), pace_case(**{"person.date_of_birth": None}),
         pace_case(**{"offences.0.stage": "arrested"}),
         pace_case(**{"offences.0.offence": "Criminal Damage Act 1971 s.1(1)"})]


def _engine(tmp_path, monkeypatch, size: int = 65536) -> Engine:
    monkeypatch.setenv("POCAPACE_CACHE", str(tmp_path))
    engine = Engine()
    engine.remember_runs(size, persist=True)
    return engine


def _decide_all(engine: Engine) -> list[tuple[dict, dict]]:
    out = []
    for data in CASES:
        raw = RawCase(data, "test")
        regime, case = validate_case(raw)
        fast = engine.evaluate(regime, case, raw.where).decision.to_json_dict()
        slow = engine.reference_evaluate(regime, case, raw.where).decision.to_json_dict()
        out.append((fast, slow))
    return out


def test_run_cache_when_saved_a_new_engine_starts_warm_and_decides_the_same(tmp_path,
                                                                          monkeypatch):
    first = _engine(tmp_path, monkeypatch)
    _decide_all(first)
    first.runs.save()
    assert list(tmp_path.glob("runs-*.bin"))
    second = _engine(tmp_path, monkeypatch)
    assert len(second.runs.runs) == len(first.runs.runs)
    for fast, slow in _decide_all(second):
        assert first_difference(slow, fast) is None
    assert second.runs.misses == 0 and second.runs.hits >= len(CASES)


def test_run_cache_when_file_damaged_it_is_ignored(tmp_path, monkeypatch):
    first = _engine(tmp_path, monkeypatch)
    _decide_all(first)
    first.runs.save()
    (saved,) = tmp_path.glob("runs-*.bin")
    saved.write_bytes(saved.read_bytes()[:-7])  # cut short
    second = _engine(tmp_path, monkeypatch)
    assert not second.runs.runs
    for fast, slow in _decide_all(second):
        assert first_difference(slow, fast) is None
    saved.write_bytes(b"something else entirely")
    assert not _engine(tmp_path, monkeypatch).runs.runs


def test_run_cache_when_saved_keeps_at_most_its_size(tmp_path, monkeypatch):
    engine = _engine(tmp_path, monkeypatch, size=2)
    _decide_all(engine)
    engine.runs.save()
    assert len(_engine(tmp_path, monkeypatch, size=65536).runs.runs) == 2


def test_run_cache_when_cache_off_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("POCAPACE_CACHE", "off")
    engine = Engine()
    engine.remember_runs(persist=True)
    _decide_all(engine)
    engine.runs.save()
    assert engine.runs.path is None and not list(tmp_path.iterdir())


def test_run_cache_when_not_asked_to_persist_saves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("POCAPACE_CACHE", str(tmp_path))
    engine = Engine()
    engine.remember_runs()
    _decide_all(engine)
    engine.runs.save()
    assert engine.runs.path is None and not list(tmp_path.glob("runs-*"))


def test_run_cache_when_two_workers_save_each_takes_in_the_others_runs(tmp_path, monkeypatch):
    one, other = _engine(tmp_path, monkeypatch), _engine(tmp_path, monkeypatch)
    for engine, cases in ((one, CASES[:2]), (other, CASES[2:])):
        for data in cases:
            regime, case = validate_case(RawCase(data, "test"))
            engine.decide(regime, case, "test")
    mine = set(other.runs.runs)
    one.runs.save()
    other.runs.save()
    assert set(one.runs.runs) < set(other.runs.runs) and mine < set(other.runs.runs)
    misses = other.runs.misses
    for fast, slow in _decide_all(other):
        assert first_difference(slow, fast) is None
    assert other.runs.misses == misses  # the first worker's cases come from its saved runs
