"""PACE s63B rule by rule: each rule's finding as one fact changes (base: an adult charged
with theft at Brixton on 14 March 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import evaluate, pace_case

AUTH = {"rank": "inspector", "suspects_class_a_misuse_contributed": True}
CASES = [
    # (changes, rule, expected)
    ({}, "charge-condition.trigger", "met"),
    ({"offences.0.stage": "arrested"}, "charge-condition.trigger", "not_met"),
    ({"offences.0.stage": "arrested"}, "arrest-condition.trigger", "met"),
    ({"offences.0.offence": "Criminal Damage Act 1971 s.1(1)"}, "charge-condition.trigger",
     "not_met"),
    ({"offences.0.offence": "Criminal Damage Act 1971 s.1(1)",
      "offences.0.inspector_authorisation": AUTH}, "charge-condition.authorised", "met"),
    ({"offences.0.inspector_authorisation": dict(AUTH, rank="sergeant")},
     "authorisation.rank", "not_met"),
    ({"offences.0.inspector_authorisation": dict(AUTH, rank="sergeant",
                                                 treated_as_inspector=True)},
     "authorisation.rank", "met"),
    ({"offences.0.inspector_authorisation": dict(AUTH, rank="superintendent")},
     "authorisation.rank", "met"),
    ({"offences.0.inspector_authorisation": dict(AUTH, suspects_class_a_misuse_contributed=None)},
     "authorisation", "unknown"),
    ({"person.date_of_birth": dt.date(2008, 3, 14)}, "age-condition.arrest", "met"),
    ({"person.date_of_birth": dt.date(2008, 3, 15)}, "age-condition.arrest", "not_met"),
    ({"person.date_of_birth": dt.date(2012, 3, 14)}, "age-condition.charge", "met"),
    ({"person.date_of_birth": dt.date(2012, 3, 15)}, "age-condition.charge", "not_met"),
    ({"person.date_of_birth": None}, "age-condition.charge", "unknown"),
    ({"person.date_of_birth": None, "person.appears_under_18": True}, "age-condition.arrest",
     "not_met"),
    ({"person.date_of_birth": None, "person.appears_under_18": True}, "age-condition.charge",
     "unknown"),
    ({"person.date_of_birth": None, "person.appears_under_18": False}, "age-condition.arrest",
     "met"),
    ({"person.date_of_birth": dt.date(2009, 1, 1), "detention.station": "holborn"},
     "notification-condition.charge", "met"),
    ({"person.date_of_birth": dt.date(2009, 1, 1)}, "notification-condition.charge", "not_met"),
    ({"detention.police_area": "cumbria"}, "notification-condition.charge", "not_met"),
    ({"detention.police_area": "essex"}, "notification-condition.charge", "unknown"),
    ({"detention.police_area": "essex", "notification": {"charge": True}},
     "notification-condition.charge", "met"),
    ({"detention.sample_already_taken": True}, "one-sample-bar", "met"),
    ({"detention.sample_already_taken": None}, "one-sample-bar", "unknown"),
    ({"at": dt.datetime(2005, 11, 30, 12), "offences.0.stage": "arrested"},
     "arrest-condition.trigger", "not_met"),   # no arrest route before 1 December 2005
    ({"at": dt.datetime(2005, 12, 1, 12), "offences.0.stage": "arrested"},
     "arrest-condition.trigger", "met"),
    ({"at": dt.datetime(2004, 6, 1, 12), "person.date_of_birth": dt.date(1980, 1, 1)},
     "commencement-in-area", "met"),
    ({"at": dt.datetime(2004, 6, 1, 12), "detention.police_area": "kent"},
     "commencement-in-area", "not_met"),
    ({"at": dt.datetime(2005, 6, 1, 12), "detention.police_area": "essex"},
     "commencement-in-area", "unknown"),
    ({"offences.0.stage": "arrested", "offences.0.detention_for_offence_ended": True,
      "offences.1": {"offence": "Criminal Damage Act 1971 s.1(1)", "stage": "arrested"},
      "detention.detention_began": dt.datetime(2026, 3, 13, 14, 20)},
     "carry-over", "met"),
    ({"offences.0.stage": "arrested", "offences.0.detention_for_offence_ended": True,
      "offences.1": {"offence": "Criminal Damage Act 1971 s.1(1)", "stage": "arrested"},
      "detention.detention_began": dt.datetime(2026, 3, 13, 10, 20)},
     "carry-over", "met"),                  # exactly 24 hours: still within them
    ({"offences.0.stage": "arrested", "offences.0.detention_for_offence_ended": True,
      "offences.1": {"offence": "Criminal Damage Act 1971 s.1(1)", "stage": "arrested"},
      "detention.detention_began": dt.datetime(2026, 3, 13, 10, 19)},
     "carry-over", "not_met"),
]


def _apply(changes):
    data = pace_case()
    for key, value in changes.items():
        if key == "offences.1":
            data["offences"].append(value)
            continue
        target = data
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return data


@pytest.mark.parametrize("changes, rule, expected", CASES,
                         ids=[f"{c[1]}-{n}" for n, c in enumerate(CASES)])
def test_rule_when_one_fact_changes(engine, changes, rule, expected):
    result = evaluate(engine, _apply(changes))
    ruleset = result.ruleset
    scope_item = 0
    assert result.run.value(ruleset.qualify(rule), scope_item) == expected


def test_outcome_when_trigger_route_met_needs_no_authorisation_facts(engine):
    result = evaluate(engine, pace_case())
    assert result.decision.outcome == "eligible"
    assert result.decision.missing == []


def test_outcome_when_undetermined_names_the_deciding_facts(engine):
    result = evaluate(engine, _apply({"person.date_of_birth": None}))
    assert result.decision.outcome == "undetermined"
    assert [m.fact for m in result.decision.missing] == ["person.date_of_birth"]


def test_caveat_when_moment_after_checked_date(engine):
    checked = engine.ruleset("pace-s63b").files.header.checked_to
    later = dt.datetime.combine(checked + dt.timedelta(days=1), dt.time(9))
    result = evaluate(engine, _apply({"at": later}))
    assert result.decision.law_at.caveats
    assert "Crime and Policing Act 2026" in result.decision.law_at.caveats[0]
    assert not evaluate(engine, _apply({"at": later - dt.timedelta(days=1)})).decision.law_at.caveats
