"""``pocapace cases``: run the worked cases and report each expectation that fails."""

from __future__ import annotations

import pathlib
import sys
from importlib import resources

import click

from pocapace.cli.options import REGIME_CHOICE, SuggestingGroup, reports_errors
from pocapace.engine.api import get_engine
from pocapace.engine.core.errors import PocapaceError
from pocapace.engine.tools.worked import case_files, load_worked, run_worked_case


def bundled_cases() -> pathlib.Path:
    return pathlib.Path(str(resources.files("pocapace.cases")))


@click.group(cls=SuggestingGroup)
def cases():
    """Worked cases: run them as tests.

    \b
    Example:
      pocapace cases run -q
    """


@cases.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=pathlib.Path, exists=True))
@click.option("--quiet", "-q", is_flag=True, help="Only report failures and the total.")
@reports_errors
def run(paths, quiet):
    """Decide every worked case under PATHS (default: the bundled cases) and check it.

    \b
    Example:
      pocapace cases run cases/pace-s63b
    """
    engine = get_engine()
    files = case_files(list(paths) or [bundled_cases()])
    passed = failed = 0
    for path in files:
        try:
            worked = load_worked(path)
        except PocapaceError as exc:
            failed += 1
            click.echo(f"FAIL {path}: {exc.message}")
            continue
        for raw in worked:
            try:
                result = run_worked_case(engine, raw)
            except PocapaceError as exc:
                failed += 1
                click.echo(f"FAIL {raw.where}: {exc.message}")
                continue
            if result.passed:
                passed += 1
                if not quiet:
                    click.echo(f"ok   {result.source} ({result.case_id})")
                continue
            failed += 1
            click.echo(f"FAIL {result.source} ({result.case_id}) {result.title or ''}")
            for failure in result.failures:
                click.echo(f"       {failure}")
    click.echo(f"{passed} passed, {failed} failed")
    if failed or not passed:
        sys.exit(1)


@cases.command("show")
@click.argument("case", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False))
@reports_errors
def show(case):
    """Show a worked case: its facts, the reasoned decision and the trainer's notes.

    \b
    Example:
      pocapace cases show cases/pace-s63b/charged-adult-theft-trigger.yaml
    """
    from pocapace.engine.cases import read_cases
    from pocapace.engine.decision.render import render_text
    from pocapace.engine.tools.quiz import facts_text

    engine = get_engine()
    for raw in read_cases(str(case)):
        decision = engine.decide_raw(raw)
        click.echo(f"Case file {raw.where}\n\n{facts_text(raw)}")
        click.echo(render_text(decision, explain=True))
        expect = raw.data.get("expect")
        if expect:
            click.echo(f"Expected: {expect}")
        if raw.data.get("notes"):
            click.echo(f"\nTeaching note:\n  {raw.data['notes'].strip()}")


@cases.command("quiz")
@click.argument("paths", nargs=-1, type=click.Path(path_type=pathlib.Path, exists=True))
@click.option("--regime", type=REGIME_CHOICE, default=None)
@click.option("--count", type=int, default=None, help="How many cases (default: all).")
@click.option("--seed", type=int, default=None, help="Shuffle the cases with this seed.")
@reports_errors
def quiz(paths, regime, count, seed):
    """Quiz on worked cases: answer the outcome (and route or test), then see the reasons.

    Answers are read from standard input, one per line, so a script can drive it.

    \b
    Example:
      printf 'eligible\\narrest-trigger\\n' | pocapace cases quiz cases/pace-s63b --count 1
    """
    from pocapace.engine.tools.quiz import pick_cases, run_quiz

    raws = pick_cases(list(paths) or [bundled_cases()], regime, count, seed)
    interactive = sys.stdin.isatty()

    def ask(prompt: str) -> str | None:
        click.echo(prompt, nl=not interactive)
        line = sys.stdin.readline()
        if not line:
            return None
        if not interactive:
            click.echo(f"> {line.strip()}")
        return line.strip()

    run_quiz(get_engine(), raws, ask, click.echo)


@cases.command("coverage")
@click.argument("paths", nargs=-1, type=click.Path(path_type=pathlib.Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--check", is_flag=True,
              help="Exit with status 1 if a rule decides in no worked case.")
@reports_errors
def coverage(paths, fmt, check):
    """Which worked cases decide each rule and list entry; which rules lack a met or not-met case.

    \b
    Example:
      pocapace cases coverage
    """
    import json as jsonlib

    from pocapace.engine.tools.coverage import measure

    found = measure(get_engine(), list(paths) or [bundled_cases()])
    if fmt == "json":
        click.echo(jsonlib.dumps({
            "cases": found.cases,
            "rules": {r: vars(c) for r, c in found.rules.items()},
            "entries": found.entries}, indent=2))
    else:
        _coverage_text(found)
    if check and found.undecided():
        sys.exit(1)


def _coverage_text(found) -> None:
    click.echo(f"{found.cases} worked cases\n\nRules (decided in / met in / not met in):")
    for rule, report in sorted(found.rules.items()):
        flags = []
        if not report.met_in:
            flags.append("never met")
        if not report.not_met_in:
            flags.append("never not met")
        shown = ", ".join(report.decided_in[:4]) + (" ..." if len(report.decided_in) > 4 else "")
        click.echo(f"  {rule:58} {len(report.decided_in):3} / {len(report.met_in):3} / "
                   f"{len(report.not_met_in):3}  {shown}" +
                   (f"  [{'; '.join(flags)}]" if flags else ""))
    undecided = found.undecided()
    click.echo(f"\nRules decided in no worked case: {len(undecided)}")
    for rule in undecided:
        click.echo(f"  {rule}")
    covered = {e: c for e, c in found.entries.items() if c}
    click.echo(f"\nList entries decided in a worked case: {len(covered)} of {len(found.entries)}")
    for entry, cases_ in sorted(covered.items()):
        click.echo(f"  {entry:80} {', '.join(cases_[:3])}")
    click.echo(f"\nList entries no worked case decides: {len(found.uncovered_entries())}")
    for entry in found.uncovered_entries():
        click.echo(f"  {entry}")
