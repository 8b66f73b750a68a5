"""What every regime provides: its case model, its fact schema and its fact builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..compiler.schema import FactSchema
from ..errors import CaseFileError, UnknownReferenceError
from ..facts import FactSet
from ..loader import Catalogues
from ..rulefiles import RegisterFile
from ..ruleset import CompiledRuleSet


class CaseModel(BaseModel):
    """Base of every case file model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class WorkedCaseFields(CaseModel):
    """Fields a worked case may carry for trainers; ignored by the decision."""

    title: str | None = None
    expect: dict[str, Any] | None = None
    notes: str | None = None
    tags: list[str] | None = None


@dataclass
class Context:
    """What a fact builder may consult: catalogues, the compiled rules, a register, the source."""

    catalogues: Catalogues
    ruleset: CompiledRuleSet
    register: RegisterFile | None
    source: str


class Regime:
    """A regime: ``name`` is the case files' ``regime`` value."""

    name: ClassVar[str]
    case_model: ClassVar[type[CaseModel]]

    def schema(self, catalogues: Catalogues) -> FactSchema:
        raise NotImplementedError

    def moment(self, case: Any, at: dt.datetime | None) -> dt.datetime:
        raise NotImplementedError

    def build_facts(self, case: Any, moment: dt.datetime, ctx: Context) -> FactSet:
        raise NotImplementedError

    def describe_item(self, case: Any, facts: FactSet, scope: str,
                      item: int | None) -> dict[str, Any]:
        return {}

    def extras(self, case: Any, facts: FactSet, run, ctx: Context) -> dict[str, Any]:
        return {}


def resolve(ctx: Context, field: str, lookup, reference: str):
    """Look ``reference`` up in a catalogue; an unknown name is an input error naming the field."""
    try:
        return lookup(reference)
    except UnknownReferenceError as exc:
        raise CaseFileError(ctx.source, field, exc.message, exc.suggestions) from None
