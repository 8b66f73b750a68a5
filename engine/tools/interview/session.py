"""One interview: the answers so far, the questions asked, and the case file they make."""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ...api import Engine
from ...core.errors import CaseFileError
from ...law.yamlio import dump_yaml
from .answers import AnswerError, Parsed, parse_answer
from .partial import Answers, questions_of
from .step import Question, Step, case_file, next_step


class Interview:
    """Asks, records and decides; the caller shows the questions and reads the answers."""

    def __init__(self, engine: Engine, regime: str, at: dt.datetime | None = None,
                 case: dict[str, Any] | None = None):
        self.engine, self.regime = engine, regime
        self.questions = questions_of(engine, regime)
        self.at = at
        start = dict(case or {})
        if "at" not in start:  # the moment whose law applies, kept in the saved case
            moment = self._today()
            start["at"] = moment.isoformat(timespec="minutes") \
                if self.questions.at == "moment" else moment.date().isoformat()
        self.answers = Answers(start, set(), set())
        self.asked: list[Question] = []
        self.pending: list[dict[str, str]] = []  # a numbered choice offered for the next answer
        self._step: Step | None = None

    def step(self) -> Step:
        if self._step is None:
            self._step = next_step(self.engine, self.regime, self.answers)
        return self._step

    def answer(self, question: Question, text: str) -> None:
        """Read a typed answer and record it; AnswerError (asked again) when it cannot be read
        or does not fit the answers already given."""
        parsed = parse_answer(self.engine, self.questions, question, text, self.pending,
                              self.answers.case, self._today())
        before = copy.deepcopy(self.answers), list(self.asked)
        self.record(question, parsed)
        try:
            self.step()
        except (ValidationError, CaseFileError) as exc:
            self.answers, self.asked = before
            self._step = None
            message = exc.message if isinstance(exc, CaseFileError) else \
                exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise AnswerError(f"That answer does not fit the case: {message}") from None
        self.pending = []

    def offer(self, error: AnswerError) -> None:
        """Remember a numbered list offered with an error, so '2' picks its second entry."""
        self.pending = list(error.choices)

    def record(self, question: Question, parsed: Parsed) -> None:
        self._step = None
        self.asked.append(question)
        answers = self.answers
        if parsed.ends_list and question.ends_list:
            answers.closed.add(question.ends_list)
            return
        if parsed.unknown:
            answers.unknown.add(question.path)
            spec = self.questions.lists.get(question.ends_list or "")
            if spec and spec.at_least_one and question.item == 0:
                set_at(answers.case, question.path.rsplit(".", 1)[0], {})  # one, not named
            return
        for path, value in parsed.values.items():
            set_at(answers.case, path, value)

    def case_file(self) -> dict[str, Any]:
        return case_file(self.answers, self.questions, self.regime)

    def save_text(self) -> str:
        """The case file as YAML, dates and sums written as such (not as quoted text)."""
        return dump_yaml(_typed(self.case_file()))

    def _today(self) -> dt.datetime:
        return self.at or dt.datetime.now().replace(second=0, microsecond=0)


def set_at(data: dict, path: str, value: Any) -> None:
    """Set a value at a case-file path, creating the records and list items on the way."""
    parts = path.split(".")
    node: Any = data
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        name, _, index = part.partition("[")
        if not index:
            if last:
                if isinstance(value, dict) and isinstance(node.get(name), dict):
                    node[name].update(value)
                else:
                    node[name] = value
            else:
                if not isinstance(node.get(name), dict):
                    node[name] = {}
                node = node[name]
            continue
        items = node.setdefault(name, [])
        i = int(index.rstrip("]"))
        while len(items) <= i:
            items.append({})
        if last:
            items[i] = value
        else:
            node = items[i]


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
_MONEY = re.compile(r"^\d+\.\d{2}$")


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, str):
        if _DAY.match(value):
            return dt.date.fromisoformat(value)
        if _MOMENT.match(value):
            return dt.datetime.fromisoformat(value)
        if _MONEY.match(value):
            return Decimal(value)
    return value
