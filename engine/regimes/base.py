"""What every regime provides: its case model, its fact schema and its fact builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..core.errors import CaseFileError, UnknownReferenceError
from ..law.lists import Item
from ..law.loader import Catalogues
from ..law.rulefiles import RegisterFile
from ..network.compiler.schema import FactSchema
from ..network.facts import FactSet
from ..network.ruleset import CompiledRuleSet


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
    #: The flat CSV layout (one row per item): the columns that belong to a row's item.
    flat_item_fields: ClassVar[frozenset[str]] = frozenset()

    def flat_item(self, item: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """Where one row's item goes in the case (the field of its list) and its fields;
        a ValueError (message, field) for a row that cannot be placed."""
        raise NotImplementedError

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


SHOWN_STATUS = {"met": "yes", "not_met": "no", "unknown": "not known"}


def list_item(path: str, info, inchoate: str | None, drug: str | None, goods: str | None,
              drug_class: str | None) -> Item:
    """One offence of a case as the list tests see it, with the case paths of its fields."""
    return Item(info, inchoate, drug, goods, f"{path}.drug", f"{path}.goods", f"{path}.offence",
                drug_class, f"{path}.inchoate")


def judge_lists(ctx: Context, facts: FactSet, scope: str, index: int, item: Item,
                member=None) -> None:
    """Record the item's membership of every list of the rule set as ``list:<name>`` facts;
    ``member(judge)`` gives a finding (by default, membership on the case's day)."""
    for name, judge in ctx.ruleset.judges.items():
        answer = member(judge) if member else judge.member(item, facts.day)
        facts.set_status(scope, index, f"list:{name}", answer.status,
                         f"{SHOWN_STATUS[answer.status]} ({item.offence.display})", answer)
