"""A force's own offence codes, from a CSV table (``--codes table.csv``): code -> catalogue id."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ...cases import decode
from ...core.errors import CaseFileError, UnknownReferenceError, shown
from ...law.catalogue.offences import OffenceCatalogue
from ...law.rulefiles import CodeEntry, CodeTableFile

KIND = "code table"
MAX_BYTES = 16 * 1024 * 1024


def load_code_table(path: Path, offences: OffenceCatalogue) -> CodeTableFile:
    """Read ``code,offence[,drug_class,goods,title]`` rows; ``offence`` is a catalogue id or alias."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CaseFileError(source, "", f"cannot be read ({exc.strerror or exc})",
                            kind=KIND) from None
    if len(data) > MAX_BYTES:
        raise CaseFileError(source, "", f"larger than {MAX_BYTES // 2**20} MB", kind=KIND)
    text = _text(data, source)
    codes: dict[str, CodeEntry] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        names = [n.strip() for n in reader.fieldnames or []]
        reader.fieldnames = names
        missing = [c for c in ("code", "offence") if c not in names]
        if missing:
            hint = " (the cells are separated by ';': use commas)" if ";" in "".join(names) else ""
            raise CaseFileError(source, "header", f"expected columns code and offence; missing "
                                                  f"{' and '.join(missing)}{hint}", kind=KIND)
        for row in reader:
            code = (row.get("code") or "").strip()
            if not code and not any((v or "").strip() for v in row.values() if
                                    isinstance(v, str)):
                continue
            codes[code] = _entry(source, reader.line_num, row, offences)
    except csv.Error as exc:
        raise CaseFileError(source, f"line {reader.line_num}", f"cannot be read as CSV ({exc})",
                            kind=KIND) from None
    return CodeTableFile(kind="code-table", scheme="user", title=f"code table {path.name}",
                         source=source, codes=codes)


def _text(data: bytes, source: str) -> str:
    try:
        return decode(data, source)
    except CaseFileError as exc:
        raise CaseFileError(source, "", exc.problem, kind=KIND) from None


def _entry(source: str, line: int, row: dict, offences: OffenceCatalogue) -> CodeEntry:
    code, offence = (row.get("code") or "").strip(), (row.get("offence") or "").strip()
    if None in row:
        raise CaseFileError(source, f"row {line}", "more cells than the header has columns",
                            kind=KIND)
    if not code or not offence:
        raise CaseFileError(source, f"row {line}", f"every row needs a code and an offence; "
                                                   f"found code {shown(code)}, offence "
                                                   f"{shown(offence)}", kind=KIND)
    try:
        info = offences.resolve(offence)
    except UnknownReferenceError as exc:
        raise CaseFileError(source, f"row {line}, offence", exc.message, exc.suggestions,
                            kind=KIND) from None
    extra = {k: (row.get(k) or "").strip() or None for k in ("drug_class", "goods")}
    title = (row.get("title") or "").strip() or info.title
    try:
        return CodeEntry(offences=[info.id], title=title, **extra)
    except Exception as exc:  # pydantic ValidationError: a bad class or goods value
        raise CaseFileError(source, f"row {line}", str(exc).splitlines()[-1].strip(),
                            kind=KIND) from None
