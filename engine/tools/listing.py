"""Listings for the CLI: the rules and list entries of a regime in force on a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..law.records import in_any
from ..network.ruleset import CompiledRuleSet


@dataclass(frozen=True)
class RuleLine:
    rule: str
    kind: str
    label: str
    citation: str
    in_force: str
    unconfirmed: bool


@dataclass(frozen=True)
class ListLine:
    list_name: str
    group: str
    citation: str
    entry: str
    in_force: str
    note: str | None
    unconfirmed: bool


def rules_in_force(ruleset: CompiledRuleSet, day: dt.date | None) -> list[RuleLine]:
    """Every rule (or the version of it) in force on ``day`` (all rules when ``day`` is None)."""
    lines = []
    for full_id, entry in ruleset.entries.items():
        periods = [(p, None) for p in entry.in_force or []]
        for version in entry.versions or []:
            periods += [(p, version) for p in version.in_force]
        for period, version in periods:
            if day is not None and not period.contains(day):
                continue
            citation = version.citation if version and version.citation else entry.citation
            lines.append(RuleLine(full_id, entry.kind, entry.label, citation, period.label(),
                                  entry.unconfirmed or bool(version and version.unconfirmed)))
    return lines


def list_entries(ruleset: CompiledRuleSet, catalogues, day: dt.date | None) -> list[ListLine]:
    """Every list entry in force on ``day``, shown with the offence it names."""
    lines = []
    for name, listing in ruleset.files.lists.items():
        for group in listing.groups:
            for entry in group.entries:
                period = in_any(entry.in_force, day) if day else entry.in_force[0]
                if period is None:
                    continue
                spans = period.label() if day else ", ".join(p.label() for p in entry.in_force)
                lines.append(ListLine(name, group.label, group.citation,
                                      _entry_text(entry, catalogues, group), spans, entry.note,
                                      entry.unconfirmed))
    return lines


def _entry_text(entry, catalogues, group) -> str:
    offences = catalogues.offences.by_id
    if entry.offence:
        info = offences[entry.offence]
        text = f"{info.display} ({info.title})"
    else:
        forms = " / ".join(entry.inchoate)
        targets = "any offence in this list" if entry.of == "this-list" else \
            ", ".join(offences[o].display for o in entry.of)
        text = f"{forms} at: {targets}"
    if group.qualifier:
        text += f" - {group.qualifier.description}"
    return text
