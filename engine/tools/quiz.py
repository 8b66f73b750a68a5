"""A quiz over worked cases: show a case's facts, ask for the answer, reveal the reasoned
decision and the trainer's notes, keep score. Questions and answers go through plain
callables, so a terminal, a script or a test can drive it."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..api import Engine
from ..cases import RawCase, validate_case
from ..decision.render import render_text
from ..law.yamlio import dump_yaml
from .worked import case_files, load_worked

HIDDEN = ("expect", "notes")


@dataclass
class Score:
    asked: int = 0
    outcomes_right: int = 0
    routes_asked: int = 0
    routes_right: int = 0
    results: list[tuple[str, bool, bool | None]] = field(default_factory=list)


def pick_cases(paths: list[Path], regime: str | None, count: int | None,
               seed: int | None) -> list[RawCase]:
    """Worked cases in file order (shuffled when a seed is given), filtered by regime."""
    raws = [raw for path in case_files(paths) for raw in load_worked(path)
            if regime is None or raw.data.get("regime") == regime]
    if seed is not None:
        random.Random(seed).shuffle(raws)
    return raws[:count] if count else raws


def facts_text(raw: RawCase) -> str:
    """The case as the trainee sees it: the file without its expected answer and notes."""
    return dump_yaml({k: v for k, v in raw.data.items() if k not in HIDDEN})


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


def match(answer: str, options: list[str]) -> str | None:
    """An option named by the answer, exactly or by an unambiguous start."""
    answer = answer.strip().lower().replace(" ", "_")
    exact = [o for o in options if o.lower() == answer]
    if exact:
        return exact[0]
    starts = [o for o in options if o.lower().startswith(answer)] if answer else []
    return starts[0] if len(starts) == 1 else None


def run_quiz(engine: Engine, raws: list[RawCase], ask: Callable[[str], str | None],
             say: Callable[[str], None]) -> Score:
    score = Score()
    for number, raw in enumerate(raws, start=1):
        regime, case = validate_case(raw)
        options = choices(engine, regime.name)
        say(f"\n=== Case {number} of {len(raws)}: {case.id} ===\n{facts_text(raw)}")
        answer = _ask_until(ask, say, f"Outcome ({' / '.join(options.outcomes)})? ",
                            options.outcomes)
        if answer is None:
            break
        decision = engine.decide(regime, case, raw.where)
        score.asked += 1
        right = answer == decision.outcome
        score.outcomes_right += right
        route_right = None
        if answer == options.positive:
            given = _ask_until(ask, say, f"{options.noun} ({' / '.join(options.labels)})? ",
                               options.labels)
            if given is None:
                break
            route_right = given in decision.met_labels()
            score.routes_asked += 1
            score.routes_right += route_right
        score.results.append((case.id, right, route_right))
        say(("Right." if right else f"Not quite: the answer is {decision.outcome}.") +
            ("" if route_right is None else " Route/test right." if route_right else
             " Route/test not right."))
        say(render_text(decision))
        if raw.data.get("notes"):
            say(f"Teaching note: {raw.data['notes'].strip()}\n")
    say(summary(score))
    return score


def _ask_until(ask, say, prompt: str, options: list[str]) -> str | None:
    while True:
        answer = ask(prompt)
        if answer is None:
            return None
        found = match(answer, options)
        if found is not None:
            return found
        say(f"Please answer one of: {', '.join(options)}.")


def summary(score: Score) -> str:
    lines = [f"\nScore: {score.outcomes_right} of {score.asked} outcomes right"]
    if score.routes_asked:
        lines.append(f"       {score.routes_right} of {score.routes_asked} routes / tests right")
    for case_id, right, route in score.results:
        mark = "right" if right else "wrong"
        extra = "" if route is None else f", route/test {'right' if route else 'wrong'}"
        lines.append(f"  {case_id}: outcome {mark}{extra}")
    return "\n".join(lines)
