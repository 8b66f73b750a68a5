"""In-force periods: the past stays answerable.

A period is inclusive at both ends; an open end is ``None``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .records import PeriodMethods, in_any

__all__ = ["ALWAYS", "Period", "in_any"]


class Period(PeriodMethods, BaseModel):
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


ALWAYS = Period()
