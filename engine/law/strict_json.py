"""Strict JSON reading (duplicate keys are errors, fractions exact Decimals, size and depth
bounded) and the error every strict reader, JSON or YAML, raises. No PyYAML here, so a case
read as JSON, or as plain YAML (``plain_yaml``), does not load it."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..core.errors import InputError, shown

#: A case is a few levels deep; anything deeper than this is refused.
MAX_DEPTH = 40
#: Digits in one number (Python refuses integers over 4,300 digits; money needs far fewer).
MAX_DIGITS = 40


class YamlSyntaxError(InputError):
    """A YAML or JSON document cannot be read; carries the source name and line."""

    def __init__(self, source: str, problem: str, line: int | None = None):
        where = f"{source}, line {line}" if line else source
        super().__init__(f"Cannot read {where}: {problem}")
        self.source, self.problem, self.line = source, problem, line


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {shown(key)}")
        result[key] = value
    return result


def _json_int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise ValueError(f"a number of more than {MAX_DIGITS} digits")
    return int(text)


def _json_float(text: str) -> Decimal:
    if len(text) > MAX_DIGITS:
        raise ValueError(f"a number of more than {MAX_DIGITS} characters")
    return Decimal(text)


def _json_constant(text: str) -> Decimal:
    return Decimal(text)


def load_json_text(text: str, source: str) -> Any:
    """Parse JSON strictly: duplicate keys and huge numbers rejected, fractions (and NaN or
    infinities, for the field to refuse) read as Decimal, depth bounded."""
    try:
        data = json.loads(text, parse_float=_json_float, parse_int=_json_int,
                          parse_constant=_json_constant, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise YamlSyntaxError(source, exc.msg, exc.lineno) from None
    except RecursionError:
        raise YamlSyntaxError(source, f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:
        raise YamlSyntaxError(source, str(exc)) from None
    if _depth(data) > MAX_DEPTH:
        raise YamlSyntaxError(source, f"nested more than {MAX_DEPTH} levels deep")
    return data


def _depth(data: Any) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest
