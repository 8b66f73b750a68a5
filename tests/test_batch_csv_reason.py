"""The CSV reason column gives the reason that decided each case's outcome."""

from __future__ import annotations

from conftest import decide, pace_case
from pocapace.engine.tools.batch.summary_row import first_reason

CHILD = {"person.date_of_birth": "2015-01-01"}


def test_a_charged_child_is_refused_on_the_charge_route_age(engine):
    reason = first_reason(decide(engine, pace_case(**CHILD)))
    assert "s63B(3)(b)" in reason and "at least 14 needed" in reason
    assert "arrest" not in reason


def test_an_arrested_child_is_refused_on_the_arrest_route_age(engine):
    reason = first_reason(decide(engine, pace_case(
        **CHILD, offences=[{"offence": "theft", "stage": "arrested"}])))
    assert "s63B(3)(a)" in reason and "at least 18 needed" in reason


def test_an_eligible_charged_detainee_is_given_the_charge_condition(engine):
    reason = first_reason(decide(engine, pace_case()))
    assert reason.startswith("Charge condition") and "s63B(2)(a)" in reason
