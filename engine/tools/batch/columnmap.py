"""A column map (``--columns map.yaml``): an export's own headers and value spellings -> the flat
CSV layout, values the whole export shares, and the columns that hold money. Checked when it
is read: every layout column it names must exist."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_origin

from ...cases import decode, model_of
from ...core.errors import CaseFileError, PocapaceError, shown
from ...law.validation import first_problem
from ...law.yamlio import load_yaml_text
from ...regimes.registry import REGIMES


@dataclass
class ColumnMap:
    """Export header -> layout column, per layout column: export value -> layout value, values
    the whole export shares (``constants``) and the columns that hold money."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    regime: str | None = None
    constants: dict[str, Any] = field(default_factory=dict)
    money: list[str] = field(default_factory=list)


def load_column_map(path: Path, regime: str | None = None) -> ColumnMap:
    """Read and check a column map: every layout column it names must exist."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    class MapFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        columns: dict[str, str] = {}
        values: dict[str, dict[str, Any]] = {}
        regime: str | None = None
        constants: dict[str, Any] = {}
        money: list[str] = []

    def bad(field_: str, problem: str, guesses=None) -> CaseFileError:
        return CaseFileError(str(path), field_, problem, guesses, kind="column map")

    try:
        data = load_yaml_text(decode(path.read_bytes(), str(path)), str(path))
    except (PocapaceError, OSError) as exc:
        raise bad("", getattr(exc, "problem", None) or str(exc)) from None
    try:
        parsed = MapFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        location, message, found = first_problem(exc)
        raise bad(location, message if found is None else f"{message}; found {shown(found)}"
                  ) from None
    name = regime or parsed.regime
    if name is not None and name not in REGIMES:
        raise bad("regime", f"expected one of {', '.join(sorted(REGIMES))}, found {shown(name)}")
    known = layout_columns(name)
    named = [("columns", c) for c in parsed.columns.values()] + [
        ("values", c) for c in parsed.values] + [("constants", c) for c in parsed.constants] + [
        ("money", c) for c in parsed.money]
    for where, column in named:
        if column not in known:
            raise bad(where, f"{shown(column)} is not a column of the layout"
                             f"{' for ' + name if name else ''}.",
                      difflib.get_close_matches(column, sorted(known), 2))
    return ColumnMap(parsed.columns, {k: {str(a): b for a, b in v.items()}
                                      for k, v in parsed.values.items()}, parsed.regime,
                     parsed.constants, parsed.money)


def layout_columns(regime: str | None) -> set[str]:
    """The flat layout's column names for a regime (for every regime when not known)."""
    found = {"regime"}
    for name in [regime] if regime else list(REGIMES):
        found |= set(REGIMES[name].flat_item_fields)
        found |= _paths(REGIMES[name].case_model, "")
    return found


def required_columns(regime: str | None) -> set[str]:
    """Case-level fields a case cannot do without, and the offence of each row."""
    found = {"offence"}
    for name in [regime] if regime else []:
        model = REGIMES[name].case_model
        found |= {n for n, f in model.model_fields.items()
                  if f.is_required() and model_of(f.annotation) is None}
    return found


def _paths(model, prefix: str) -> set[str]:
    found = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = model_of(info.annotation)
        if get_origin(info.annotation) is list or "list[" in str(info.annotation):
            continue
        found |= _paths(inner, f"{prefix}{key}.") if inner else {prefix + key}
    return found
