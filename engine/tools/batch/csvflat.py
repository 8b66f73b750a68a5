"""The flat CSV layout of a case export: one row per offence (or conviction), the case-level
columns repeated on each row, the rows of one case consecutive and sharing ``id``.

A column map lets a force feed its own headers and value spellings without editing the
export; see cases/exports/README.md for the layout and a worked example.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ...cases import CONVERT
from ...core.errors import InputError, shown
from ...core.money import parse_money
from ...regimes.registry import REGIMES
from .columnmap import ColumnMap, layout_columns, required_columns
from .inputsize import InputSize
from .lines import MAX_LINE_BYTES, lines
from .records import InputRecord

UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")

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


#: A byte that was not UTF-8, as ``surrogateescape`` decodes it.
_UNDECODED = re.compile("[\udc80-\udcff]")


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
    if name in mapping.money:
        try:
            return str(parse_money(value, export=True))
        except ValueError as exc:
            raise ValueError(f"{exc}; found {shown(value)}", name) from None
    return iso(value)


def _decoded(stream, offsets: dict[int, int | None]) -> Iterator[str]:
    """The lines of a binary stream as text for the csv module; bytes that are not UTF-8 stay
    as lone surrogates (found per row), a line over the limit becomes a NUL (an error row)."""
    for number, offset, data in lines(stream):
        offsets[number] = None if data is None else offset
        if data is None:
            yield "\0\n"
            continue
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        yield data.decode("utf-8", "surrogateescape")


class CsvCases:
    """Streams an export as cases: consecutive rows with the same id form one case."""

    def __init__(self, path: Path, mapping: ColumnMap, regime: str | None,
                 warn: Callable[[str], None] = lambda message: None,
                 size: InputSize | None = None):
        self.path, self.mapping, self.warn, self.size = path, mapping, warn, size
        self.regime = regime or mapping.regime

    def __iter__(self) -> Iterator[InputRecord]:
        offsets: dict[int, int | None] = {}
        with open(self.path, "rb") as file:
            if self.size is not None:
                self.size.tell = file.tell
            reader = csv.reader(_decoded(file, offsets))
            rows = self._rows(reader, offsets)
            first = next(rows, None)
            if first is None:
                return
            number, header, problem = first
            if problem:
                raise InputError(f"Cannot read the header of {self.path}: {problem}")
            columns = [self.mapping.columns.get(h.strip(), h.strip()) for h in header]
            self._check_header(header, columns)
            yield from self._groups(rows, columns)

    def _check_header(self, header: list[str], columns: list[str]) -> None:
        """Refuse an export with no id column; warn once about headers that map to nothing."""
        if "id" not in columns and "id" not in self.mapping.constants:
            after = " (after the column map)" if self.mapping.columns else ""
            raise InputError(f"{self.path} has no 'id' column{after}: the rows of a case are "
                             "grouped by id, so add an id column or map a header to id")
        known = layout_columns(self.regime)
        unused = [h for h, c in zip(header, columns, strict=True) if c not in known]
        if unused:
            self.warn(f"{self.path}: these headers map to no column of the layout and are "
                      f"ignored: {', '.join(shown(h) for h in unused)}")
        present = set(columns) | set(self.mapping.constants) | (
            {"regime"} if self.regime else set())
        missing = sorted(required_columns(self.regime) - present)
        if missing:
            self.warn(f"{self.path}: no column gives {', '.join(missing)}, which every case "
                      "needs; each record will be an error")

    def _rows(self, reader, offsets: dict) -> Iterator[tuple[int, list[str], str | None]]:
        """(line number, cells, problem) of each row."""
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, [], self._row_problem(start, reader.line_num, offsets,
                                                             str(exc))
                continue
            number = reader.line_num
            problem = None
            if not all(cell.isascii() for cell in row) and \
                    any(_UNDECODED.search(cell) for cell in row):
                at = offsets.get(start) or 0
                problem = (f"row {number} is not UTF-8 text (the row starts at byte {at} of the "
                           f"file); {CONVERT}")
            for line in range(start, number + 1):
                offsets.pop(line, None)
            yield number, row, problem

    @staticmethod
    def _row_problem(start: int, end: int, offsets: dict, message: str) -> str:
        too_long = any(line in offsets and offsets[line] is None for line in range(start, end + 1))
        for line in range(start, end + 1):
            offsets.pop(line, None)
        if too_long:
            return f"row {end} has a line longer than {MAX_LINE_BYTES // 2**20} MB"
        if "field larger than field limit" in message:
            return f"row {end} has a cell longer than {csv.field_size_limit():,} characters"
        return f"row {end} cannot be read as CSV ({message})"

    def _groups(self, rows, columns: list[str]) -> Iterator[InputRecord]:
        index = 0
        group: list[tuple[int, dict]] = []
        for number, row, problem in rows:
            if not problem and not any(cell.strip() for cell in row):
                continue
            if problem is None and len(row) != len(columns):
                problem = f"expected {len(columns)} cells, found {len(row)}"
            if problem is not None:
                if group:
                    yield self._case(index, group)
                    index, group = index + 1, []
                yield InputRecord(index, str(self.path), f"row {number}", error=problem,
                                  field="row")
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
        for column, value in self.mapping.constants.items():
            if column not in items and column != "regime":
                _put(case, column, value)
        for column, raw in rows[0].items():
            if column not in items and column != "regime":
                value = _cell(column, raw, self.mapping)
                if value is not None:
                    _put(case, column, value)
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
        for column, value in self.mapping.constants.items():
            if column in items and column not in row:
                _put(item, column, value)
        field_name, item = regime.flat_item(item)
        case.setdefault(field_name, []).append(item)
