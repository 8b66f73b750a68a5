"""Deciding per item: POCA's convictions are each run once per distinct (case part,
conviction part) and the case rules run over their conclusions; the decision is exactly the
whole case's (the equivalence and golden tests compare every worked case and an export)."""

from __future__ import annotations

import copy
import pathlib

from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, read_cases, validate_case
from pocapace.engine.decision.equivalence import first_difference
from pocapace.engine.network import items

ROOT = pathlib.Path(__file__).resolve().parent.parent
FOUR = ROOT / "cases" / "poca-s75" / \
    "four-benefiting-offences-totalling-5000-are-a-course-of-criminal-activity.yaml"


def _engine() -> Engine:
    engine = Engine()
    engine.explain_changes = False
    engine.remember_runs()
    return engine


def _same(engine: Engine, data: dict) -> None:
    regime, case = validate_case(RawCase(data, "test"))
    fast = engine.decide(regime, case, "test").to_json_dict()
    slow = engine.reference_evaluate(regime, case, "test").decision.to_json_dict()
    assert first_difference(slow, fast) is None


def test_per_item_when_rules_are_read_the_rule_sets_qualify_as_they_are_built():
    engine = Engine()
    poca = items.plan(engine.ruleset("poca-s75"))
    assert poca.scope == "conviction"
    assert poca.read_by_case and poca.read_by_case <= poca.item_rules
    # a PACE route for one offence reads whether the person is held for another offence
    assert items.plan(engine.ruleset("pace-s63b")) is None


def test_per_item_when_cases_share_convictions_their_item_runs_are_shared(monkeypatch):
    engine = _engine()
    runs = []
    real = engine._layer_run

    def counted(ruleset, layer, facts):
        misses = engine.runs.misses
        run = real(ruleset, layer, facts)
        runs.append((layer, engine.runs.misses > misses))
        return run

    monkeypatch.setattr(engine, "_layer_run", counted)
    data = read_cases(str(FOUR))[0].data
    _same(engine, data)
    first = len(runs)
    assert first == len(data["convictions"]) + 1  # one per conviction, and the fold
    changed = copy.deepcopy(data)
    changed["convictions"][0]["benefit"] = "1.00"  # one conviction differs: the course fails
    _same(engine, changed)
    reversed_ = dict(copy.deepcopy(data), id="FI-9999",
                     convictions=list(reversed(copy.deepcopy(data["convictions"]))))
    _same(engine, reversed_)  # the same whole case in another order: the whole run is reused
    later = runs[first:]
    assert ("item", False) in later, "the unchanged convictions' runs should be shared"
    assert len(later) == len(data["convictions"]) + 1


def test_per_item_when_deciding_the_full_way_no_item_run_is_used(monkeypatch):
    engine = _engine()
    monkeypatch.setattr(engine, "_per_item", lambda *a: (_ for _ in ()).throw(AssertionError))
    regime, case = validate_case(read_cases(str(FOUR))[0])
    engine.reference_evaluate(regime, case, "test")
