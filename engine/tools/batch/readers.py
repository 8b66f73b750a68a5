"""Reading an export as a stream of input records: JSON Lines, multi-document YAML, a folder
of case files, or the flat CSV layout. Memory does not grow with the number of records.

Input is UTF-8. A JSON line or CSV row that is not becomes an error record naming its line
and byte offset, and the batch goes on; a line longer than ``MAX_LINE_BYTES`` likewise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ...cases import CONVERT, MAX_FILE_BYTES, decode
from ...core.errors import CaseFileError, InputError, PocapaceError
from ...law.yamlio import iter_yaml_documents, load_json_text
from .columnmap import ColumnMap
from .csvflat import CsvCases
from .inputsize import InputSize
from .lines import line_problem, lines
from .records import InputRecord

FORMATS = ("jsonl", "yaml", "csv", "folder")


def detect(path: str) -> str:
    if path == "-":
        return "jsonl"
    target = Path(path)
    if target.is_dir():
        return "folder"
    if not target.exists():
        raise InputError(f"Cannot read {path}: no such file or folder")
    suffix = target.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    raise InputError(f"Cannot tell the format of {path}: use .jsonl, .yaml, .csv, a folder, "
                     "or --input-format")


def read_records(path: str, fmt: str | None = None, mapping: ColumnMap | None = None,
                 regime: str | None = None, warn: Callable[[str], None] = lambda m: None,
                 size: InputSize | None = None) -> Iterator[InputRecord]:
    """Every input record of the export at ``path`` (``-`` = JSON Lines on standard input);
    ``size`` is told the bytes to read and how to ask how many have been."""
    fmt = fmt or detect(path)
    size = size if size is not None else InputSize()
    if path != "-" and fmt != "folder":
        _text_file(Path(path))
        size.total = Path(path).stat().st_size
    if fmt == "csv":
        yield from CsvCases(Path(path), mapping or ColumnMap(), regime, warn, size)
    elif fmt == "jsonl":
        yield from _jsonl(path, regime, size)
    elif fmt == "yaml":
        with open(path, encoding="utf-8-sig") as file:
            size.tell = file.buffer.tell
            yield from _yaml(file, path, 0, regime)
    else:
        yield from _folder(Path(path), regime, size)


def _text_file(path: Path) -> None:
    """Refuse, before any record, a file that cannot be an export (a folder, binary data)."""
    if path.is_dir():
        raise InputError(f"Cannot read {path}: it is a folder; give --input-format folder")
    try:
        with open(path, "rb") as file:
            start = file.read(8192)
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}") from None
    if b"\0" in start:
        raise InputError(f"Cannot read {path}: this is not a text file (it holds NUL bytes); "
                         "give an export as UTF-8 text")


def _bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _with_regime(data, regime: str | None):
    if regime and isinstance(data, dict):
        data.setdefault("regime", regime)
    return data


def _case_id(data) -> str | None:
    return str(data["id"]) if isinstance(data, dict) and data.get("id") is not None else None


def _jsonl(path: str, regime: str | None, size: InputSize) -> Iterator[InputRecord]:
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    if path != "-":
        size.tell = stream.tell
    source = "<stdin>" if path == "-" else path
    index = 0
    try:
        for number, offset, data in lines(stream):
            if data is not None and not data.strip():
                continue
            position = f"line {number}"
            problem = line_problem(number, offset, data)
            if problem is None:
                try:
                    text = data.decode("utf-8")
                    value = _with_regime(load_json_text(text.lstrip("\ufeff"), source), regime)
                except PocapaceError as exc:
                    problem = exc.message
            if problem is not None:
                yield InputRecord(index, source, position, error=problem, field="line")
            else:
                yield InputRecord(index, source, position, data=value, case_id=_case_id(value))
            index += 1
    finally:
        if path != "-":
            stream.close()


def _yaml(stream, source: str, start: int, regime: str | None) -> Iterator[InputRecord]:
    index = start
    documents = iter_yaml_documents(stream, source)
    while True:
        try:
            line, data = next(documents)
        except StopIteration:
            return
        except PocapaceError as exc:  # the rest of the stream cannot be read
            yield InputRecord(index, source, "after the last readable document",
                              error=exc.message, field="document")
            return
        except UnicodeDecodeError as exc:
            yield InputRecord(index, source, "after the last readable document",
                              error=f"not UTF-8 text ({exc.reason}); {CONVERT}", field="document")
            return
        if data is None:
            continue
        yield InputRecord(index, source, f"document at line {line}",
                          data=_with_regime(data, regime), case_id=_case_id(data))
        index += 1


def _folder(folder: Path, regime: str | None, size: InputSize) -> Iterator[InputRecord]:
    index = 0
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json")
                   and p.is_file())
    sizes = [_bytes(p) for p in files]
    done = [0]
    size.total, size.tell = sum(sizes), lambda: done[0]
    for path, bytes_ in zip(files, sizes, strict=True):
        done[0] += bytes_
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CaseFileError(str(path), "", f"larger than {MAX_FILE_BYTES // 2**20} MB")
            text = decode(path.read_bytes(), str(path))
        except (CaseFileError, OSError) as exc:
            yield InputRecord(index, str(path), str(path), error=str(exc), field="file")
            index += 1
            continue
        if path.suffix.lower() == ".json":
            try:
                data = _with_regime(load_json_text(text, str(path)), regime)
            except PocapaceError as exc:
                yield InputRecord(index, str(path), str(path), error=exc.message, field="file")
            else:
                yield InputRecord(index, str(path), str(path), data=data, case_id=_case_id(data))
            index += 1
            continue
        for record in _yaml(text, str(path), index, regime):
            index = record.index + 1
            yield record
