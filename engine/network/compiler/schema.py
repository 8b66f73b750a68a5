"""The facts a regime asserts: their types, attributes and where each comes from in a case.

A regime declares a :class:`FactSchema`; the compiler checks every rule condition
against it (so a rule naming an unknown attribute fails at load time), and the
decision uses it to name a missing fact in the case file's own terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AttrKind = Literal["enum", "bool", "number", "money", "date", "status", "text"]

#: Kinds held as an interval (lower and upper bound), so "unknown but at least" is expressible.
ORDERED_KINDS = ("number", "money", "date")


@dataclass(frozen=True)
class Attr:
    """One attribute of a fact.

    ``source`` is the case-file path that supplies it (``{i}`` stands for the item
    index); ``ask`` says in plain words what to find out when it is missing.
    """

    kind: AttrKind
    source: str
    ask: str
    values: tuple[str, ...] = ()
    #: Named points of a number scale (e.g. police ranks by level), usable in rule files.
    scale: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class FactType:
    """A kind of fact: a singleton (one per case) or an item of a scope (one per offence...)."""

    name: str
    attrs: dict[str, Attr]
    scoped: bool = False
    label: str = ""


@dataclass(frozen=True)
class FactSchema:
    """All fact types of a regime; ``law`` (the evaluation day) is always present."""

    types: dict[str, FactType] = field(default_factory=dict)

    def scopes(self) -> list[str]:
        return [name for name, t in self.types.items() if t.scoped]

    def attr(self, dotted: str) -> tuple[FactType, str, Attr]:
        """Resolve ``type.attr``; raises KeyError with a readable message."""
        if "." not in dotted:
            raise KeyError(f"'{dotted}' is not of the form type.attribute")
        type_name, attr_name = dotted.split(".", 1)
        fact_type = self.types.get(type_name)
        if fact_type is None:
            known = ", ".join(sorted(self.types))
            raise KeyError(f"unknown fact type '{type_name}' (known: {known})")
        attr = fact_type.attrs.get(attr_name)
        if attr is None:
            known = ", ".join(sorted(fact_type.attrs))
            raise KeyError(f"unknown attribute '{attr_name}' of '{type_name}' (known: {known})")
        return fact_type, attr_name, attr


LAW = FactType(
    name="law",
    label="the law applied",
    attrs={"day": Attr("date", "at", "the moment the question is asked")},
)
