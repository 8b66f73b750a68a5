"""Calendar readings: attained age, months covered, periods ending with a day."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pocapace.engine.core.dates import add_months, age_on, months_covered, period_ending_with

D = dt.date


@pytest.mark.parametrize("born, on, reading, age", [
    (D(2008, 3, 14), D(2026, 3, 14), "march-1", 18),   # the birthday itself
    (D(2008, 3, 14), D(2026, 3, 13), "march-1", 17),   # the day before
    (D(2008, 2, 29), D(2026, 2, 28), "march-1", 17),   # leap-day birth, common year
    (D(2008, 2, 29), D(2026, 3, 1), "march-1", 18),
    (D(2008, 2, 29), D(2026, 2, 28), "february-28", 18),
    (D(2008, 2, 29), D(2028, 2, 29), "march-1", 20),   # leap year: the real anniversary
])
def test_age_on_when_boundary_days(born, on, reading, age):
    assert age_on(born, on, reading) == age


@pytest.mark.parametrize("first, last, months", [
    (D(2024, 1, 1), D(2024, 6, 30), 6),    # exactly six months
    (D(2024, 1, 1), D(2024, 6, 29), 5),    # six months less a day
    (D(2023, 8, 31), D(2024, 2, 28), 6),   # month-end start, leap February
    (D(2023, 8, 31), D(2024, 2, 27), 5),
    (D(2024, 3, 2), D(2024, 3, 2), 0),     # one day
    (D(2024, 1, 1), D(2024, 1, 31), 1),
])
def test_months_covered_when_boundaries(first, last, months):
    assert months_covered(first, last) == months


@pytest.mark.parametrize("last, first", [
    (D(2025, 2, 10), D(2019, 2, 11)),
    (D(2024, 2, 29), D(2018, 3, 1)),
    (D(2025, 3, 1), D(2019, 3, 2)),
])
def test_period_ending_with_when_six_years(last, first):
    assert period_ending_with(last, 6) == (first, last)


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))


@given(first=days, span=st.integers(0, 1200))
def test_months_covered_when_any_period_is_largest_m_reached(first, span):
    last = first + dt.timedelta(days=span)
    m = months_covered(first, last)
    assert last >= add_months(first, m) - dt.timedelta(days=1) or m == 0
    assert last < add_months(first, m + 1) - dt.timedelta(days=1)


@given(born=days, on=days)
def test_age_on_when_any_dates_is_monotone_in_time(born, on):
    if on < born:
        return
    assert age_on(born, on, "march-1") <= age_on(born, on + dt.timedelta(days=1), "march-1")
