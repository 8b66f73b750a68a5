"""Shared fixtures: the engine over the bundled rules, and helpers to build cases."""

from __future__ import annotations

import copy
import datetime as dt

# Imported before any test runs: a batch run in-process freezes the cyclic collector for its
# trace templates, and hypothesis, imported afterwards (at the latest by its plugin's summary),
# would find trio's registered random generator unreferenced (frozen objects are invisible to
# gc.get_referrers) and warn, which this suite turns into an error.
import hypothesis  # noqa: F401
import pytest

from pocapace.engine.api import get_engine
from pocapace.engine.cases import RawCase


@pytest.fixture(scope="session")
def engine():
    return get_engine()


BASE_PACE = {
    "regime": "pace-s63b",
    "id": "T",
    "at": dt.datetime(2026, 3, 14, 10, 20),
    "person": {"date_of_birth": dt.date(1987, 5, 2)},
    "detention": {"police_area": "metropolitan", "station": "brixton",
                  "sample_already_taken": False, "brought_before_custody_officer": True},
    "offences": [{"offence": "Theft Act 1968 s.1", "stage": "charged"}],
}


def pace_case(**changes) -> dict:
    """A PACE case: an adult charged with theft at Brixton in 2026, with ``changes`` applied.

    Keys with dots set nested fields: ``pace_case(**{"person.date_of_birth": None})``.
    """
    case = copy.deepcopy(BASE_PACE)
    for key, value in changes.items():
        target = case
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        if value is None and isinstance(target, dict):
            target.pop(last, None)
        else:
            target[last] = value
    return case


def decide(engine, data: dict):
    return engine.decide_raw(RawCase(data, "test"))


def evaluate(engine, data: dict):
    from pocapace.engine.cases import validate_case

    raw = RawCase(data, "test")
    regime, case = validate_case(raw)
    return engine.evaluate(regime, case, "test")


def paths_in(value, prefix=()):
    """Every path (a tuple of keys and indexes) into a case's data, the empty one first."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths_in(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths_in(child, (*prefix, index))
