"""The one error hierarchy: every problem a user can cause or meet, with its data kept.

Each error's ``str()`` is a whole sentence naming where the problem is, what was
expected and what was found, so the CLI and batch can print it as it is.
"""

from __future__ import annotations


class PocapaceError(Exception):
    """Base of every error pocapace reports to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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


class CaseFileError(PocapaceError):
    """A case is invalid input; names the file, the field and what was expected."""

    def __init__(
        self,
        file: str,
        field: str,
        problem: str,
        suggestions: list[str] | None = None,
    ):
        message = f"Invalid case in {file} ({field or 'top level'}): {problem}"
        if suggestions:
            shown = ", ".join(f"'{s}'" for s in suggestions)
            message += f" Did you mean {shown}?"
        super().__init__(message)
        self.file, self.field, self.problem = file, field, problem
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
