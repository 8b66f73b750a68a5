"""Where two decisions (as JSON data) first differ: the guard every fast path is checked by."""

from __future__ import annotations

import json
from typing import Any


def first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """The first place ``actual`` differs from ``expected`` (``trace.because[2].outcome:
    'met' != 'not_met'``), or None when they are the same."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in list(expected) + [k for k in actual if k not in expected]:
            where = f"{path}.{key}" if path else str(key)
            if key not in actual:
                return f"{where}: missing"
            if key not in expected:
                return f"{where}: unexpected {_shown(actual[key])}"
            found = first_difference(expected[key], actual[key], where)
            if found:
                return found
        if list(expected) != list(actual):
            return f"{path or 'record'}: keys in another order"
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        for n, (a, b) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(a, b, f"{path}[{n}]")
            if found:
                return found
        if len(expected) != len(actual):
            return f"{path}: {len(expected)} entries != {len(actual)}"
        return None
    if type(expected) is not type(actual) or expected != actual:
        return f"{path or 'value'}: {_shown(expected)} != {_shown(actual)}"
    return None


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 120 else text[:117] + "..."
