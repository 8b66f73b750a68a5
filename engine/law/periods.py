"""In-force periods: the past stays answerable.

A period is inclusive at both ends; an open end is ``None``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Period(BaseModel):
    """Inclusive span of days during which a provision or entry had effect."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)

    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    #: The named commencement the period starts with, or ends the day before (resolved to
    #: days from rules/commencements.yaml or a law scenario before validation).
    commenced: str | None = None
    until: str | None = None
    #: A commencement with no day: the period never contains a day.
    never: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return not self.never and (self.from_ is None or self.from_ <= day) and \
            (self.to is None or day <= self.to)

    def label(self) -> str:
        """Human form, e.g. ``from 2005-12-01`` or ``2001-07-02 to 2007-01-14``."""
        if self.never:
            return f"from the commencement of {self.commenced or 'a provision'} (not in force)"
        if self.commenced:
            return f"from {self.from_} (the commencement of {self.commenced})"
        if self.from_ and self.to:
            return f"{self.from_} to {self.to}"
        if self.from_:
            return f"from {self.from_}"
        if self.to:
            return f"until {self.to}"
        return "at all times"

    def breakpoints(self) -> set[dt.date]:
        """Days on which something changes: the first day and the day after the last."""
        points = set()
        if self.never:
            return points
        if self.from_:
            points.add(self.from_)
        if self.to:
            points.add(self.to + dt.timedelta(days=1))
        return points


ALWAYS = Period()


def in_any(periods: list[Period], day: dt.date) -> Period | None:
    """The first period containing ``day``, or None."""
    for period in periods:
        if period.contains(day):
            return period
    return None
