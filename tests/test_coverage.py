"""Every rule decides the outcome of at least one worked case (make test enforces it)."""

from __future__ import annotations

import pathlib

from pocapace.engine.tools.coverage import measure

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_coverage_when_worked_cases_run_every_rule_decides_in_one(engine):
    found = measure(engine, [ROOT / "cases"])
    assert found.cases >= 100
    assert found.undecided() == [], "rules that decide no worked case: " + \
        ", ".join(found.undecided())


def test_coverage_when_worked_cases_run_every_list_entry_decides_in_one(engine):
    found = measure(engine, [ROOT / "cases"])
    assert found.uncovered_entries() == []
