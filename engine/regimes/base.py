"""What every regime provides: its case model, its fact schema and its fact builder (the
case models' pydantic base is ``case_base``, so deciding a plain case never imports pydantic)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.errors import CaseFileError, UnknownReferenceError
from ..law.lists import Item
from ..law.loader import Catalogues
from ..network.compiler.schema import FactSchema
from ..network.facts import FactSet
from ..network.ruleset import CompiledRuleSet

if TYPE_CHECKING:
    from ..law.rulefiles import RegisterFile


@dataclass
class Context:
    """What a fact builder may consult: catalogues, the compiled rules, a register, the source."""

    catalogues: Catalogues
    ruleset: CompiledRuleSet
    register: RegisterFile | None
    source: str


class LazyModel:
    """A regime's case model, named by module and class, imported when first read (a case
    validated the plain way never needs it)."""

    def __init__(self, module: str, name: str):
        self.module, self.name = module, name

    def __get__(self, obj, owner=None):
        import importlib

        return getattr(importlib.import_module(self.module), self.name)


class Regime:
    """A regime: ``name`` is the case files' ``regime`` value."""

    name: ClassVar[str]
    #: The pydantic model of the regime's case files (imported when first asked for).
    case_model: ClassVar[Any]
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


def not_after(ctx: Context, field: str, value, limit, what: str, limit_what: str) -> None:
    """An impossible fact is an input error: ``value`` (a date or moment) later than ``limit``."""
    if value is not None and limit is not None and value > limit:
        raise CaseFileError(ctx.source, field, f"{what} ({_shown(value)}) is after {limit_what} "
                            f"({_shown(limit)}), which cannot be: check the dates")


def _shown(value) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if isinstance(value, dt.datetime) \
        else str(value)


def resolve(ctx: Context, field: str, lookup, reference: str):
    """Look ``reference`` up in a catalogue; an unknown name is an input error naming the field."""
    try:
        return lookup(reference)
    except UnknownReferenceError as exc:
        raise CaseFileError(ctx.source, field, exc.message, exc.suggestions) from None


SHOWN_STATUS = {"met": "yes", "not_met": "no", "unknown": "not known"}


@dataclass
class Resolved:
    """What an offence entry names: the offence (or code), and the drug and inchoate form ids;
    ``offence_field`` is the field that named the offence judged (``target`` for a general
    inchoate offence such as conspiracy, read as the inchoate form of its target)."""

    ref: Any
    drug: str | None
    inchoate: str | None
    offence_field: str = "offence"


def resolve_offence(ctx: Context, path: str, entry) -> Resolved:
    """The offence, drug and inchoate form an entry names (unknown names: input errors)."""
    ref = _offence(ctx, f"{path}.offence", entry.offence)
    drug = resolve(ctx, f"{path}.drug", ctx.catalogues.drugs.resolve, entry.drug).id \
        if entry.drug is not None else None
    inchoate = resolve(ctx, f"{path}.inchoate", ctx.catalogues.inchoate.resolve,
                       entry.inchoate).id if entry.inchoate is not None else None
    if ref.inchoate is not None:
        if inchoate is not None and inchoate != ref.inchoate:
            raise CaseFileError(ctx.source, f"{path}.inchoate", f"the code '{entry.offence}' "
                                f"already says {ctx.catalogues.inchoate.by_id[ref.inchoate].label}"
                                f"; 'inchoate: {entry.inchoate}' contradicts it")
        inchoate = ref.inchoate
    form = ctx.catalogues.inchoate.form_of(ref.info.id)
    if form is None:
        if entry.target is not None:
            raise CaseFileError(ctx.source, f"{path}.target", f"'target' names the offence a "
                                f"general inchoate offence was aimed at, but "
                                f"'{entry.offence}' is not one: leave 'target' out, or give the "
                                f"inchoate form as 'inchoate:'")
        return Resolved(ref, drug, inchoate)
    if entry.target is None:
        raise CaseFileError(ctx.source, f"{path}.target", f"'{entry.offence}' is {form.label} "
                            f"({form.citation}): say which offence it was aimed at as "
                            f"'target:', written as for 'offence:' (or give that offence "
                            f"as 'offence:' with 'inchoate: {form.id}')")
    if inchoate is not None and inchoate != form.id:
        raise CaseFileError(ctx.source, f"{path}.inchoate", f"'{entry.offence}' is already "
                            f"{form.label}; 'inchoate: {entry.inchoate}' contradicts it")
    target = resolve(ctx, f"{path}.target", ctx.catalogues.references.resolve, entry.target)
    if ctx.catalogues.inchoate.form_of(target.info.id) is not None:
        raise CaseFileError(ctx.source, f"{path}.target", "the target must be the offence aimed "
                            f"at, not another inchoate offence ('{entry.target}')")
    return Resolved(target, drug, form.id, "target")


def _offence(ctx: Context, field: str, reference: str):
    """An offence reference; one worded as an inchoate form ('conspiracy to supply') that is
    not in the catalogue gets a hint to give the offence aimed at with 'inchoate:'."""
    try:
        return ctx.catalogues.references.resolve(reference)
    except UnknownReferenceError as exc:
        words = reference.strip().lower()
        forms = [f for f in ctx.catalogues.inchoate.by_id.values() if not f.covers
                 and words.startswith(f.label.split()[0].rstrip(","))]
        hint = ""
        if forms:
            aimed = words.split(" ", 1)[1].removeprefix("to ") if " " in words else "the offence"
            hint = (f" For {forms[0].label}, give the offence aimed at as 'offence:' (search: "
                    f"pocapace offences \"{aimed}\") with 'inchoate: {forms[0].id}'.")
        raise CaseFileError(ctx.source, field, exc.message + hint, exc.suggestions) from None


def list_item(path: str, info, inchoate: str | None, drug: str | None, goods: str | None,
              drug_class: str | None, offence_field: str = "offence") -> Item:
    """One offence of a case as the list tests see it, with the case paths of its fields."""
    return Item(info, inchoate, drug, goods, f"{path}.drug", f"{path}.goods",
                f"{path}.{offence_field}", drug_class, f"{path}.inchoate")


def judge_lists(ctx: Context, facts: FactSet, scope: str, index: int, item: Item,
                member=None) -> None:
    """Record the item's membership of every list of the rule set as ``list:<name>`` facts;
    ``member(judge)`` gives a finding (by default, membership on the case's day)."""
    for name, judge in ctx.ruleset.judges.items():
        answer = member(judge) if member else judge.member(item, facts.day)
        facts.set_status(scope, index, f"list:{name}", answer.status,
                         f"{SHOWN_STATUS[answer.status]} ({item.offence.display})", answer)
