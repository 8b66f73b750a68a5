"""The on-disk rules cache: an engine saved to it and read back decides exactly as a fresh one,
and a cache that cannot be read or written never stops a decision."""

from __future__ import annotations

import pickle

from conftest import pace_case
from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase
from pocapace.engine.network import cache


def _decide(engine: Engine, data: dict) -> dict:
    return engine.decide_raw(RawCase(data, "test")).to_json_dict()


def test_engine_round_trips_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    fresh = Engine()
    saved = list(tmp_path.glob("*.pickle"))
    assert len(saved) == 1, "building an engine writes exactly one cache entry"
    assert not list(tmp_path.glob("*.tmp")), "no temporary file is left behind"
    cached = Engine()
    for data in (pace_case(), pace_case(**{"person.date_of_birth": None}),
                 pace_case(**{"offences.0.offence": "Criminal Damage Act 1971 s.1(1)"})):
        assert _decide(cached, data) == _decide(fresh, data)


def test_every_catalogue_and_ruleset_pickles(engine):
    """A lambda or open handle in the loaded state would break the cache (and batch workers)."""
    state = (engine.catalogues, {name: engine.ruleset(name) for name in ("pace-s63b", "poca-s75")})
    assert pickle.loads(pickle.dumps(state)) is not None


def test_a_damaged_cache_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    Engine()
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert _decide(Engine(), pace_case())["outcome"] == "eligible"


def test_an_unwritable_cache_folder_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    assert _decide(Engine(), pace_case())["outcome"] == "eligible"
