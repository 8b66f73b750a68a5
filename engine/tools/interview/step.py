"""The next decisive question: given a partial case, a decision or the one question to ask.

Pure: no terminal, no HTTP. ``next_step`` decides what is known, every other fact open; if
that settles the outcome it returns the decision, otherwise the open fact the outcome still
waits on that comes first in the regime's ``questions.yaml`` (ties: the fact more of the
undecided rules need), with its wording, help, answer type and choices.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ...api import Engine
from ...cases import RawCase
from ...core.errors import CaseFileError
from ...decision.model import Decision, Missing
from ...law.rulefiles import Question as QuestionEntry
from ...law.rulefiles import QuestionsFile
from .choices import choices_for
from .partial import Answers, decide_partial, questions_of, template, value_at

UNDECIDED = "undetermined"


@dataclass
class Question:
    """One question: what to ask, how to answer it, and the case-file path it fills."""

    path: str
    fact: str
    ask: str
    help: str
    answer: str
    provision: str
    choices: list[dict[str, str]] = field(default_factory=list)
    item: int | None = None
    #: For an item's first question: "no" (or "none") says the list is complete.
    ends_list: str | None = None
    #: "yes" opens a record to fill in; "no" leaves it absent (none given).
    record: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], False)}


@dataclass
class Step:
    """The interview's state after the answers so far: a decision, or the next question."""

    decision: Decision
    question: Question | None = None
    #: The facts still open that could change the outcome (case-file paths).
    missing: list[str] = field(default_factory=list)
    #: The answers make a valid case file (so the decision can be saved and reproduced).
    complete: bool = False
    #: When they do not: what the case file still lacks, in the check command's words.
    incomplete: str | None = None

    @property
    def decided(self) -> bool:
        return self.question is None

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decided": self.decided, "outcome": self.decision.outcome,
                               "missing": list(self.missing), "complete": self.complete}
        if self.incomplete:
            out["incomplete"] = self.incomplete
        if self.question:
            out["question"] = self.question.to_json_dict()
        else:
            out["decision"] = self.decision.to_json_dict()
        return out


def next_step(engine: Engine, regime: str, answers: Answers | dict, at=None) -> Step:
    """The decision if the answers settle it, else the next decisive question. ``answers``
    may be a plain partial case dict (nothing yet answered "don't know")."""
    if not isinstance(answers, Answers):
        answers = Answers(dict(answers), set(), set())
    questions = questions_of(engine, regime)
    partial = decide_partial(engine, regime, answers, at)
    missing = [m.fact for m in partial.missing]
    if partial.outcome != UNDECIDED:
        return _final(engine, regime, answers, questions, partial, at)
    question = choose(engine, regime, questions, partial.missing, answers)
    if question is None:
        return _final(engine, regime, answers, questions, partial, at, missing)
    return Step(partial, question, missing, False)


def _final(engine, regime, answers: Answers, questions: QuestionsFile, partial: Decision, at,
           missing: list[str] = ()) -> Step:
    """The decision on the answers as a case file, which is what ``check`` gives for it;
    the partial decision when the answers leave a required field open."""
    raw = RawCase(case_file(answers, questions, regime), "interview")
    try:
        decision = engine.decide_raw(raw, at)
    except CaseFileError as exc:
        return Step(partial, None, list(missing), False, exc.message)
    return Step(decision, None, [m.fact for m in decision.missing] or list(missing), True)


def case_file(answers: Answers, questions: QuestionsFile, regime: str) -> dict[str, Any]:
    """The answers as a case file: given fields first, answers with no value left out."""
    data: dict[str, Any] = {"regime": regime, **questions.given}
    data.update(_without_none(answers.case))
    return data


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


# ------------------------------------------------------------ choosing the question

def choose(engine: Engine, regime: str, questions: QuestionsFile, missing: list[Missing],
           answers: Answers) -> Question | None:
    known, phantoms = answers.known(), answers.phantoms(questions)
    best = None
    for fact in missing:
        found = _question_for(questions, fact.fact, answers, known, phantoms)
        if found is None:
            continue
        order, entry, path = found
        rank = (order, -len(fact.needed_for), _index(path))
        if best is None or rank < best[0]:
            best = (rank, entry, path, fact.fact)
    if best is None:
        return None
    _, entry, path, fact = best
    return _question(engine, regime, questions, entry, path, fact, answers, phantoms)


def _question_for(questions: QuestionsFile, fact: str, answers: Answers, known: set[str],
                  phantoms: dict[str, int]):
    """(order, entry, path) of the question that settles ``fact`` now, or None."""
    shape = template(fact)
    for order, entry in enumerate(questions.questions):
        if entry.instead_of is None and entry.path == shape:
            path = fact
        elif entry.instead_of == shape and fact in answers.unknown:
            path = _sibling(fact, entry.path)
        else:
            continue
        if entry.item == "first" and _index(fact) != 0 or entry.item == "more" and \
                _index(fact) == 0:
            continue
        if path in known or path in answers.unknown or not _parent_given(questions, path,
                                                                              answers):
            continue
        return order, entry, path
    return None


def _sibling(fact: str, shape: str) -> str:
    """The concrete path of ``shape`` in the same item as ``fact``."""
    indexes = re.findall(r"\[(\d+)\]", fact)
    parts = shape.split("[]")
    return "".join(p + (f"[{indexes[n]}]" if n < len(parts) - 1 else "")
                   for n, p in enumerate(parts))


def _parent_given(questions: QuestionsFile, path: str, answers: Answers) -> bool:
    """A field inside a record (the authorisation's rank) is asked only once the record is."""
    parent = path.rsplit(".", 1)[0]
    if parent == path or template(parent) not in {q.path for q in questions.questions}:
        return True
    return isinstance(value_at(answers.case, parent), dict)


def _index(path: str) -> int:
    found = re.search(r"\[(\d+)\]", path)
    return int(found.group(1)) if found else 0


def _question(engine, regime, questions: QuestionsFile, entry: QuestionEntry, path: str,
              fact: str, answers: Answers, phantoms: dict[str, int]) -> Question:
    item = _index(path) if "[" in path else None
    list_name = path.split("[")[0] if item is not None else None
    ends = list_name if list_name in phantoms and phantoms[list_name] == item \
        and path.endswith(".offence") else None
    return Question(path=path, fact=fact, ask=_words(entry.ask, engine, answers, path),
                    help=entry.help, answer=entry.answer, provision=entry.provision,
                    choices=choices_for(engine, questions, entry.answer, answers.case),
                    item=item, ends_list=ends, record=entry.record)


def _words(text: str, engine: Engine, answers: Answers, path: str) -> str:
    """The wording with ``{offence}`` as the item's offence in plain words."""
    if "{offence}" not in text:
        return " ".join(text.split())
    name = "the offence"
    list_name, _, rest = path.partition("[")
    items = answers.case.get(list_name) or []
    index = _index(path)
    if index < len(items) and items[index].get("offence"):
        ref = engine.catalogues.references.resolve(items[index]["offence"])
        name = ref.info.title[0].lower() + ref.info.title[1:]
    return " ".join(text.replace("{offence}", name).split())
