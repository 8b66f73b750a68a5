"""Calendar arithmetic the rules rely on; every reading it offers is chosen in the rule files.

The functions here are general (ages, calendar months, periods ending with a day);
which reading applies, and with which numbers, is stated next to the rule that uses it.
"""

from __future__ import annotations

import datetime as dt

#: The days a case file may give (a date outside is an input error, not a decision).
FIRST_DAY, LAST_DAY = dt.date(1800, 1, 1), dt.date(2199, 12, 31)

#: Readings of the anniversary of a 29 February birth in a common year.
LEAP_DAY_READINGS = ("march-1", "february-28")


def anniversary(born: dt.date, year: int, leap_day_reading: str) -> dt.date:
    """The birthday in ``year`` of a person born on ``born``.

    >>> anniversary(dt.date(2008, 2, 29), 2026, "march-1")
    datetime.date(2026, 3, 1)
    >>> anniversary(dt.date(2008, 2, 29), 2026, "february-28")
    datetime.date(2026, 2, 28)
    """
    if leap_day_reading not in LEAP_DAY_READINGS:
        raise ValueError(f"unknown leap-day reading {leap_day_reading!r}")
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        if leap_day_reading == "march-1":
            return dt.date(year, 3, 1)
        return dt.date(year, 2, 28)


def age_on(born: dt.date, on: dt.date, leap_day_reading: str) -> int:
    """Completed years of age on ``on``: an age is attained at the start of the birthday.

    >>> age_on(dt.date(2008, 3, 14), dt.date(2026, 3, 14), "march-1")
    18
    >>> age_on(dt.date(2008, 3, 15), dt.date(2026, 3, 14), "march-1")
    17
    """
    years = on.year - born.year
    if on < anniversary(born, on.year, leap_day_reading):
        years -= 1
    return years


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later (or earlier); a missing day becomes the month's last.

    This is the corresponding-date rule with the month-end reading of Dodds v Walker.

    >>> add_months(dt.date(2023, 8, 31), 6)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 2, 29), -72)
    datetime.date(2018, 2, 28)
    """
    from dateutil.relativedelta import relativedelta  # (calendar, locale: only POCA counts months)

    return day + relativedelta(months=months)


def months_covered(first: dt.date, last: dt.date) -> int:
    """Whole calendar months covered by the inclusive period ``first``..``last``.

    The period covers m months when ``last`` is on or after the day before the
    date m months after ``first`` (see the examples).

    >>> months_covered(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    6
    >>> months_covered(dt.date(2024, 1, 1), dt.date(2024, 6, 29))
    5
    """
    if last < first:
        return 0
    months = (last.year - first.year) * 12 + (last.month - first.month) + 1
    while months > 0 and last < add_months(first, months) - dt.timedelta(days=1):
        months -= 1
    return months


def period_ending_with(last: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """The first and last day of the period of ``years`` years ending with ``last``.

    >>> period_ending_with(dt.date(2025, 2, 10), 6)
    (datetime.date(2019, 2, 11), datetime.date(2025, 2, 10))
    """
    return add_months(last, -12 * years) + dt.timedelta(days=1), last


def as_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar day of a date or datetime."""
    return value.date() if isinstance(value, dt.datetime) else value
