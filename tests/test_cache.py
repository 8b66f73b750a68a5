"""The on-disk rules cache: an engine saved to it and read back decides exactly as a fresh one,
and a cache that cannot be read or written never stops a decision."""

from __future__ import annotations

import pickle
from pathlib import Path

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


def _poca_case() -> dict:
    import yaml

    path = sorted(Path(__file__).resolve().parent.parent.glob("cases/poca-s75/*.yaml"))[0]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_warm_engine_reads_only_the_rule_set_its_case_needs(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    fresh = Engine()
    cached = Engine()
    assert isinstance(cached._rulesets, cache.LazyRulesets)
    assert _decide(cached, pace_case()) == _decide(fresh, pace_case())
    assert list(dict.keys(cached._rulesets)) == ["pace-s63b"], "the POCA rule set is not read"
    assert _decide(cached, _poca_case()) == _decide(fresh, _poca_case())
    assert sorted(cached._rulesets) == ["pace-s63b", "poca-s75"]


def test_a_damaged_rule_set_in_the_cache_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    fresh = Engine()
    (entry,) = tmp_path.glob("*.pickle")
    layout, head, blobs = pickle.loads(entry.read_bytes())
    blobs["poca-s75"] = blobs["poca-s75"][:1000]
    entry.write_bytes(pickle.dumps((layout, head, blobs)))
    cached = Engine()
    assert _decide(cached, _poca_case()) == _decide(fresh, _poca_case())
    assert _decide(cached, pace_case()) == _decide(fresh, pace_case())


def test_rule_sets_read_back_pickle_whole(tmp_path, monkeypatch):
    """A batch hands its engine's rule sets to worker processes: the lazy mapping pickles as
    a plain dict of every rule set."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    Engine()
    copied = pickle.loads(pickle.dumps(Engine()._rulesets))
    assert type(copied) is dict and sorted(copied) == ["pace-s63b", "poca-s75"]


def _reachable(root) -> dict[int, object]:
    """Every mutable object reachable from ``root`` (through containers and attributes)."""
    found: dict[int, object] = {}
    stack = [root]
    while stack:
        value = stack.pop()
        if isinstance(value, tuple | frozenset):
            stack.extend(value)
            continue
        if isinstance(value, str | bytes | int | float | type | None) or id(value) in found:
            continue
        found[id(value)] = value
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | set):
            stack.extend(value)
        elif hasattr(value, "__dict__"):
            stack.extend(vars(value).values())
        else:
            stack.extend(getattr(value, name) for name in getattr(value, "__slots__", ())
                         if hasattr(value, name))
    return found


def test_rule_sets_read_back_share_the_catalogues_objects_as_compiled(tmp_path, monkeypatch):
    """Each rule set is pickled on its own, naming what it shares with the catalogues: read
    back, it shares exactly as many of the catalogues' objects as it did when compiled."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    fresh = Engine()
    cached = Engine()
    for engine in (fresh, cached):
        shared = _reachable((engine.catalogues, engine.register))
        engine.counts = [sum(1 for key in _reachable(engine.ruleset(name)) if key in shared)
                         for name in ("pace-s63b", "poca-s75")]
    assert cached.counts == fresh.counts and min(fresh.counts) > 0


def test_a_rule_sets_trace_memo_is_not_saved_with_it(engine):
    engine.decide_raw(RawCase(pace_case(), "memo.yaml"))
    ruleset = engine.ruleset("pace-s63b")
    assert ruleset.memo["leaf texts"]  # the decision's trace filled it
    assert pickle.loads(pickle.dumps(ruleset)).memo == {}
    assert ruleset.memo["leaf texts"]  # and pickling left the live one as it was


def test_the_rules_version_is_remembered_until_a_rule_file_changes(tmp_path, monkeypatch):
    import os
    import shutil

    from pocapace.engine.law.loader import rules_root, rules_version

    monkeypatch.setenv("POCAPACE_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "rules"
    shutil.copytree(rules_root(), root)
    computed = []

    def compute():
        computed.append(1)
        return rules_version(root)

    first = cache.remembered_version(root, "", compute)
    assert first == rules_version(root) and computed == [1]
    assert cache.remembered_version(root, "", compute) == first and computed == [1]
    assert cache.remembered_version(root, "other scenario", compute) == first
    assert computed == [1, 1]
    rule = next(root.rglob("ruleset.yaml"))
    text = rule.read_text(encoding="utf-8")
    stat = rule.stat()
    rule.write_text(text.replace("a", "b", 1), encoding="utf-8")  # same size, same mtime
    os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed = cache.remembered_version(root, "", compute)
    assert changed == rules_version(root) != first and computed == [1, 1, 1]
