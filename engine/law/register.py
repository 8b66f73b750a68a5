"""The notification register: which areas or stations were notified for which groups, when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalogue.names import normalise

if TYPE_CHECKING:
    from .rulefiles import Notice, RegisterFile


@dataclass(frozen=True)
class NoticeAnswer:
    """True / False / None (unknown) with the reason, for one group on one day."""

    value: bool | None
    reason: str
    needs_station: bool = False


def _covers(notice: Notice, group: str, station: str | None, day: dt.date) -> bool | None:
    if group not in notice.groups or day < notice.from_:
        return False
    if notice.withdrawn and day >= notice.withdrawn:
        return False
    if notice.stations is None:
        return True
    if station is None:
        return None
    return normalise(station) in {normalise(s) for s in notice.stations}


def notified(register: RegisterFile | None, area: str | None, station: str | None, group: str,
             day: dt.date) -> NoticeAnswer:
    """Whether a notice covering ``group`` had effect for the area or station on ``day``."""
    if register is None:
        return NoticeAnswer(None, "no notification register was supplied")
    if area is None:
        return NoticeAnswer(None, "the police area is not stated")
    entry = next((a for a in register.areas if a.id == area), None)
    if entry is None:
        return NoticeAnswer(None, f"the register ({register.title}) has no entry for {area}")
    undecided = False
    for notice in entry.notices:
        covered = _covers(notice, group, station, day)
        if covered:
            where = "the whole police area" if notice.stations is None else f"station {station}"
            return NoticeAnswer(True, f"notified for {group} testing in {where} from "
                                      f"{notice.from_} ({register.title})")
        undecided = undecided or covered is None
    if undecided:
        return NoticeAnswer(None, f"{area} has station-level notices for {group} testing and "
                                  "the station is not stated", needs_station=True)
    return NoticeAnswer(False, f"no notice for {group} testing had effect in {area}"
                               f"{' at ' + station if station else ''} on {day} "
                               f"({register.title})")
