"""What ``pocapace check`` prints for its files: read and validate every file first, then
decide each case and write the short text, the full reasons or JSON. No click: the click
command (``cli.check``) and the quick path (``cli.quick``) both print this."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

from pocapace.engine.core.errors import CaseFileError

from .inputs import cases_named, engine_for
from .terminal import printable, text_style


class BadFiles(Exception):
    """Files that could not be read or validated (nothing is decided when one fails)."""

    def __init__(self, errors: list[CaseFileError]):
        super().__init__(errors)
        self.errors = errors


def check_output(files: list[str], fmt: str = "text", explain: bool = False,
                 at: dt.datetime | None = None, assume: str | None = None,
                 register: pathlib.Path | None = None, verify: bool = False) -> str:
    """The decisions of every case the ``files`` name, as ``check`` prints them (BadFiles if
    any file is bad). Network runs are saved on disk and reused by later checks (``verify``:
    each reused run is checked against a fresh one)."""
    engine = engine_for(register, assume)
    validated = []
    errors = []
    for path in files:
        try:
            for raw in cases_named(path):
                validated.append((raw, *engine.validate(raw)))
        except CaseFileError as exc:
            errors.append(exc)
    if errors:
        raise BadFiles(errors)
    shown = fmt == "json" or explain  # the short text does not show "what would change this"
    decisions = []
    for raw, regime, case in validated:
        deciding = engine.under(assume or case.assume)
        deciding.keep_runs_on_disk(verify)
        decisions.append(deciding.decide(regime, case, raw.where, at, shown))
    if fmt == "json":
        if len(decisions) == 1:
            return json.dumps(decisions[0].to_json_dict(), indent=2, ensure_ascii=False) + "\n"
        return "".join(json.dumps(d.to_json_dict(), ensure_ascii=False) + "\n"
                       for d in decisions)
    from pocapace.engine.decision.render import render_text

    style = text_style()
    return printable("\n".join(render_text(d, explain=explain, **style) for d in decisions))
