"""The pydantic base of every case file model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class CaseModel(BaseModel):
    """Base of every case file model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class WorkedCaseFields(CaseModel):
    """Fields a worked case may carry for trainers; ignored by the decision."""

    title: str | None = None
    #: A law scenario the worked case is decided under (a shipped scenario's name).
    assume: str | None = None

    @field_validator("assume")
    @classmethod
    def _shipped(cls, value: str | None) -> str | None:
        if value is not None:
            from ..law.loader import rules_root
            from ..law.scenarios import shipped_scenarios

            known = shipped_scenarios(rules_root())
            if value not in known:
                raise ValueError(f"'{value}' is not a shipped law scenario "
                                 f"({', '.join(known) or 'none'}); give a scenario file with "
                                 "--assume instead")
        return value
    expect: dict[str, Any] | None = None
    notes: str | None = None
    tags: list[str] | None = None
