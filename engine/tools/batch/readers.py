"""Reading an export as a stream of input records: JSON Lines, multi-document YAML, a folder
of case files, or the flat CSV layout. Memory does not grow with the number of records."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ...core.errors import PocapaceError
from ...law.yamlio import iter_yaml_documents, load_json_text
from .csvflat import ColumnMap, CsvCases
from .records import InputRecord

FORMATS = ("jsonl", "yaml", "csv", "folder")


def detect(path: str) -> str:
    if path == "-":
        return "jsonl"
    target = Path(path)
    if target.is_dir():
        return "folder"
    suffix = target.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".csv":
        return "csv"
    raise PocapaceError(f"Cannot tell the format of {path}: use .jsonl, .yaml, .csv, a folder, "
                        "or --input-format")


def read_records(path: str, fmt: str | None = None, mapping: ColumnMap | None = None,
                 regime: str | None = None) -> Iterator[InputRecord]:
    """Every input record of the export at ``path`` (``-`` = JSON Lines on standard input)."""
    fmt = fmt or detect(path)
    if fmt == "csv":
        yield from CsvCases(Path(path), mapping or ColumnMap(), regime)
    elif fmt == "jsonl":
        yield from _jsonl(path, regime)
    elif fmt == "yaml":
        with open(path, encoding="utf-8") as file:
            yield from _yaml(file, path, 0, regime)
    else:
        yield from _folder(Path(path), regime)


def _with_regime(data, regime: str | None):
    if regime and isinstance(data, dict):
        data.setdefault("regime", regime)
    return data


def _case_id(data) -> str | None:
    return str(data["id"]) if isinstance(data, dict) and data.get("id") is not None else None


def _jsonl(path: str, regime: str | None) -> Iterator[InputRecord]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    source = "<stdin>" if path == "-" else path
    index = 0
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            position = f"line {number}"
            try:
                data = _with_regime(load_json_text(line, source), regime)
            except PocapaceError as exc:
                yield InputRecord(index, source, position, error=exc.message, field="line")
            else:
                yield InputRecord(index, source, position, data=data, case_id=_case_id(data))
            index += 1
    finally:
        if stream is not sys.stdin:
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
        if data is None:
            continue
        yield InputRecord(index, source, f"document at line {line}",
                          data=_with_regime(data, regime), case_id=_case_id(data))
        index += 1


def _folder(folder: Path, regime: str | None) -> Iterator[InputRecord]:
    index = 0
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json")
                   and p.is_file())
    for path in files:
        if path.suffix.lower() == ".json":
            try:
                data = _with_regime(load_json_text(path.read_text(encoding="utf-8"),
                                                   str(path)), regime)
            except PocapaceError as exc:
                yield InputRecord(index, str(path), str(path), error=exc.message, field="file")
            else:
                yield InputRecord(index, str(path), str(path), data=data, case_id=_case_id(data))
            index += 1
            continue
        with open(path, encoding="utf-8") as file:
            for record in _yaml(file, str(path), index, regime):
                index = record.index + 1
                yield record
