"""The drug-testing case file (regime pace-s63b): a public contract (trainers and other systems write it)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from .case_base import CaseModel, WorkedCaseFields
from .case_help import INCHOATE_HELP, TARGET_HELP
from .case_values import day_means_start


class Person(CaseModel):
    date_of_birth: dt.date | None = Field(None, description="Date of birth, if known.")
    appears_under_18: bool | None = Field(
        None, description="With no date of birth: whether the person appears to be under 18.")


class Detention(CaseModel):
    police_area: str | None = Field(None, description="Police area (force) of detention.")
    station: str | None = Field(None, description="Police station of detention.")
    sample_already_taken: bool | None = Field(
        None, description="A drug-test sample has already been taken in this continuous period "
                          "of detention.")
    first_sample_unsuitable: bool | None = Field(
        None, description="If a sample was already taken: it proved unsuitable or insufficient "
                          "for the test (matters only where the law allows a second sample).")
    sample_taken_under: Literal["arrest", "charge"] | None = Field(
        None, description="If a sample was already taken: the condition it was taken under.")
    detention_began: dt.datetime | None = Field(
        None, description="When this continuous period of detention began (for the "
                          "carry-over time limit of the rule set).")
    brought_before_custody_officer: bool | None = Field(
        None, description="Whether the person has been brought before the custody officer.")
    at_police_station: bool = Field(True, description="Detained at a police station.")


class Authorisation(CaseModel):
    rank: str = Field(description="Rank of the authorising officer (e.g. inspector).")
    suspects_class_a_misuse_contributed: bool | None = Field(
        None, description="The officer has reasonable grounds to suspect that misuse of a "
                          "specified Class A drug caused or contributed to the offence.")
    oral: bool | None = Field(None, description="The authorisation was given orally.")
    treated_as_inspector: bool = Field(
        False, description="A sergeant authorised by a superintendent or above to act as an "
                           "inspector; absent = no such authorisation.")


class OffenceEntry(CaseModel):
    offence: str = Field(description="Catalogue id, alias or offence code, as listed by "
                                     "`pocapace offences`.")
    stage: Literal["arrested", "charged"]
    drug: str | None = Field(None, description="For drug offences: the drug (name or "
                                               "street name).")
    drug_class: Literal["A", "B", "C"] | None = Field(
        None, description="The drug's class where the drug itself is not known.")
    inchoate: str | None = Field(None, description=INCHOATE_HELP)
    target: str | None = Field(None, description=TARGET_HELP)
    inspector_authorisation: Authorisation | None = Field(
        None, description="An inspector's authorisation for this offence; absent = none given.")
    detention_for_offence_ended: bool = Field(
        False, description="The person would now fall to be released for this offence and "
                           "remains detained only for another.")


class Notification(CaseModel):
    arrest: bool | None = None
    charge: bool | None = None
    under_18: bool | None = None


class PaceCase(WorkedCaseFields):
    """A person in police detention; may a drug-test sample be taken?"""

    regime: Literal["pace-s63b"]
    id: str = Field(min_length=1)
    at: dt.datetime = Field(description="When the sample is to be requested; selects the law.")
    person: Person = Person()
    detention: Detention = Detention()
    offences: list[OffenceEntry] = Field(min_length=1)
    notification: Notification | None = Field(
        None, description="Overrides the notification register for this case.")

    @field_validator("at", mode="before")
    @classmethod
    def _day_means_start(cls, value):
        return day_means_start(value)
