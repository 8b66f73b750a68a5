"""Sums and counts the lifestyle tests compare with their thresholds, each as an exact interval.

An unknown benefit contributes "at least 0"; so a total is known to reach a threshold
when its known parts already do, and known to fall short only when every part is known.
Which parts count, and over which window, is set by the rule set's parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass
class Part:
    """One contribution to a total: what it is and the range it lies in (None = no upper bound)."""

    label: str
    low: Decimal
    high: Decimal | None
    note: str = ""
    source: str = ""  # the case field that would make an unknown amount known

    def shown(self) -> dict:
        out = {"part": self.label, "amount": _money(self.low, self.high)}
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Total:
    """A sum of parts (made once, never changed: its figures are worked out once)."""

    parts: list[Part] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.low: Decimal = sum((p.low for p in self.parts), ZERO)
        highs = [p.high for p in self.parts]
        self.high: Decimal | None = None if None in highs else sum(highs, ZERO)
        self._shown: dict | None = None

    def shown(self) -> dict:
        """The total and its parts as shown (a new dict; the parts' entries are shared)."""
        if self._shown is None:
            self._shown = {"total": _money(self.low, self.high),
                           "parts": [p.shown() for p in self.parts]}
        return dict(self._shown)


def _money(low: Decimal, high: Decimal | None) -> str:
    if high is not None and low == high:
        return f"£{low:,.2f}"
    if high is None:
        return f"at least £{low:,.2f} (some benefit not known)"
    return f"£{low:,.2f} to £{high:,.2f}"


#: Parts listed one by one in a total; beyond this, known amounts are summed into one part and
#: unknown ones into another, so a case's figures and trace grow linearly with its offences.
LISTED_PARTS = 12


def grouped(parts: list[Part], what: str) -> list[Part]:
    """``parts`` as they are, or, past ``LISTED_PARTS``, one part for the known amounts and
    one for the unknown ones (which names the first field that would make one known)."""
    if len(parts) <= LISTED_PARTS:
        return parts
    known = [p for p in parts if p.high is not None]
    unknown = [p for p in parts if p.high is None]
    out = []
    if known:
        out.append(Part(f"{len(known)} {what}", sum((p.low for p in known), ZERO),
                        sum((p.high for p in known), ZERO),
                        "each one's own amount is in its own figures"))
    if unknown:
        out.append(Part(f"{len(unknown)} {what} whose benefit is not known",
                        sum((p.low for p in unknown), ZERO), None, "benefit not known",
                        unknown[0].source))
    return out


def benefit_part(label: str, benefit: Decimal | None, source: str, note: str = "") -> Part:
    if benefit is None:
        return Part(label, ZERO, None, note or "benefit not known", source)
    return Part(label, benefit, benefit, note, source)


def perhaps(part: Part, note: str) -> Part:
    """A part that may or may not count: it adds nothing certain, up to its whole amount."""
    return Part(part.label, ZERO, part.high, note, part.source)


def tic_part(label: str, benefit: Decimal | None, committed_first: dt.date | None,
             cut_off: dt.date | None, source: str, committed_source: str = "") -> Part:
    """A TIC's benefit; with ``cut_off``, benefit from a TIC committed before it is left out
    (while its day is not known, that day is what would settle it once the benefit is)."""
    part = benefit_part(label, benefit, source)
    if cut_off is None:
        return part
    if committed_first is None:
        if benefit is not None and committed_source:
            part.source = committed_source
        return perhaps(part, f"counts only if committed on or after {cut_off} (date not known)")
    if committed_first < cut_off:
        return Part(label, ZERO, ZERO, f"left out: committed before {cut_off}")
    return part


@dataclass
class Count:
    """A count known to lie in [low, high]."""

    low: int
    high: int
    items: list[dict] = field(default_factory=list)


def benefited(benefit: Decimal | None) -> bool | None:
    return None if benefit is None else benefit > 0


def count_benefiting(benefits: list[Decimal | None]) -> Count:
    """How many of these offences constitute conduct from which the defendant benefited."""
    known = sum(1 for b in benefits if b is not None and b > 0)
    maybe = sum(1 for b in benefits if b is None)
    return Count(known, known + maybe)


def occasions(convictions: list, window: tuple[dt.date, dt.date] | None) -> Count:
    """Separate occasions (distinct conviction days) in the window with a benefiting offence.

    With no window (the day proceedings started not known) every day may or may not count.
    """
    days: dict[dt.date, list] = {}
    for conviction in convictions:
        days.setdefault(conviction.convicted_on, []).append(conviction)
    low = high = 0
    shown = []
    for day in sorted(days):
        inside = None if window is None else window[0] <= day <= window[1]
        flags = {benefited(c.benefit) for c in days[day]}
        benefit = True if True in flags else (None if None in flags else False)
        if inside is False or benefit is False:
            status = "outside the window" if inside is False else "no benefit"
        elif inside and benefit:
            low += 1
            high += 1
            status = "counts"
        else:
            high += 1
            status = "may count"
        shown.append({"day": str(day), "offences": [c.offence for c in days[day]],
                      "status": status})
    return Count(low, high, shown)
