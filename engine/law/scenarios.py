"""Commencements and law scenarios: provisions not yet in force, and "what if" dates for them.

A rule file's period may start or end with a named commencement (``{commenced: ID}`` or
``{from: DAY, until: ID}``). ``rules/commencements.yaml`` gives each its day where one has
been made; one with no day is not in force. A law scenario (``rules/scenarios/*.yaml`` or a
user's own file) assumes days for commencements and may add or remove list entries from a
day. Both are applied to the rule files' data before they are validated, so the network never
knows a scenario from the law: only the decision's ``law_at.scenario`` and rules version do.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ..core.errors import RuleFileError
from .layout import SCENARIOS
from .rulefiles import Strict
from .validation import validate_rule_file
from .yamlio import YamlSyntaxError, load_yaml_file

COMMENCEMENTS = "commencements.yaml"


class Commencement(Strict):
    """A provision made but perhaps not in force: its day, or none found by the check."""

    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    citation: str
    description: str
    date: dt.date | None = None
    status: str


class CommencementsFile(Strict):
    kind: Literal["commencements"]
    description: str
    commencements: list[Commencement]


class ListChange(Strict):
    """A scenario's change to a list: an entry added to a group, or entries removed, from a day."""

    list: str
    change: Literal["add", "remove"]
    offence: str
    group: str | None = None
    from_: dt.date = Field(alias="from")
    note: str | None = None


class Scenario(Strict):
    kind: Literal["scenario"]
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str
    description: str
    commencements: dict[str, dt.date] = {}
    lists: list[ListChange] = []

    def digest(self) -> str:
        text = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def shown(self) -> dict[str, Any]:
        """What a decision records of the scenario it was decided under."""
        return {"id": self.id, "title": self.title,
                "commencements": {k: str(v) for k, v in sorted(self.commencements.items())},
                "list_changes": [f"{c.change} {c.offence} ({c.list}) from {c.from_}"
                                 for c in self.lists],
                "digest": self.digest()}


def load_commencements(root: Path) -> dict[str, Commencement]:
    path = root / COMMENCEMENTS
    if not path.exists():
        return {}
    file = validate_rule_file(CommencementsFile, _read(path, "rules/" + COMMENCEMENTS),
                              "rules/" + COMMENCEMENTS)
    return {c.id: c for c in file.commencements}


def shipped_scenarios(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / SCENARIOS).glob("*.yaml"))


def load_scenario(name: str, root: Path) -> Scenario:
    """A shipped scenario by name, or a scenario file by path; checked against the law."""
    shipped = root / SCENARIOS / f"{name}.yaml"
    path = shipped if shipped.exists() else Path(name)
    if not path.exists():
        known = ", ".join(shipped_scenarios(root)) or "none"
        raise RuleFileError(name, f"no such law scenario (shipped: {known}; or give a file path)")
    source = f"rules/{SCENARIOS}/{path.name}" if path == shipped else str(path)
    scenario = validate_rule_file(Scenario, _read(path, source), source)
    known = load_commencements(root)
    for cid in scenario.commencements:
        if cid not in known:
            raise RuleFileError(source, f"no commencement '{cid}' in rules/{COMMENCEMENTS} "
                                        f"(known: {', '.join(sorted(known))})",
                                key=f"commencements.{cid}")
    return scenario


def _read(path: Path, source: str) -> Any:
    try:
        data = load_yaml_file(path)
    except YamlSyntaxError as exc:
        raise RuleFileError(source, exc.problem) from None
    except OSError as exc:
        raise RuleFileError(source, f"cannot be read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise RuleFileError(source, "expected a mapping with a 'kind' key at the top")
    return data


def commencement_days(known: dict[str, Commencement], scenario: Scenario | None) -> dict:
    days = {cid: c.date for cid, c in known.items()}
    if scenario is not None:
        days.update(scenario.commencements)
    return days


def apply(data: Any, days: dict[str, dt.date | None], scenario: Scenario | None,
          source: str) -> Any:
    """A rule file's data with its commencement periods resolved and the scenario's list
    changes made (a new object; ``data`` is untouched)."""
    data = _resolve(copy.deepcopy(data), days, source)
    if scenario is not None and isinstance(data, dict) and data.get("kind") == "list":
        for change in scenario.lists:
            if change.list == data.get("list"):
                _change_list(data, change, source)
    return data


def _resolve(node: Any, days: dict, source: str) -> Any:
    if isinstance(node, list):
        return [_resolve(n, days, source) for n in node]
    if not isinstance(node, dict):
        return node
    if "commenced" in node or "until" in node:
        return _period(node, days, source)
    return {k: _resolve(v, days, source) for k, v in node.items()}


def _period(node: dict, days: dict, source: str) -> dict:
    period = dict(node)
    for key in ("commenced", "until"):
        cid = period.get(key)
        if cid is not None and cid not in days:
            raise RuleFileError(source, f"'{key}: {cid}' names no commencement in "
                                        f"rules/{COMMENCEMENTS}")
    start = period.get("commenced")
    if start is not None:
        if "from" in period:
            raise RuleFileError(source, "a period has 'from' or 'commenced', not both")
        day = days[start]
        period["from"] = day if day is not None else dt.date.max
        period["never"] = day is None
    end = period.get("until")
    if end is not None and days[end] is not None:
        if "to" in period:
            raise RuleFileError(source, "a period has 'to' or 'until', not both")
        period["to"] = days[end] - dt.timedelta(days=1)
    return period


def _change_list(data: dict, change: ListChange, source: str) -> None:
    groups = data.get("groups") or []
    if change.change == "add":
        group = next((g for g in groups if g.get("id") == change.group), None)
        if group is None:
            raise RuleFileError(source, f"the scenario adds to group '{change.group}', which "
                                        f"list '{change.list}' does not have")
        group.setdefault("entries", []).append(
            {"offence": change.offence, "in_force": {"from": change.from_},
             "note": change.note or "added by the law scenario"})
        return
    last = change.from_ - dt.timedelta(days=1)
    for group in groups:
        for entry in group.get("entries", []):
            if entry.get("offence") == change.offence:
                entry["in_force"] = _cut(entry.get("in_force"), last)


def _cut(periods: Any, last: dt.date) -> list:
    """Periods ending no later than ``last`` (a period that starts later is dropped)."""
    periods = periods if isinstance(periods, list) else [periods]
    kept = []
    for period in periods:
        start, end = period.get("from"), period.get("to")
        if start is not None and start > last:
            continue
        kept.append({**period, "to": min(end, last) if end else last})
    return kept or [{"from": dt.date.max, "never": True}]
