"""The durable_rules host survives a failing action and keeps sessions apart."""

from __future__ import annotations

import pytest

from pocapace.engine.core.errors import EvaluationError
from pocapace.engine.network.host import shared_host

RULES = {
    "first": {"all": [{"m": {"$and": [{"t": "a"}]}}], "run": "first"},
    "second": {"all": [{"m": {"$and": [{"t": "b"}]}}], "run": "second"},
}


def test_host_when_action_raises_reports_it_and_runs_again():
    host = shared_host()
    host.register("host-test", RULES)
    seen = []

    def failing(action, matched, conclude):
        seen.append(action)
        conclude({"t": "b"})
        raise EvaluationError("boom")

    with pytest.raises(EvaluationError, match="boom"):
        host.run("host-test", [{"t": "a"}], failing)
    fired = []
    host.run("host-test", [{"t": "a"}, {"t": "b", "x": 1}],
             lambda action, matched, conclude: fired.append(action))
    assert seen == ["first"]
    assert sorted(fired) == ["first", "second"]


def test_host_when_no_fact_is_handled_does_nothing():
    host = shared_host()
    host.register("host-test", RULES)
    fired = []
    host.run("host-test", [{"t": "unused"}], lambda *args: fired.append(args))
    assert fired == []
