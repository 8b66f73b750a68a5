"""A quiz over worked cases: show a case's facts (never its title, tags or expected answer),
ask for the answer, then say whether it was right, why, and the trainer's note; the full
reasons on request; wait for Enter before the next case; keep score. Questions and answers
go through plain callables, so a terminal, a script or a test can drive it."""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..api import Engine
from ..cases import RawCase, validate_case
from ..core.errors import PocapaceError
from ..decision.render import render_text
from ..law.yamlio import dump_yaml
from .quiz_answers import HIDDEN, accepted_forms, match, shuffled
from .worked import case_files, split_worked

REASONS = ("r", "reasons", "t", "trace", "why")


@dataclass
class Result:
    case: str
    answer: str
    expected: str
    right: bool
    route_answer: str = ""
    route_expected: str = ""
    route_right: bool | None = None


@dataclass
class Score:
    results: list[Result] = field(default_factory=list)
    ended_early: bool = False

    @property
    def asked(self) -> int:
        return len(self.results)

    @property
    def outcomes_right(self) -> int:
        return sum(r.right for r in self.results)

    @property
    def routes_asked(self) -> int:
        return sum(r.route_right is not None for r in self.results)

    @property
    def routes_right(self) -> int:
        return sum(bool(r.route_right) for r in self.results)


def pick_cases(paths: list[Path], regime: str | None, count: int | None, seed: int | None,
               shuffle: bool = True) -> tuple[list[RawCase], list[RawCase]]:
    """(the worked cases to ask, filtered by regime and shuffled unless told not to; the case
    documents left out because they have no ``expect:``)."""
    raws: list[RawCase] = []
    lacking: list[RawCase] = []
    for path in case_files(paths):
        worked, without = split_worked(path)
        raws += [r for r in worked if regime is None or r.data.get("regime") == regime]
        lacking += without
    if shuffle:
        raws = shuffled(raws, seed)
    return (raws[:count] if count else raws), lacking


def facts_text(raw: RawCase, hidden: tuple[str, ...] = HIDDEN) -> str:
    """The case's facts: the file without its title, tags, expected answer and notes (the
    quiz hides its id as well until the answer is given)."""
    return dump_yaml({k: v for k, v in raw.data.items() if k not in hidden})


@dataclass
class Choices:
    """What a trainee may answer for a regime: its outcomes, the positive one, and the routes
    or tests that a positive answer rests on (``noun`` says which)."""

    outcomes: list[str]
    positive: str
    labels: list[str]
    noun: str


def choices(engine: Engine, regime: str) -> Choices:
    ruleset = engine.ruleset(regime)
    header = ruleset.files.header
    outcomes = list(dict.fromkeys([*header.outcomes.values(),
                                   *([header.gate_outcome] if header.gate_outcome else [])]))
    answers = [e for e in ruleset.entries.values() if e.kind in ("route", "test")]
    return Choices(outcomes, header.outcomes["met"], sorted({e.route or e.test for e in answers}),
                   "Route" if any(e.kind == "route" for e in answers) else "Test")


class Stop(Exception):
    """The trainee ended the quiz (end of input or Ctrl-C)."""


@dataclass
class Quiz:
    engine: Engine
    ask: Callable[[str], str | None]
    say: Callable[[str], None]
    width: int = 80
    score: Score = field(default_factory=Score)

    def run(self, raws: list[RawCase]) -> Score:
        """Ask every case; end of input or Ctrl-C ends the quiz with the score so far."""
        try:
            self._introduce(raws)
            for number, raw in enumerate(raws, start=1):
                self._case(number, len(raws), raw)
        except (Stop, KeyboardInterrupt):
            self.score.ended_early = True
            self.say("\nQuiz ended.")
        self.say(summary(self.score))
        return self.score

    def _introduce(self, raws: list[RawCase]) -> None:
        regimes = list(dict.fromkeys(r.data.get("regime") for r in raws))
        lines = [f"{len(raws)} case{'s' if len(raws) != 1 else ''}. For each, answer the "
                 "outcome (and, for a positive one, the route or test it rests on). Case, "
                 "spaces, hyphens and underscores do not matter; these short forms work too:"]
        for regime in regimes:
            options = choices(self.engine, regime)
            lines.append(f"  {regime} outcome: {accepted_forms(options.outcomes)}")
            lines.append(f"  {regime} {options.noun.lower()}: {accepted_forms(options.labels)}")
        lines.append("After each answer, type r and Enter to see the full reasons, or just "
                     "Enter to go on. Ctrl-C ends the quiz with your score.")
        self.say("\n".join(self._wrap(line) for line in lines))

    def _case(self, number: int, total: int, raw: RawCase) -> None:
        try:  # decided before it is shown: a broken case is skipped, not met mid-answer
            regime, case = validate_case(raw)
            decision = self.engine.under(case.assume).decide(regime, case, raw.where)
        except PocapaceError as exc:
            self.say(f"\n=== Case {number} of {total} is left out: {exc.message}")
            return
        options = choices(self.engine, regime.name)
        self.say(f"\n=== Case {number} of {total} ===\n{facts_text(raw, (*HIDDEN, 'id'))}")
        answer = self._choose(f"Outcome ({' / '.join(options.outcomes)})? ", options.outcomes)
        result = Result(case.id, answer, decision.outcome, answer == decision.outcome)
        if answer == options.positive:
            result.route_answer = self._choose(
                f"{options.noun} ({' / '.join(options.labels)})? ", options.labels)
            result.route_expected = ", ".join(decision.met_labels())
            result.route_right = result.route_answer in decision.met_labels()
        self.score.results.append(result)
        self._reveal(raw, decision, result, options.noun.lower())
        self._wait(decision, "the next case" if number < total else "your score",
                   last=number == total)

    def _reveal(self, raw: RawCase, decision, result: Result, noun: str) -> None:
        verdict = "Right." if result.right else \
            f"Not quite: the answer is {decision.outcome.replace('_', ' ')}."
        if result.route_right is not None and result.right:
            verdict += f" The {noun} is right." if result.route_right else \
                f" The {noun} is not right: it rests on {result.route_expected}."
        self.say(verdict)
        self.say(self._wrap(f"Why: {decision.summary}"))
        title = f": {raw.data['title']}" if raw.data.get("title") else ""
        self.say(self._wrap(f"This case: {result.case}{title}"))
        if raw.data.get("notes"):
            self.say(self._wrap(f"Teaching note: {' '.join(str(raw.data['notes']).split())}"))

    def _wait(self, decision, then: str, last: bool) -> None:
        """Wait for Enter; r (or 'reasons') shows the full reasons first."""
        while True:
            reply = self.ask(f"Press Enter for {then} (r and Enter for the full reasons): ")
            if reply is None:
                if last:
                    return
                raise Stop
            if reply.strip().lower() not in REASONS:
                return
            self.say(render_text(decision, explain=True))

    def _choose(self, prompt: str, options: list[str]) -> str:
        while True:
            answer = self.ask(prompt)
            if answer is None:
                raise Stop
            found = match(answer, options)
            if found is not None:
                return found
            self.say(f"Please answer one of: {accepted_forms(options)}.")

    def _wrap(self, text: str) -> str:
        indent = " " * (len(text) - len(text.lstrip()) + 2)
        return textwrap.fill(text, max(self.width, 30), subsequent_indent=indent)


def run_quiz(engine: Engine, raws: list[RawCase], ask: Callable[[str], str | None],
             say: Callable[[str], None], width: int = 80) -> Score:
    return Quiz(engine, ask, say, width).run(raws)


def summary(score: Score) -> str:
    lines = [f"\nScore: {score.outcomes_right} of {score.asked} outcomes right"]
    if score.routes_asked:
        lines.append(f"       {score.routes_right} of {score.routes_asked} routes / tests right")
    for r in score.results:
        extra = "" if r.route_right is None else \
            f", route/test {'right' if r.route_right else 'wrong'}"
        lines.append(f"  {r.case}: outcome {'right' if r.right else 'wrong'}{extra}")
    return "\n".join(lines)


REPORT_COLUMNS = ["case", "answer", "expected", "result", "route_or_test_answer",
                  "route_or_test_expected", "route_or_test_result"]


def write_report(score: Score, path: Path) -> None:
    """The trainee's results as CSV, one row per case answered."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(REPORT_COLUMNS)
        for r in score.results:
            writer.writerow([r.case, r.answer, r.expected, "right" if r.right else "wrong",
                             r.route_answer, r.route_expected,
                             "" if r.route_right is None else
                             "right" if r.route_right else "wrong"])
