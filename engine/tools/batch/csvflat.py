"""The flat CSV layout of a case export: one row per offence (or conviction), the case-level
columns repeated on each row, the rows of one case consecutive and sharing ``id``.

A column map lets a force feed its own headers and value spellings without editing the
export; see cases/exports/README.md for the layout and a worked example.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import CaseFileError
from ...law.validation import validate_rule_file
from ...law.yamlio import load_yaml_file
from ...regimes.registry import REGIMES
from .records import InputRecord

UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

@dataclass
class ColumnMap:
    """Export header -> layout column, and per layout column: export value -> layout value."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    regime: str | None = None


def load_column_map(path: Path) -> ColumnMap:
    from pydantic import BaseModel, ConfigDict

    class MapFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        columns: dict[str, str] = {}
        values: dict[str, dict[str, Any]] = {}
        regime: str | None = None

    try:
        data = load_yaml_file(path)
    except Exception as exc:  # YamlSyntaxError or an OS error
        raise CaseFileError(str(path), "", str(exc)) from None
    try:
        parsed = validate_rule_file(MapFile, data, str(path))
    except Exception as exc:
        raise CaseFileError(str(path), "", str(exc)) from None
    return ColumnMap(parsed.columns, {k: {str(a): b for a, b in v.items()}
                                      for k, v in parsed.values.items()}, parsed.regime)


def iso(value: str) -> str:
    """DD/MM/YYYY[ HH:MM] as ISO; anything else unchanged."""
    match = UK_DATE.match(value)
    if not match:
        return value
    day, month, year, hour, minute, second = match.groups()
    text = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        text += f"T{int(hour):02d}:{minute}:{second or '00'}"
    return text


def _put(target: dict, dotted: str, value: Any) -> None:
    *path, last = dotted.split(".")
    for part in path:
        target = target.setdefault(part, {})
    target[last] = value


def _cell(name: str, raw: str, mapping: ColumnMap) -> Any:
    value = raw.strip()
    if value == "":
        return None
    table = mapping.values.get(name)
    if table is not None and value in table:
        return table[value]
    return iso(value)


class CsvCases:
    """Streams an export as cases: consecutive rows with the same id form one case."""

    def __init__(self, path: Path, mapping: ColumnMap, regime: str | None):
        self.path, self.mapping = path, mapping
        self.regime = regime or mapping.regime

    def __iter__(self) -> Iterator[InputRecord]:
        with open(self.path, newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file)
            header = next(reader, None)
            if header is None:
                return
            columns = [self.mapping.columns.get(h.strip(), h.strip()) for h in header]
            yield from self._groups(reader, columns)

    def _groups(self, reader, columns: list[str]) -> Iterator[InputRecord]:
        index = 0
        group: list[tuple[int, dict]] = []
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                if group:
                    yield self._case(index, group)
                    index, group = index + 1, []
                yield InputRecord(index, str(self.path), f"row {number}", error=(
                    f"expected {len(columns)} cells, found {len(row)}"), field="row")
                index += 1
                continue
            cells = dict(zip(columns, row, strict=True))
            if group and cells.get("id", "").strip() != group[0][1].get("id", "").strip():
                yield self._case(index, group)
                index, group = index + 1, []
            group.append((number, cells))
        if group:
            yield self._case(index, group)

    def _case(self, index: int, group: list[tuple[int, dict]]) -> InputRecord:
        first, last = group[0][0], group[-1][0]
        position = f"row {first}" if first == last else f"rows {first}-{last}"
        case_id = group[0][1].get("id", "").strip() or None
        try:
            data = self._assemble([cells for _, cells in group])
        except ValueError as exc:
            return InputRecord(index, str(self.path), position, error=str(exc.args[0]),
                               field=exc.args[1] if len(exc.args) > 1 else "", case_id=case_id)
        return InputRecord(index, str(self.path), position, data=data, case_id=case_id)

    def _assemble(self, rows: list[dict]) -> dict:
        name = (rows[0].get("regime") or "").strip() or self.regime
        if name not in REGIMES:
            raise ValueError(f"no regime: give a 'regime' column or --regime "
                             f"({' or '.join(REGIMES)}), found '{name or ''}'", "regime")
        regime = REGIMES[name]
        items = regime.flat_item_fields
        case: dict[str, Any] = {"regime": name}
        for name, raw in rows[0].items():
            if name not in items and name != "regime":
                value = _cell(name, raw, self.mapping)
                if value is not None:
                    _put(case, name, value)
        for row in rows:
            self._item(case, regime, row, items)
        return case

    def _item(self, case: dict, regime, row: dict, items: frozenset[str]) -> None:
        item: dict[str, Any] = {}
        for name in items:
            value = _cell(name, row.get(name, ""), self.mapping)
            if value is not None:
                _put(item, name, value)
        if not item:
            return
        field_name, item = regime.flat_item(item)
        case.setdefault(field_name, []).append(item)
