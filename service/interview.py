"""``POST /v1/{regime}/next-question``: the guided interview of ``pocapace ask`` over HTTP.

The client keeps the answers (a partial case, the facts answered "don't know" and the lists
said to be complete) and sends them back with each typed answer; the engine reads the answer
as ``pocapace ask`` does (UK dates, offences by name, "don't know") and gives the next
decisive question, or the decision once the answers settle it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from pocapace.engine.cases import MAX_TEXT
from pocapace.engine.core.errors import CaseFileError
from pocapace.engine.law.validation import first_problem
from pocapace.engine.regimes.registry import REGIMES
from pocapace.engine.tools.interview import Answers, Interview
from pocapace.engine.tools.interview.answers import AnswerError

from .config import Service
from .deciding import SOURCE, with_regime
from .problems import Problem, invalid_case
from .short import short_view


def read_request(data: Any, regime: str) -> tuple[Answers, dict | None]:
    """(answers so far, the answer now given or None) from a request body: either a plain
    partial case, or ``{"answers": {"case", "unknown", "closed"}, "answer": {"path", "text"}}``."""
    if not isinstance(data, dict):
        raise _shape("", "a partial case, or {\"answers\": ..., \"answer\": ...}", data)
    if "answers" not in data and "answer" not in data:
        return Answers(with_regime(data, regime), set(), set()), None
    answers = data.get("answers") or {}
    if not isinstance(answers, dict) or not isinstance(answers.get("case", {}), dict):
        raise _shape("answers.case", "the partial case as a mapping", answers)
    for name in ("unknown", "closed"):
        value = answers.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _shape(f"answers.{name}", "a list of case-file paths", value)
    answer = data.get("answer")
    if answer is not None and not (isinstance(answer, dict) and isinstance(answer.get("path"), str)
                                   and isinstance(answer.get("text"), str)):
        raise _shape("answer", "{\"path\": the question's path, \"text\": the answer typed}",
                     answer)
    found = Answers.from_json(answers)
    found.case = with_regime(found.case, regime)
    return found, answer


#: The most entries an interview's list may hold: each answer re-decides the partial case
#: with every open item, which grows faster than the list (a longer case is for decisions).
INTERVIEW_ITEMS = 30


def check_size(value: Any, path: str = "") -> None:
    """An interview is for people answering one question at a time: lists of at most
    INTERVIEW_ITEMS entries and texts of the case-file limit."""
    if isinstance(value, dict):
        for name, child in value.items():
            check_size(child, f"{path}.{name}" if path else str(name))
    elif isinstance(value, list):
        if len(value) > INTERVIEW_ITEMS:
            raise CaseFileError(SOURCE, path, f"an interview takes at most {INTERVIEW_ITEMS} "
                                              f"entries in a list, found {len(value)}; decide "
                                              f"a longer case with the decisions endpoint")
        for n, child in enumerate(value):
            check_size(child, f"{path}[{n}]")
    elif isinstance(value, str) and len(value) > MAX_TEXT:
        raise CaseFileError(SOURCE, path, f"a text of at most {MAX_TEXT:,} characters is "
                                          f"allowed, found {len(value):,}")


def check_shape(regime: str, case: dict) -> None:
    """Refuse a partial case whose given fields the case format cannot hold (a list given as
    a number, a date that is not one): fields not yet given are what an interview is for."""
    try:
        REGIMES[regime].case_model.model_validate({**case, "regime": regime})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            if error["type"] != "missing":
                field = _dotted(error["loc"])
                problem = f"{error['msg']}; found {error.get('input')!r}"
                raise CaseFileError(SOURCE, field, problem) from None


def _dotted(location: tuple) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shape(field: str, expected: str, found: Any) -> Problem:
    return Problem(422, f"Invalid interview request ({field or 'top level'}): expected "
                        f"{expected}.", "invalid-interview", "Invalid interview request",
                   field=field, expected=expected, suggestions=[])


def next_question(service: Service, regime: str, data: Any, at: dt.datetime | None) -> dict:
    try:
        answers, answer = read_request(data, regime)
        answers.case.pop("regime", None)
        check_size(answers.case)
        if answer is not None:
            check_size(answer["text"], "answer.text")
        check_shape(regime, answers.case)
        with service.lock:
            interview = Interview(service.engine, regime, at, answers.case)
            interview.answers.unknown, interview.answers.closed = answers.unknown, answers.closed
            if answer is not None:
                _answer(interview, answer)
            step = interview.step()
            case = interview.case_file() if step.complete else None
    except CaseFileError as exc:
        raise invalid_case(exc) from None
    except ValidationError as exc:
        field, message, _ = first_problem(exc)
        raise Problem(422, f"Invalid case in {SOURCE} ({field or 'top level'}): {message}",
                      "invalid-case", field=field, expected=message, suggestions=[]) from None
    body: dict[str, Any] = {"rules_version": service.version,
                            "answers": interview.answers.to_json_dict(), **step.to_json_dict()}
    if step.decided:
        body["short"] = short_view(step.decision)
        if service.log is not None:
            service.log.write(body["decision"], "next-question", case)
    if case is not None:
        body["case"] = case
    return body


def _answer(interview: Interview, answer: dict) -> None:
    question = interview.step().question
    if question is None or question.path != answer["path"]:
        asked = question.path if question else "none: the answers already decide the case"
        raise Problem(422, f"The question {answer['path']} is not the one these answers lead "
                           f"to (that is {asked}); ask again with the answers as they are.",
                      "stale-answer", "Answer to another question", field="answer.path",
                      expected=asked, suggestions=[])
    try:
        interview.answer(question, answer["text"])
    except AnswerError as exc:
        raise Problem(422, exc.message, "unreadable-answer", "Answer not understood",
                      field=question.path,
                      expected=exc.message, suggestions=list(exc.suggestions),
                      choices=list(exc.choices)) from None
