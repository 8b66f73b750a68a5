"""Membership of a key (a police area) in a dated set on a day, three-valued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .records import in_any

if TYPE_CHECKING:
    from .rulefiles import DatedSetFile


@dataclass(frozen=True)
class SetAnswer:
    """Whether a key belonged to a dated set on a day, and why."""

    status: str
    reason: str
    unconfirmed: bool = False


def in_dated_set(dated: DatedSetFile, key: str | None, day: dt.date) -> SetAnswer:
    """Whether ``key`` belonged to the set on ``day``; unknown where the record is incomplete."""
    unknown = None
    for entry in dated.entries:
        period = in_any(entry.in_force, day)
        if period is None:
            continue
        if entry.keys == "all":
            return SetAnswer("met", f"{dated.label}: every area, {period.label()} "
                                    f"({entry.citation})", entry.unconfirmed)
        if entry.keys == "unknown":
            reason = entry.note or f"{dated.label}: further areas {period.label()} " \
                                   f"({entry.citation}) are not confirmed"
            unknown = SetAnswer("unknown", reason, True)
            continue
        if key is not None and key in entry.keys:
            return SetAnswer("met", f"{dated.label}: {key}, {period.label()} ({entry.citation})",
                             entry.unconfirmed)
    if key is None:
        return SetAnswer("unknown", f"{dated.label}: the police area is not stated")
    return unknown or SetAnswer("not_met", f"{dated.label}: not {key} on {day}")
