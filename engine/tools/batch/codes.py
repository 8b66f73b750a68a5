"""A force's own offence codes, from a CSV table (``--codes table.csv``): code -> catalogue id."""

from __future__ import annotations

import csv
from pathlib import Path

from ...core.errors import CaseFileError
from ...law.catalogue.offences import OffenceCatalogue
from ...law.rulefiles import CodeEntry, CodeTableFile


def load_code_table(path: Path, offences: OffenceCatalogue) -> CodeTableFile:
    """Read ``code,offence[,drug_class,goods,title]`` rows; ``offence`` is a catalogue id or alias."""
    codes: dict[str, CodeEntry] = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            missing = {"code", "offence"} - set(reader.fieldnames or [])
            if missing:
                raise CaseFileError(str(path), "header", f"expected columns code and offence; "
                                                         f"missing {sorted(missing)}")
            for row in reader:
                codes[row["code"].strip()] = _entry(path, reader.line_num, row, offences)
    except OSError as exc:
        raise CaseFileError(str(path), "", f"cannot be read ({exc})") from None
    return CodeTableFile(kind="code-table", scheme="user", title=f"code table {path.name}",
                         source=str(path), codes=codes)


def _entry(path: Path, line: int, row: dict, offences: OffenceCatalogue) -> CodeEntry:
    from ...core.errors import UnknownReferenceError

    try:
        info = offences.resolve(row["offence"].strip())
    except UnknownReferenceError as exc:
        raise CaseFileError(str(path), f"row {line}, offence", exc.message,
                            exc.suggestions) from None
    extra = {k: (row.get(k) or "").strip() or None for k in ("drug_class", "goods")}
    title = (row.get("title") or "").strip() or info.title
    try:
        return CodeEntry(offences=[info.id], title=title, **extra)
    except Exception as exc:  # pydantic ValidationError: a bad class or goods value
        raise CaseFileError(str(path), f"row {line}", str(exc).splitlines()[-1]) from None
