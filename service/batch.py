"""``POST /v1/{regime}/batch``: a JSON array or JSON Lines of cases, one result per input in
order, bad inputs as the error records ``pocapace batch`` writes."""

from __future__ import annotations

from typing import Any

import orjson

from pocapace.engine.core.errors import CaseFileError
from pocapace.engine.law.yamlio import YamlSyntaxError, load_json_text
from pocapace.engine.tools.batch.records import InputRecord
from pocapace.engine.tools.batch.work import decide_record

from .bodies import parse_json, text_of
from .config import Service
from .deciding import SOURCE, with_regime
from .problems import Problem


def records_of(body: bytes, regime: str, limit: int) -> list[InputRecord]:
    """The input records of a body: a JSON array's items, or the lines of JSON Lines."""
    text = text_of(body)
    if text.lstrip().startswith("["):
        items = parse_json(body)
        _bound(len(items), limit)
        return [_record(n, f"item {n + 1}", data, regime) for n, data in enumerate(items)]
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)
             if line.strip()]
    if not lines:
        raise Problem(400, "Cannot read the request body: it holds no case; send a JSON array "
                           "of cases or JSON Lines (one case a line).")
    _bound(len(lines), limit)
    records = []
    for index, (number, line) in enumerate(lines):
        position = f"line {number}"
        try:
            data = load_json_text(line, SOURCE)
        except YamlSyntaxError as exc:
            records.append(InputRecord(index, SOURCE, position, field="line",
                                       error=f"Cannot read {SOURCE} ({position}): {exc.problem}"))
            continue
        records.append(_record(index, position, data, regime))
    return records


def _bound(count: int, limit: int) -> None:
    if count > limit:
        raise Problem(413, f"The batch holds {count} cases; the limit is {limit} a request. "
                           "Send it in parts, or use `pocapace batch` for a whole export.",
                      limit_cases=limit)


def _record(index: int, position: str, data: Any, regime: str) -> InputRecord:
    case_id = str(data["id"]) if isinstance(data, dict) and data.get("id") is not None else None
    try:
        data = with_regime(data, regime, f"{SOURCE} ({position})")
    except CaseFileError as exc:
        return InputRecord(index, SOURCE, position, error=exc.message, field=exc.field,
                           case_id=case_id)
    return InputRecord(index, SOURCE, position, data=data, case_id=case_id)


def decide_batch(service: Service, records: list[InputRecord]) -> list[str]:
    """One result per record, in order: each the line ``pocapace batch --format jsonl``
    writes for it (a decision, or an error record)."""
    with service.lock:
        lines = [decide_record(service.engine, record, "jsonl", [], service.hashes).line
                 for record in records]
    if service.log is not None:
        for record, line in zip(records, lines, strict=True):
            result = orjson.loads(line)
            if "rules_version" in result:
                service.log.write(result, "batch", record.data)
    return lines
