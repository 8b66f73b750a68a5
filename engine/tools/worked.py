"""Worked cases: case files that carry the expected answer (``expect:``) and teaching notes.

An expectation can pin the outcome, the routes (or lifestyle tests), the value of named
rules (``rule-id`` for the case or the first item, ``rule-id[2]`` for item 2), the missing
facts, the obligations that apply, and whether the decision carries an unconfirmed caveat.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from ..api import Engine, Evaluation
from ..cases import RawCase, read_cases, validate_case
from ..core.errors import CaseFileError
from ..law.validation import first_problem
from ..regimes.case_base import CaseModel

ITEM = re.compile(r"^(?P<rule>[^\[]+)(\[(?P<item>\d+)\])?$")


class Expectation(CaseModel):
    outcome: str
    routes: list[str] | None = None
    tests: list[str] | None = None
    rules: dict[str, str] = Field(default_factory=dict)
    missing: list[str] | None = None
    obligations: list[str] | None = None
    not_obligations: list[str] | None = None
    unconfirmed: bool | None = None
    figures: dict[str, Any] = Field(default_factory=dict)


@dataclass
class CaseResult:
    source: str
    case_id: str
    title: str | None
    failures: list[str] = field(default_factory=list)
    evaluation: Evaluation | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def expectation_of(raw: RawCase) -> Expectation | None:
    data = raw.data.get("expect") if isinstance(raw.data, dict) else None
    if data is None:
        return None
    try:
        return Expectation.model_validate(data)
    except Exception as exc:  # pydantic ValidationError
        location, message, _ = first_problem(exc)
        raise CaseFileError(raw.where, f"expect.{location}", message) from None


def run_worked_case(engine: Engine, raw: RawCase) -> CaseResult:
    """Decide a worked case and compare it with its expectation."""
    regime, case = validate_case(raw)
    expected = expectation_of(raw)
    result = CaseResult(raw.where, case.id, getattr(case, "title", None))
    if expected is None:
        result.failures.append(NO_EXPECT)
        return result
    evaluation = engine.under(case.assume).evaluate(regime, case, raw.where)
    result.evaluation = evaluation
    result.failures = compare(expected, evaluation)
    return result


def compare(expected: Expectation, evaluation: Evaluation) -> list[str]:
    decision, run, ruleset = evaluation.decision, evaluation.run, evaluation.ruleset
    failures = []
    if decision.outcome != expected.outcome:
        failures.append(f"outcome: expected {expected.outcome}, got {decision.outcome}")
    if expected.routes is not None:
        got = sorted({r.route for r in decision.routes})
        if got != sorted(set(expected.routes)):
            failures.append(f"routes: expected {sorted(set(expected.routes))}, got {got}")
    if expected.tests is not None:
        got = sorted({t["test"] for t in decision.tests if t.get("outcome") == "met"})
        if got != sorted(set(expected.tests)):
            failures.append(f"tests met: expected {sorted(set(expected.tests))}, got {got}")
    for name, value in expected.rules.items():
        match = ITEM.match(name)
        rule = ruleset.qualify(match["rule"])
        if rule not in ruleset.nodes:
            failures.append(f"rules: no rule named '{name}'")
            continue
        item = int(match["item"] or 0) if ruleset.nodes[rule].scope != "case" else 0
        got = run.value(rule, item)
        if got != value:
            failures.append(f"rule {name}: expected {value}, got {got}")
    failures += _lists(expected, decision)
    return failures


def _lists(expected: Expectation, decision) -> list[str]:
    failures = []
    if expected.missing is not None:
        got = {m.fact for m in decision.missing}
        lacking = [m for m in expected.missing if m not in got]
        if lacking or (not expected.missing and got):
            failures.append(f"missing facts: expected {expected.missing}, got {sorted(got)}")
    applying = {o.rule.split(".", 1)[1] for o in decision.obligations if o.status == "applies"}
    for name in expected.obligations or []:
        if name not in applying:
            failures.append(f"obligation {name}: expected to apply; applying: {sorted(applying)}")
    for name in expected.not_obligations or []:
        if name in applying:
            failures.append(f"obligation {name}: expected not to apply, but it does")
    if expected.unconfirmed is not None and bool(decision.unconfirmed) != expected.unconfirmed:
        failures.append(f"unconfirmed caveat: expected {expected.unconfirmed}, got "
                        f"{[c.rule for c in decision.unconfirmed]}")
    for name, value in expected.figures.items():
        got = _figure(decision.figures, name)
        if str(got) != str(value):
            failures.append(f"figure {name}: expected {value}, got {got}")
    return failures


def case_files(paths: list[Path]) -> list[Path]:
    """Every .yaml worked-case file under the given files or folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if not p.name.startswith("_"))
        else:
            found.append(path)
    return found


NO_EXPECT = ("this case has no 'expect:' block, so it cannot be checked or asked in a quiz: "
             "add 'expect:' with at least 'outcome:' (the answer it should give)")


def split_worked(path: Path) -> tuple[list[RawCase], list[RawCase]]:
    """(the worked cases in a file, the cases in it that lack ``expect:``); documents that
    are not cases at all (no ``regime`` and ``id``, such as a column map) are neither."""
    worked, lacking = [], []
    for raw in read_cases(str(path)):
        if not isinstance(raw.data, dict):
            continue
        if "expect" in raw.data:
            worked.append(raw)
        elif "regime" in raw.data and "id" in raw.data:
            lacking.append(raw)
    return worked, lacking


def load_worked(path: Path) -> list[RawCase]:
    return split_worked(path)[0]


def bundled_cases() -> Path:
    """The worked cases that come with pocapace."""
    return Path(importlib.import_module("pocapace.cases").__file__).parent


def find_worked(name: str, paths: list[Path] | None = None) -> RawCase | None:
    """The worked case whose id (or file name without .yaml) is ``name``, ignoring case,
    under ``paths`` (default: the bundled cases); None if there is none."""
    wanted = name.strip().lower()
    for path in case_files(paths or [bundled_cases()]):
        if path.stem.lower() == wanted:
            return read_cases(str(path))[0]
        if wanted not in path.read_text(encoding="utf-8", errors="replace").lower():
            continue  # a cheap test before parsing the file
        for raw in read_cases(str(path)):
            if isinstance(raw.data, dict) and str(raw.data.get("id", "")).lower() == wanted:
                return raw
    return None


def _figure(figures: Any, path: str) -> Any:
    """A figure by dotted path (``window.first_day``, ``convictions.0.period``); a key that
    itself contains dots (a rule id) is matched whole."""
    parts = path.split(".")
    current = figures
    while parts:
        if isinstance(current, list) and parts[0].isdigit() and int(parts[0]) < len(current):
            current = current[int(parts.pop(0))]
            continue
        if not isinstance(current, dict):
            return None
        for size in range(len(parts), 0, -1):
            name = ".".join(parts[:size])
            if name in current:
                current, parts = current[name], parts[size:]
                break
        else:
            return None
    return current


FINDING_WORDS = {"met": "met", "not_met": "not met", "unknown": "not known"}


def expected_words(engine: Engine, raw: RawCase, decision=None) -> list[str]:
    """A worked case's expected answer in plain words, one line per thing it pins; facts it
    expects to be missing are named as ``decision`` asks for them."""
    expected = expectation_of(raw)
    if expected is None:
        return []
    ruleset = engine.ruleset(raw.data["regime"])
    asks = {m.fact: m.ask for m in decision.missing} if decision is not None else {}

    def label(kind: str, name: str) -> str:
        found = [e.label for e in ruleset.entries.values()
                 if e.kind == kind and getattr(e, kind) == name]
        return f"{found[0]} ({name})" if found else name

    def rule(name: str) -> str:
        match = ITEM.match(name)
        entry = ruleset.entries.get(ruleset.qualify(match["rule"]))
        shown = entry.label if entry else name
        if match["item"] is not None and entry is not None and entry.scope != "case":
            shown += f" ({entry.scope} {int(match['item']) + 1})"
        return shown

    lines = [f"Outcome: {expected.outcome.replace('_', ' ')}"]
    for title, names, kind in (("By the route", expected.routes, "route"),
                               ("Tests met", expected.tests, "test")):
        if names is not None:
            lines.append(f"{title}: {'; '.join(label(kind, n) for n in names) or 'none'}")
    for title, names in (("Duties that apply", expected.obligations),
                         ("Duties that do not apply", expected.not_obligations)):
        if names:
            lines.append(f"{title}: {'; '.join(rule(n) for n in names)}")
    if expected.missing is not None:
        lines.append("Facts it needs: " + ("; ".join(asks.get(m, m) for m in expected.missing)
                                           or "none (the facts decide it)"))
    if expected.rules:
        lines.append("Findings:")
        lines += [f"  {rule(name)}: {FINDING_WORDS.get(value, value)}"
                  for name, value in expected.rules.items()]
    if expected.unconfirmed is not None:
        lines.append("Rests on an unconfirmed reading of the law: "
                     f"{'yes' if expected.unconfirmed else 'no'}")
    if expected.figures:
        lines.append("Figures:")
        lines += [f"  {name.replace('_', ' ')}: {value}"
                  for name, value in expected.figures.items()]
    return lines
