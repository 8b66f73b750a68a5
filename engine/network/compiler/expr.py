"""Parses a rule's ``when:`` condition into a small tree, checked against the fact schema.

Grammar (YAML)::

    {all: [cond, ...]}  {any: [cond, ...]}  {not: cond}
    {rule: id}                              another rule, same item (or the case)
    {some: scope, rule: id} / {every: scope, rule: id}
    {list: name}                            the item's offence is in the named list
    {fact: type.attr, <op>: value}          op: equals, in, is, holds,
                                            at_least, above, below, at_most

A value written ``$name`` is the rule version's parameter ``name``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .schema import Attr, FactSchema

OPS_BY_KIND = {
    "enum": ("equals", "in"),
    "text": ("equals", "in"),
    "bool": ("is",),
    "status": ("holds",),
    "number": ("at_least", "above", "below", "at_most"),
    "money": ("at_least", "above", "below", "at_most"),
    "date": ("at_least", "above", "below", "at_most"),
}
ALL_OPS = sorted({op for ops in OPS_BY_KIND.values() for op in ops})


class ExprError(ValueError):
    """A condition is malformed; ``path`` locates it inside the rule (e.g. ``when.all[1]``)."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path, self.problem = path, problem


@dataclass(frozen=True)
class Leaf:
    """A test of one attribute of one fact; three-valued (absent attribute = unknown)."""

    fact: str
    attr: str
    kind: str
    op: str
    value: Any
    shown: Any
    negated: bool = False

    def negate(self) -> Leaf:
        return Leaf(self.fact, self.attr, self.kind, self.op, self.value, self.shown, not self.negated)

    def describe(self) -> str:
        word = {"equals": "is", "in": "is one of", "is": "is", "holds": "holds:",
                "at_least": "is at least", "above": "is more than",
                "below": "is less than", "at_most": "is at most"}[self.op]
        text = f"{self.fact}.{self.attr} {word} {self.shown}"
        return f"not ({text})" if self.negated else text


@dataclass(frozen=True)
class InForce:
    """The law's evaluation day falls in one of the rule's periods (ordinal day ranges)."""

    ranges: tuple[tuple[int | None, int | None], ...]
    labels: tuple[str, ...]
    negated: bool = False

    def negate(self) -> InForce:
        return InForce(self.ranges, self.labels, not self.negated)

    def period_on(self, day: dt.date) -> str | None:
        """The label of the period that covers ``day``, or None when none does."""
        ordinal = day.toordinal()
        for (start, end), label in zip(self.ranges, self.labels, strict=True):
            if (start is None or start <= ordinal) and (end is None or ordinal <= end):
                return label
        return None


@dataclass(frozen=True)
class Ref:
    """A reference to another rule's conclusion."""

    rule: str
    negated: bool = False

    def negate(self) -> Ref:
        return Ref(self.rule, not self.negated)


@dataclass(frozen=True)
class Quantified:
    """``some`` or ``every`` item of a scope satisfies a rule."""

    quantifier: str
    scope: str
    rule: str
    negated: bool = False

    def negate(self) -> Quantified:
        return Quantified(self.quantifier, self.scope, self.rule, not self.negated)


@dataclass
class Group:
    """``all`` or ``any`` of several conditions."""

    op: str
    parts: list[Any] = field(default_factory=list)
    negated: bool = False

    def negate(self) -> Group:
        return Group(self.op, self.parts, not self.negated)


def parse(raw: Any, schema: FactSchema, params: dict[str, Any], path: str = "when") -> Any:
    """Parse a raw YAML condition into Leaf / Ref / Quantified / Group nodes."""
    if not isinstance(raw, dict):
        raise ExprError(path, f"expected a mapping such as {{all: [...]}}, found {raw!r}")
    keys = set(raw)
    if keys & {"all", "any"}:
        return _parse_group(raw, schema, params, path)
    if keys == {"not"}:
        return parse(raw["not"], schema, params, f"{path}.not").negate()
    if "rule" in keys:
        return _parse_ref(raw, schema, path)
    if keys == {"list"}:
        return _list_leaf(raw["list"], path)
    if "fact" in keys:
        return _parse_leaf(raw, schema, params, path)
    raise ExprError(path, f"unrecognised condition keys {sorted(keys)}; expected all, any, "
                          "not, rule, list or fact")


def _parse_group(raw: dict, schema: FactSchema, params: dict, path: str) -> Group:
    if len(raw) != 1:
        raise ExprError(path, f"'all' or 'any' must stand alone, found keys {sorted(raw)}")
    op, items = next(iter(raw.items()))
    if not isinstance(items, list) or not items:
        raise ExprError(f"{path}.{op}", "expected a non-empty list of conditions")
    parts = [parse(item, schema, params, f"{path}.{op}[{n}]") for n, item in enumerate(items)]
    return Group(op, parts)


def _parse_ref(raw: dict, schema: FactSchema, path: str) -> Ref | Quantified:
    extra = set(raw) - {"rule", "some", "every"}
    if extra:
        raise ExprError(path, f"unexpected keys {sorted(extra)} beside 'rule'")
    quantifiers = [q for q in ("some", "every") if q in raw]
    if len(quantifiers) > 1:
        raise ExprError(path, "use either 'some' or 'every', not both")
    if not quantifiers:
        return Ref(str(raw["rule"]))
    quantifier = quantifiers[0]
    scope = raw[quantifier]
    if scope not in schema.scopes():
        raise ExprError(path, f"'{quantifier}: {scope}' names no scope (known: {schema.scopes()})")
    return Quantified(quantifier, scope, str(raw["rule"]))


def _list_leaf(name: Any, path: str) -> Leaf:
    if not isinstance(name, str):
        raise ExprError(path, f"'list' takes a list name, found {name!r}")
    return Leaf("@scope", f"list:{name}", "status", "holds", "met", f"listed in {name}")


def _parse_leaf(raw: dict, schema: FactSchema, params: dict, path: str) -> Leaf:
    ops = [k for k in raw if k != "fact"]
    if len(ops) != 1:
        raise ExprError(path, f"a fact test takes exactly one operator (one of {ALL_OPS})")
    op = ops[0]
    try:
        fact_type, attr_name, attr = schema.attr(str(raw["fact"]))
    except KeyError as exc:
        raise ExprError(f"{path}.fact", exc.args[0]) from None
    if op not in OPS_BY_KIND[attr.kind]:
        raise ExprError(f"{path}.{op}", f"'{op}' does not apply to {attr.kind} attribute "
                                        f"'{raw['fact']}' (use {OPS_BY_KIND[attr.kind]})")
    shown = _substitute(raw[op], params, f"{path}.{op}")
    value = _compile_value(shown, attr, op, f"{path}.{op}")
    return Leaf(fact_type.name, attr_name, attr.kind, op, value, shown)


def _substitute(value: Any, params: dict, path: str) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in params:
            raise ExprError(path, f"parameter '{value}' is not defined by this rule version")
        return params[name]
    if isinstance(value, list):
        return [_substitute(v, params, path) for v in value]
    return value


def _compile_value(value: Any, attr: Attr, op: str, path: str) -> Any:
    if op == "in":
        if not isinstance(value, list) or not value:
            raise ExprError(path, "'in' takes a non-empty list")
        return [_scalar(v, attr, path) for v in value]
    if op == "is":
        if not isinstance(value, bool):
            raise ExprError(path, f"'is' takes true or false, found {value!r}")
        return value
    if op == "holds":
        if value not in (True, False):
            raise ExprError(path, f"'holds' takes true or false, found {value!r}")
        return "met" if value else "not_met"
    return _scalar(value, attr, path)


def _scalar(value: Any, attr: Attr, path: str) -> Any:
    if attr.kind in ("enum",):
        if attr.values and value not in attr.values:
            raise ExprError(path, f"{value!r} is not one of {list(attr.values)}")
        return value
    if attr.kind == "date":
        if not isinstance(value, dt.date):
            raise ExprError(path, f"expected a date (YYYY-MM-DD), found {value!r}")
        return value.toordinal()
    if attr.kind == "money":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise ExprError(path, f"expected an amount of money, found {value!r}")
        return int(Decimal(value) * 100)
    if attr.kind == "number" and isinstance(value, str) and attr.scale:
        points = dict(attr.scale)
        if value not in points:
            raise ExprError(path, f"{value!r} is not one of {sorted(points)}")
        return points[value]
    if attr.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise ExprError(path, f"expected a number, found {value!r}")
        return int(value) if Decimal(value) == int(value) else float(value)
    return value


def in_force_leaf(periods: list) -> InForce:
    """The in-force test for a list of Period models."""
    ranges = tuple(
        (p.from_.toordinal() if p.from_ else None, p.to.toordinal() if p.to else None)
        for p in periods
    )
    return InForce(ranges, tuple(p.label() for p in periods))
