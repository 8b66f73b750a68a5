"""The one error hierarchy: every problem a user can cause or meet, with its data kept.

Each error's ``str()`` is a whole sentence naming where the problem is, what was
expected and what was found, so the CLI and batch can print it as it is. Every error
survives pickling (batch workers send them across processes).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

#: At most this many characters of a user's value are quoted back in a message.
QUOTE_LIMIT = 60


def shown(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A user's value as they wrote it (``1987-05-02``, ``'abc'``, ``[1, 2]``), never a Python
    repr, cut to a short prefix."""
    text = _plain(value, limit + 1)
    return text if len(text) <= limit else text[:limit] + "..."


def _plain(value: Any, budget: int) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        text = format(value, "f") if isinstance(value, Decimal) and value.is_finite() \
            and abs(value.adjusted()) < 30 else str(value)
        return text if len(text) <= budget else text[:budget]
    if isinstance(value, str):
        return "'" + value[:budget].encode("utf-8", "backslashreplace").decode("utf-8") + "'"
    if isinstance(value, dict):
        parts, used = [], 2
        for key, item in value.items():
            if used > budget:
                break
            part = f"{_plain(key, budget)}: {_plain(item, budget)}"
            parts.append(part)
            used += len(part) + 2
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        parts, used = [], 2
        for item in value:
            if used > budget:
                break
            part = _plain(item, budget)
            parts.append(part)
            used += len(part) + 2
        return "[" + ", ".join(parts) + "]"
    return type(value).__name__


def _rebuild(cls: type, state: dict) -> PocapaceError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class PocapaceError(Exception):
    """Base of every error pocapace reports to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return _rebuild, (type(self), dict(self.__dict__))


class InputError(PocapaceError):
    """Something a user sent cannot be used (a file, an option, a path): exit status 2."""


class RuleFileError(PocapaceError):
    """A rule set, catalogue or register file is broken; names the file, entry and key."""

    def __init__(self, file: str, problem: str, entry: str | None = None, key: str | None = None):
        where = file
        if entry:
            where += f", entry {entry}"
        if key:
            where += f", key '{key}'"
        super().__init__(f"Broken rule file {where}: {problem}")
        self.file, self.entry, self.key, self.problem = file, entry, key, problem


class CaseFileError(InputError):
    """A case (or another file a user gives: ``kind``) is invalid input; names the file, the
    field and what was expected."""

    def __init__(
        self,
        file: str,
        field: str,
        problem: str,
        suggestions: list[str] | None = None,
        kind: str = "case",
    ):
        message = f"Invalid {kind} in {file} ({field or 'top level'}): {problem}"
        if suggestions:
            shown_ = ", ".join(f"'{s}'" for s in suggestions)
            message += f" Did you mean {shown_}?"
        super().__init__(message)
        self.file, self.field, self.problem, self.kind = file, field, problem, kind
        self.suggestions = list(suggestions or [])


class UnknownReferenceError(PocapaceError):
    """A name (offence, drug, rank, police area) is not in its catalogue.

    Raised by catalogue lookups, which do not know the file or field; the case
    loader turns it into a :class:`CaseFileError` that names both.
    """

    def __init__(self, kind: str, reference: str, suggestions: list[str]):
        message = f"Unknown {kind} '{reference}'."
        super().__init__(message)
        self.kind, self.reference, self.suggestions = kind, reference, suggestions


class EvaluationError(PocapaceError):
    """The engine could not decide a valid case (an internal fault, never a legal finding)."""
