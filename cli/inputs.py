"""What a command's arguments name: its cases (files or worked cases' ids) and its engine
(no click, so the quick check path can use it)."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from pocapace.engine.core.errors import CaseFileError

if TYPE_CHECKING:
    from pocapace.engine.api import Engine
    from pocapace.engine.cases import RawCase


def engine_for(register: pathlib.Path | None, scenario: str | None = None) -> Engine:
    """The engine for a command, after checking a user's register (its errors are input errors),
    under a law scenario if one is assumed."""
    from pocapace.engine.api import get_engine
    from pocapace.engine.cases import load_user_register

    if register is not None:
        load_user_register(register)
    return get_engine(register, scenario=scenario)


def cases_named(reference: str, paths: list[pathlib.Path] | None = None) -> list[RawCase]:
    """The cases a command-line argument names: a case file ('-' for standard input) or,
    when no such file exists, a worked case's id or file name (``tools.worked.find_worked``)."""
    if reference == "-" or pathlib.Path(reference).exists():
        from pocapace.engine.cases import read_cases

        return read_cases(reference)
    from pocapace.engine.tools.worked import find_worked

    found = find_worked(reference, paths)
    if found is None:
        raise CaseFileError(reference, "", "there is no such file, and no worked case has this "
                                           "id or file name")
    return [found]
