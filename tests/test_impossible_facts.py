"""Facts that cannot be true are input errors naming the field, never a decision
(a date of birth after the moment once gave "age -2, NOT ELIGIBLE")."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import decide, pace_case
from pocapace.engine.core.errors import CaseFileError

POCA = {
    "regime": "poca-s75", "id": "P", "jurisdiction": "england-and-wales", "at": dt.date(2025, 6, 1),
    "proceedings_started": dt.date(2025, 2, 10),
    "convictions": [{"offence": "Theft Act 1968 s.1", "committed": {"on": dt.date(2024, 3, 2)},
                     "benefit": 100}],
}


def poca(**changes):
    import copy

    case = copy.deepcopy(POCA)
    case.update(changes)
    return case


@pytest.mark.parametrize("data, field", [
    (pace_case(**{"person.date_of_birth": dt.date(2028, 1, 1)}), "person.date_of_birth"),
    (pace_case(**{"detention.detention_began": dt.datetime(2026, 3, 14, 11, 0)}),
     "detention.detention_began"),
    (poca(convictions=[{"offence": "Theft Act 1968 s.1", "committed": {"on": dt.date(2025, 3, 1)},
                        "benefit": 1}]), "convictions[0].committed"),
    (poca(previous_convictions=[{"offence": "Theft Act 1968 s.1",
                                 "convicted_on": dt.date(2025, 7, 1), "benefit": 1}]),
     "previous_convictions[0].convicted_on"),
    (poca(proceedings_started=dt.date(2025, 7, 1)), "proceedings_started"),
    (poca(convictions=[{"offence": "Theft Act 1968 s.1",
                        "committed": {"from": dt.date(2024, 3, 2), "to": dt.date(2024, 1, 1)},
                        "benefit": 1}]), "convictions[0].committed"),
])
def test_an_impossible_fact_is_an_input_error_naming_its_field(engine, data, field):
    with pytest.raises(CaseFileError) as caught:
        decide(engine, data)
    assert caught.value.field == field


def test_a_conviction_after_proceedings_started_but_before_the_decision_is_a_fact(engine):
    """Separate proceedings can end in a conviction after these started: it is outside the
    window (worked case FI-0015), not impossible."""
    data = poca(previous_convictions=[{"offence": "Theft Act 1968 s.1",
                                       "convicted_on": dt.date(2025, 3, 20), "benefit": 1}])
    assert decide(engine, data).outcome == "no_criminal_lifestyle"


def test_a_poca_decision_grows_linearly_with_its_convictions(engine):
    """Each conviction's totals once listed every other conviction, so 5,000 convictions ran
    past 10 GB; past a dozen the others are summed into one part."""
    import json

    def size(n, benefit):
        data = poca(convictions=[{"offence": "Theft Act 1968 s.1",
                                  "committed": {"on": dt.date(2024, 3, 2)},
                                  **({"benefit": benefit} if benefit else {})}] * n)
        return len(json.dumps(decide(engine, data).to_json_dict(), default=str))

    for benefit in ("10.00", None):
        small, large = size(40, benefit), size(160, benefit)
        assert large < 4.6 * small, (benefit, small, large)
