"""The facts of one case, as asserted into the Rete network, with how to show each one.

Values are stored the way the compiled patterns expect them: dates as day ordinals,
money as whole pence, ordered quantities as ``<attr>__lo`` / ``<attr>__hi`` bounds.
An unknown attribute is simply absent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .compiler.patterns import hi, key, lo


@dataclass
class FactSet:
    """Facts keyed by (type, item index); singletons use index 0."""

    day: dt.date
    scopes: list[str]
    facts: dict[tuple[str, int], dict] = field(default_factory=dict)
    shown: dict[tuple[str, int, str], str] = field(default_factory=dict)
    detail: dict[tuple[str, int, str], Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    #: Figures a regime wants shown with the decision (sums with their parts, windows).
    figures: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.set_range("law", 0, "day", self.day, self.day, str(self.day))

    def fact(self, fact_type: str, index: int = 0) -> dict:
        slot = (fact_type, index)
        if slot not in self.facts:
            self.facts[slot] = {"t": fact_type, "i": index}
        return self.facts[slot]

    def items(self, scope: str) -> range:
        """The item indexes of a scope (``case`` has the one item 0)."""
        return range(self.counts.get(scope, 0)) if scope != "case" else range(1)

    def add_item(self, scope: str) -> int:
        """Start the next item of a scope (offence, conviction...); returns its index."""
        index = self.counts.get(scope, 0)
        self.counts[scope] = index + 1
        self.fact(scope, index)
        return index

    def set(self, fact_type: str, index: int, attr: str, value: Any, shown: str | None = None):
        """Record a plain value (None = unknown, left absent)."""
        self.fact(fact_type, index)
        if value is None:
            return
        self.facts[(fact_type, index)][key(attr)] = value
        self.shown[(fact_type, index, attr)] = shown if shown is not None else _show(value)

    def set_range(self, fact_type: str, index: int, attr: str, low: Any, high: Any,
                  shown: str | None = None) -> None:
        """Record an ordered quantity known to lie in [low, high] (None = unbounded)."""
        fact = self.fact(fact_type, index)
        if low is not None:
            fact[lo(attr)] = _ordinal(low)
        if high is not None:
            fact[hi(attr)] = _ordinal(high)
        if low is not None or high is not None:
            self.shown[(fact_type, index, attr)] = shown or _show_range(low, high)

    def set_status(self, fact_type: str, index: int, attr: str, status: str, shown: str,
                   detail: Any = None) -> None:
        """Record a three-valued finding computed outside the network (e.g. list membership)."""
        self.set(fact_type, index, attr, status, shown)
        if detail is not None:
            self.detail[(fact_type, index, attr)] = detail

    def as_list(self) -> list[dict]:
        counts = [{"t": "count", "s": s, "i": n, "last": self.counts.get(s, 0) - 1}
                  for n, s in enumerate(self.scopes)]
        return list(self.facts.values()) + counts


def _ordinal(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, Decimal):
        return int(value * 100)
    return value


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _show_range(low: Any, high: Any) -> str:
    if low == high:
        return _show(low)
    if low is None:
        return f"at most {high}"
    if high is None:
        return f"at least {low}"
    return f"between {low} and {high}"
