"""'What would change this', pinned on several decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from conftest import decide, pace_case


def changes(decision):
    return [(tuple(c["changes"]), c["outcome"]) for c in decision.would_change]


def test_would_change_when_non_trigger_offence_names_an_inspectors_authorisation(engine):
    decision = decide(engine, pace_case(**{"offences.0.offence": "Criminal Damage Act 1971 s.1(1)",
                                           "offences.0.stage": "arrested"}))
    assert decision.outcome == "not_eligible"
    texts = [c for c, outcome in changes(decision) if outcome == "eligible"]
    assert any(len(c) == 1 and c[0].startswith("an inspector's authorisation") for c in texts)


def test_would_change_when_17_year_old_arrested_names_the_age(engine):
    decision = decide(engine, pace_case(**{"person.date_of_birth": dt.date(2008, 6, 1),
                                           "offences.0.stage": "arrested"}))
    assert decision.outcome == "not_eligible"
    assert (("the person being 18 or over",), "eligible") in changes(decision)


def test_would_change_when_under_18_at_unnotified_station_names_the_notification(engine):
    decision = decide(engine, pace_case(**{"person.date_of_birth": dt.date(2010, 6, 1)}))
    assert decision.outcome == "not_eligible"
    assert (("a notification of this area or station for testing persons under 18",),
            "eligible") in changes(decision)


def test_would_change_when_a_penny_short_names_one_penny(engine):
    case = {"regime": "poca-s75", "id": "W", "jurisdiction": "england-and-wales",
            "at": dt.date(2025, 6, 1), "proceedings_started": dt.date(2025, 2, 10),
            "convictions": [{"offence": "Fraud Act 2006 s.1", "benefit": Decimal("4999.99"),
                             "committed": {"from": dt.date(2024, 1, 1),
                                           "to": dt.date(2024, 9, 30)}}]}
    decision = decide(engine, case)
    assert decision.outcome == "no_criminal_lifestyle"
    found = [c for c in decision.would_change if c["changes"] == ["more relevant benefit"]]
    assert found and found[0]["facts"][0]["more"] == "£0.01 more"


def test_would_change_when_undetermined_names_both_directions(engine):
    decision = decide(engine, pace_case(**{"person.date_of_birth": None}))
    assert decision.outcome == "undetermined"
    outcomes = {c["outcome"] for c in decision.would_change}
    assert outcomes == {"eligible", "not_eligible"}


def test_would_change_when_eligible_is_empty(engine):
    assert decide(engine, pace_case()).would_change == []


def test_would_change_when_check_prints_the_short_text_is_not_worked_out(monkeypatch):
    """The short text does not show it, so check does not spend its network runs on it;
    --explain and JSON (which show it) still have it."""
    from click.testing import CliRunner

    from pocapace.cli.main import main
    from pocapace.engine.decision import wouldchange

    case = str(Path(__file__).resolve().parent.parent / "cases" / "pace-s63b" /
               "arrested-17-year-old-theft-not-eligible.yaml")
    real, calls = wouldchange.would_change, []

    def counted(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(wouldchange, "would_change", counted)
    short = CliRunner().invoke(main, ["check", case])
    assert short.exit_code == 0 and "NOT ELIGIBLE" in short.output and not calls
    full = CliRunner().invoke(main, ["check", "--explain", case])
    assert full.exit_code == 0 and "What would change this" in full.output and len(calls) == 1
    as_json = CliRunner().invoke(main, ["check", "--format", "json", case])
    assert as_json.exit_code == 0 and '"would_change": [' in as_json.output and len(calls) == 2
