"""The criminal-lifestyle case file (regime poca-s75): a public contract (financial
investigators and other systems write it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .case_base import CaseModel, WorkedCaseFields
from .case_help import INCHOATE_HELP, TARGET_HELP
from .case_values import CommittedDays, day_of, exact_money

Goods = Literal["controlled-drug", "firearm", "ammunition", "other"]


class Committed(CommittedDays, CaseModel):
    """When the offence was committed: on one day, or over a period (from, to)."""

    on: dt.date | None = None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _shape(self) -> Committed:
        problem = self.shape_problem()
        if problem:
            raise ValueError(problem)
        return self


class Offence(CaseModel):
    offence: str = Field(description="Catalogue id, alias or offence code (e.g. '92/30').")
    drug: str | None = Field(None, description="The controlled drug, for drug offences.")
    drug_class: Literal["A", "B", "C"] | None = None
    goods: Goods | None = Field(None, description="For customs offences; a drug implies "
                                                  "controlled-drug.")
    inchoate: str | None = Field(None, description=INCHOATE_HELP)
    target: str | None = Field(None, description=TARGET_HELP)
    committed: Committed | None = None
    benefit: Decimal | None = Field(None, description="£ benefit from this offence (exact "
                                                      "pence); 0 = none; omitted = unknown.")

    _money = field_validator("benefit", mode="before")(classmethod(lambda cls, v: exact_money(v)))


class Conviction(Offence):
    """An offence of which the defendant is convicted in these proceedings."""


class TakenIntoConsideration(Offence):
    """An offence taken into consideration in sentencing in these proceedings."""


class PreviousConviction(Offence):
    """An earlier conviction: one entry per offence; the same convicted_on = the same occasion."""

    convicted_on: dt.date


class PocaCase(WorkedCaseFields):
    """A defendant convicted in these proceedings: does the defendant have a criminal lifestyle?"""

    regime: Literal["poca-s75"]
    id: str = Field(min_length=1)
    jurisdiction: Literal["england-and-wales", "scotland", "northern-ireland"]
    at: dt.date | None = Field(None, description="The day the court decides (selects the law); "
                                                 "default: today.")
    proceedings_started: dt.date | None = Field(
        None, description="The day the proceedings were started (the earliest day where there "
                          "is more than one).")
    convictions: list[Conviction] = Field(min_length=1)
    taken_into_consideration: list[TakenIntoConsideration] = []
    previous_convictions: list[PreviousConviction] = []

    @field_validator("at", mode="before")
    @classmethod
    def _day(cls, value):
        return day_of(value)
