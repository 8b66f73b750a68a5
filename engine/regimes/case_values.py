"""What the case models do beyond their field types, without pydantic: the same functions
serve the pydantic models and the plain case objects of ``regimes.plain``."""

from __future__ import annotations

import datetime as dt

from ..core.money import parse_money


def day_means_start(value):
    """A day given for a moment means the start of that day."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    return value


def day_of(value):
    """A moment given for a day means its day."""
    return value.date() if isinstance(value, dt.datetime) else value


def exact_money(value):
    """Money goes through the one money parser: exact pence, never negative (None = unknown)."""
    return None if value is None else parse_money(value)


class CommittedDays:
    """When an offence was committed: on one day (``on``), or over a period (``from_``, ``to``)."""

    on: dt.date | None
    from_: dt.date | None
    to: dt.date | None

    def shape_problem(self) -> str | None:
        """What is wrong with the days given, if anything."""
        if self.on and (self.from_ or self.to):
            return "give either 'on' or 'from'/'to', not both"
        if not self.on and not self.from_:
            return "give 'on' (one day) or 'from' and 'to' (a period)"
        if self.from_ and self.to and self.to < self.from_:
            return f"'to' ({self.to}) is before 'from' ({self.from_})"
        return None

    @property
    def first(self) -> dt.date:
        return self.on or self.from_

    @property
    def last(self) -> dt.date | None:
        return self.on or self.to
