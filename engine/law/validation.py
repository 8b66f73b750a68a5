"""Turns pydantic validation failures into errors that name the file, entry and key."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..core.errors import RuleFileError, shown

M = TypeVar("M", bound=BaseModel)


def first_problem(exc: ValidationError) -> tuple[str, str, Any]:
    """(dotted location, message, input) of the first error pydantic reports."""
    error = exc.errors(include_url=False)[0]
    location = ""
    for part in error["loc"]:
        location += f"[{part}]" if isinstance(part, int) else (f".{part}" if location else str(part))
    return location, error["msg"], error.get("input")


def validate_rule_file(model: type[M], data: Any, source: str, entry: str | None = None) -> M:
    """Validate ``data`` as ``model`` or raise RuleFileError naming where and what."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        location, message, found = first_problem(exc)
        problem = message if message.lower().startswith("field required") or found is None \
            else f"{message} (found {shown(found)})"
        raise RuleFileError(source, problem, entry=entry, key=location or None) from None
