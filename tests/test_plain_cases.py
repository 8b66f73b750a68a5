"""A plainly valid case read without pydantic (``regimes.plain``) is the case pydantic reads:
the same fields, values and types, the same decision; anything not plainly valid is left to
pydantic (it accepts or refuses it with its own message)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conftest import paths_in
from pocapace.engine.cases import RawCase, validate_case
from pocapace.engine.core.errors import CaseFileError
from pocapace.engine.decision.equivalence import first_difference
from pocapace.engine.regimes.plain import PlainCase, build
from pocapace.engine.tools.worked import bundled_cases, case_files, load_worked

WORKED = [raw for path in case_files([bundled_cases()]) for raw in load_worked(path)]


def spec(engine, raw: RawCase):
    return engine.ruleset(raw.data["regime"]).case_spec


def same(plain, model, path: str = "case") -> None:
    """``plain`` has every field of the pydantic ``model``, each of the same type and value."""
    assert isinstance(plain, PlainCase), path
    assert [name for name, *_ in plain._spec[2]] == list(type(model).model_fields), path
    for name in type(model).model_fields:
        mine, theirs = getattr(plain, name), getattr(model, name)
        here = f"{path}.{name}"
        if isinstance(theirs, BaseModel):
            same(mine, theirs, here)
        elif isinstance(theirs, list):
            assert isinstance(mine, list) and len(mine) == len(theirs), here
            for n, (a, b) in enumerate(zip(mine, theirs, strict=True)):
                if isinstance(b, BaseModel):
                    same(a, b, f"{here}[{n}]")
                else:
                    assert (type(a), a) == (type(b), b), f"{here}[{n}]"
        else:
            assert (type(mine), mine) == (type(theirs), theirs), here


def test_plain_cases_when_the_rules_are_compiled_both_case_models_are_described(engine):
    for regime in ("pace-s63b", "poca-s75"):
        assert engine.ruleset(regime).case_spec is not None, regime


def test_plain_cases_when_worked_cases_are_read_each_is_the_case_pydantic_reads(engine):
    plain = 0
    for raw in WORKED:
        case = build(spec(engine, raw), raw.data)
        if case is None:
            continue
        plain += 1
        _, model = validate_case(raw)
        same(case, model, raw.where)
        assert case.model_dump(mode="json", exclude={"notes"}) == \
            model.model_dump(mode="json", exclude={"notes"}), raw.where
    # most worked cases are plainly valid (those naming a law scenario go to pydantic)
    assert plain > 0.8 * len(WORKED), (plain, len(WORKED))


def test_plain_cases_when_worked_cases_are_decided_the_decisions_are_the_same(engine):
    for raw in WORKED:
        case = build(spec(engine, raw), raw.data)
        if case is None:
            continue
        regime, model = validate_case(raw)
        expected = engine.reference_evaluate(regime, model, raw.where).decision.to_json_dict()
        actual = engine.decide(regime, case, raw.where).to_json_dict()
        assert first_difference(expected, actual) is None, (raw.where, first_difference(
            expected, actual))


def test_plain_cases_when_engine_validates_a_plain_case_it_is_plain_else_pydantic(engine):
    plain = RawCase(copy.deepcopy(WORKED[0].data), "plain.yaml")
    assert isinstance(engine.validate(plain)[1], PlainCase)
    quoted = copy.deepcopy(plain.data)
    quoted["id"] = 7  # not a text: pydantic says so
    with pytest.raises(CaseFileError, match="id"):
        engine.validate(RawCase(quoted, "quoted.yaml"))


#: Values put in place of a field's value: the right and the wrong kind, edge days, texts.
ODD = [None, True, False, 0, 1, -3, 7.5, "", "x", "yes", "true", "arrested", "charged", "A",
       "controlled-drug", "england-and-wales", "inspector", "2026-03-14", "2026-03-14 10:20",
       "2026-03-14T10:20:05", "2026-02-30 10:20", "2026-03-14 10:20+01:00", "5000", "£5,000.00",
       dt.date(2026, 3, 1), dt.date(1066, 10, 14), dt.date(2300, 1, 1), dt.date(1800, 1, 1),
       dt.datetime(2026, 3, 1, 10, 0), dt.datetime(2026, 3, 1, 10, 0, 0, 5),
       dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), Decimal("5000"),
       Decimal("4999.99"), Decimal("0.001"), Decimal("-1"), Decimal("NaN"), Decimal("Infinity"),
       [], {}, ["x"], [{}], {"rank": "inspector"}, {"on": dt.date(2025, 1, 1)},
       {"from": dt.date(2025, 1, 1), "to": dt.date(2024, 1, 1)}]


@st.composite
def mutated(draw):
    data = copy.deepcopy(draw(st.sampled_from(WORKED)).data)
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths_in(data))[1:]
        path = draw(st.sampled_from(places))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "rename"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(ODD)))
        elif action == "drop":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "from_", "on", "oral", "Id"]))] = \
                copy.deepcopy(draw(st.sampled_from(ODD)))
        elif action == "rename" and isinstance(parent, dict):
            parent[f"{path[-1]}_"] = parent.pop(path[-1])
        if data.get("regime") not in ("pace-s63b", "poca-s75"):
            data["regime"] = "pace-s63b"
    return data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_plain_cases_when_a_case_is_mutated_plain_accepts_only_what_pydantic_reads_alike(
        engine, data):
    raw = RawCase(data, "mutated.yaml")
    case = build(engine.ruleset(data["regime"]).case_spec, data)
    if case is None:
        return  # left to pydantic
    _, model = validate_case(raw)  # raises (failing the test) if pydantic refuses it
    same(case, model)
    assert case.model_dump(mode="json") == model.model_dump(mode="json")
