"""Reading case files (YAML or JSON, one case or many) and validating them against their regime."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .core.errors import CaseFileError, PocapaceError
from .law.validation import first_problem
from .law.yamlio import load_json_text, load_yaml_documents
from .regimes.base import Regime
from .regimes.registry import REGIMES


@dataclass(frozen=True)
class RawCase:
    """One case as read: its data, the file it came from and where in the file."""

    data: Any
    source: str
    position: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source} ({self.position})" if self.position else self.source


def read_text(path: str) -> tuple[str, str]:
    """(text, source name) of a file, or of standard input for '-'."""
    if path == "-":
        return sys.stdin.read(), "<stdin>"
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise CaseFileError(str(path), "", "no such file") from None
    except (IsADirectoryError, UnicodeDecodeError) as exc:
        raise CaseFileError(str(path), "", f"cannot be read as a text file ({exc})") from None


def parse_cases(text: str, source: str) -> list[RawCase]:
    """Every case document in a YAML stream or a JSON document."""
    if text.lstrip().startswith(("{", "[")) and not source.endswith((".yaml", ".yml")):
        data = load_json_text(text, source)
        items = data if isinstance(data, list) else [data]
        return [RawCase(d, source, f"item {n + 1}" if len(items) > 1 else None)
                for n, d in enumerate(items)]
    documents = [(line, doc) for line, doc in load_yaml_documents(text, source) if doc is not None]
    if not documents:
        raise CaseFileError(source, "", "the file holds no case")
    many = len(documents) > 1
    return [RawCase(doc, source, f"document at line {line}" if many else None)
            for line, doc in documents]


def read_cases(path: str) -> list[RawCase]:
    text, source = read_text(path)
    try:
        return parse_cases(text, source)
    except PocapaceError as exc:
        if isinstance(exc, CaseFileError):
            raise
        raise CaseFileError(source, "", exc.message) from None


def validate_case(raw: RawCase) -> tuple[Regime, Any]:
    """The regime and validated case model of a raw case, or CaseFileError naming the field."""
    data = raw.data
    if not isinstance(data, dict):
        raise CaseFileError(raw.where, "", f"expected a mapping of case fields, found "
                                           f"{type(data).__name__}")
    name = data.get("regime")
    if name not in REGIMES:
        known = ", ".join(sorted(REGIMES))
        raise CaseFileError(raw.where, "regime", f"expected one of {known}, found {name!r}")
    regime = REGIMES[name]
    try:
        return regime, regime.case_model.model_validate(data)
    except ValidationError as exc:
        location, message, found = first_problem(exc)
        problem = message if found is None or message.startswith("Field required") \
            else f"{message}; found {found!r}"
        raise CaseFileError(raw.where, location, problem) from None
