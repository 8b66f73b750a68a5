"""The run cache used by batch gives exactly the decisions a fresh run gives."""

from __future__ import annotations

import datetime as dt
import pathlib

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import pace_case
from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, validate_case
from pocapace.engine.network.memo import canonical, fact_key
from pocapace.engine.tools.worked import case_files, load_worked

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_memo_when_every_worked_case_decided_twice_gives_identical_decisions(engine):
    cached = Engine()
    cached.remember_runs()
    raws = [raw for path in case_files([ROOT / "cases"]) for raw in load_worked(path)]
    for raw in raws + raws:  # the second pass is served from the cache
        assert cached.decide_raw(raw).to_json_dict() == engine.decide_raw(raw).to_json_dict()
    assert cached.runs.hits >= len(raws)


ages = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2016, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2026, 6, 1))
offences = st.sampled_from(["Theft Act 1968 s.1", "Theft Act 1968 s.15", "MDA 1971 s.5(2)",
                            "Criminal Damage Act 1971 s.1(1)", "Fraud Act 2006 s.1"])


@settings(max_examples=60, deadline=None)
@given(born=ages, at=moments, offence=offences, stage=st.sampled_from(["arrested", "charged"]),
       drug=st.sampled_from([None, "heroin", "mdma", "cannabis"]),
       area=st.sampled_from(["metropolitan", "kent", "essex", "west-midlands"]))
def test_memo_when_random_cases_gives_identical_decisions(engine, born, at, offence, stage,
                                                          drug, area):
    assume(born <= at.date())  # a birth after the moment is an input error, not a decision
    data = pace_case(**{"person.date_of_birth": born, "at": at, "detention.police_area": area})
    data["offences"] = [{"offence": offence, "stage": stage, **({"drug": drug} if drug else {})}]
    cached = _cached_engine()
    raw = RawCase(data, "test")
    cached.decide_raw(raw)
    assert cached.decide_raw(raw).to_json_dict() == engine.decide_raw(raw).to_json_dict()


_CACHED = []


def _cached_engine():
    if not _CACHED:
        _CACHED.append(Engine())
        _CACHED[0].remember_runs()
    return _CACHED[0]


def test_canonical_key_is_the_key_of_each_reordered_fact(engine):
    """The key is built from the facts' keys before reordering; it must equal the key of the
    facts as they come out (with their new item numbers)."""
    for path in case_files([ROOT / "cases"]):
        for raw in load_worked(path):
            regime, case = validate_case(raw)
            evaluation = engine.evaluate(regime, case, raw.where)
            ruleset = evaluation.ruleset
            out, key, _ = canonical(evaluation.facts.as_list(), ruleset.thresholds,
                                    ruleset.files.header.scopes)
            assert key == tuple(fact_key(f, ruleset.thresholds) for f in out), raw.where
