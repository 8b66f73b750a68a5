"""``pocapace cases``: worked cases as tests, as examples to read and as a classroom quiz."""

from __future__ import annotations

import pathlib
import shutil
import sys
import textwrap

import click

from pocapace.cli.options import (
    EXIT_BAD_INPUT,
    REGIME_CHOICE,
    SuggestingGroup,
    assume_option,
    fail,
    reports_errors,
)
from pocapace.engine.api import get_engine
from pocapace.engine.core.errors import PocapaceError
from pocapace.engine.tools.worked import (
    NO_EXPECT,
    bundled_cases,
    case_files,
    run_worked_case,
    split_worked,
)


@click.group(cls=SuggestingGroup)
def cases():
    """Worked cases: case files that carry the expected answer (expect:) and a teaching
    note, used as tests, as examples to read and for a classroom quiz.

    run, quiz and coverage take the bundled cases by default, or your own files and
    folders: a trainer can keep worked cases in a folder of their own and use any of these
    on it. Wherever a case is named, its path, its id (e.g. DT-0001) or its file name will do.

    \b
    Example:
      pocapace cases run -q
    """


def _paths(names: tuple[str, ...]) -> list[pathlib.Path]:
    """Files and folders as given, a worked case's id or file name as its file; by default
    the bundled cases."""
    from pocapace.cli.options import cases_named

    return [pathlib.Path(n) if pathlib.Path(n).exists() else
            pathlib.Path(cases_named(n)[0].source) for n in names] or [bundled_cases()]


@cases.command("run", short_help="Decide each worked case and check it against its expect:.")
@click.argument("paths", nargs=-1)
@click.option("--quiet", "-q", is_flag=True, help="Only report failures and the total.")
@reports_errors
def run(paths, quiet):
    """Decide every worked case under PATHS (default: the bundled cases) and check it.

    \b
    Example:
      pocapace cases run cases/pace-s63b
    """
    engine = get_engine()
    folders = _paths(paths)
    files = case_files(folders)
    passed = failed = 0
    for path in files:
        try:
            worked, lacking = split_worked(path)
        except PocapaceError as exc:
            failed += 1
            click.echo(f"FAIL {path}: {exc.message}")
            continue
        for raw in lacking:
            failed += 1
            click.echo(f"FAIL {raw.where}: {NO_EXPECT}")
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
    if not passed and not failed:
        fail(f"no worked cases (YAML case files with an expect: block) under "
             f"{', '.join(map(str, folders))}", EXIT_BAD_INPUT)
    if failed:
        sys.exit(1)


@cases.command("show", short_help="Show one case: facts, decision, expected answer, notes.")
@click.argument("case")
@assume_option
@reports_errors
def show(case, assume):
    """Show a worked CASE (its path, id or file name): facts, decision, expected answer, notes.

    The case is decided under the law scenario it names ('assume:'), or the one --assume gives.

    \b
    Example:
      pocapace cases show DT-0001
    """
    from pocapace.cli.options import cases_named
    from pocapace.engine.decision.render import render_text
    from pocapace.engine.tools.quiz import facts_text
    from pocapace.engine.tools.worked import expected_words

    engine = get_engine()
    for raw in cases_named(case):
        decision = engine.under(assume or raw.data.get("assume")).decide_raw(raw)
        click.echo(f"Case file {raw.where}\n")
        if raw.data.get("title"):
            click.echo(f"{raw.data['title']}\n")
        click.echo(facts_text(raw))
        click.echo(render_text(decision, explain=True))
        expected = expected_words(engine, raw, decision)
        click.echo("Expected answer:\n" + "\n".join(f"  {line}" for line in expected)
                   if expected else f"Expected answer: none given ({NO_EXPECT})")
        if raw.data.get("notes"):
            click.echo("\nTeaching note:\n" + textwrap.fill(
                " ".join(str(raw.data["notes"]).split()), _width(), initial_indent="  ",
                subsequent_indent="  "))


@cases.command("quiz", short_help="A classroom quiz: facts, your answer, then the reasons.")
@click.argument("paths", nargs=-1)
@click.option("--regime", type=REGIME_CHOICE, default=None, help="Only cases of this regime.")
@click.option("--count", type=click.IntRange(min=1), default=None,
              help="How many cases (default: all).")
@click.option("--seed", type=int, default=None,
              help="Shuffle with this seed, for the same order every time.")
@click.option("--in-order", is_flag=True, help="Ask the cases in file order, not shuffled.")
@click.option("--report", "report_to", type=click.Path(path_type=pathlib.Path, dir_okay=False),
              default=None, help="Write the trainee's results to this CSV file.")
@reports_errors
def quiz(paths, regime, count, seed, in_order, report_to):
    """A classroom quiz on worked cases under PATHS (default: the bundled cases).

    Each case's facts are shown without its title, tags or expected answer; answer the
    outcome (and the route or test), then see whether it was right, why, and the teaching
    note; press Enter for the next case. Cases are shuffled, near-twins apart; Ctrl-C ends
    the quiz with the score so far. Answers may be piped in, one per line:

    \b
    Example:
      printf 'eligible\\ncharge trigger\\n' | pocapace cases quiz --count 1 --seed 3
    """
    from pocapace.engine.tools.quiz import pick_cases, run_quiz, write_report

    folders = _paths(paths)
    raws, lacking = pick_cases(folders, regime, count, seed, shuffle=not in_order)
    for raw in lacking:
        click.echo(f"Note: {raw.where} is left out: {NO_EXPECT}", err=True)
    if not raws:
        fail(f"no worked cases{f' of regime {regime}' if regime else ''} under "
             f"{', '.join(map(str, folders))}", EXIT_BAD_INPUT)
    if report_to is not None:
        _writable(report_to)
    interactive = sys.stdin.isatty()

    def ask(prompt: str) -> str | None:
        click.echo(prompt, nl=not interactive)
        line = sys.stdin.readline()
        if not line:
            return None
        if not interactive:
            click.echo(f"> {line.strip()}")
        return line.strip()

    score = run_quiz(get_engine(), raws, ask, click.echo, _width())
    if report_to is not None:
        write_report(score, report_to)
        click.echo(f"Results written to {report_to}")


def _width() -> int:
    return min(shutil.get_terminal_size((80, 24)).columns, 100)


def _writable(path: pathlib.Path) -> None:
    """Fail now, not after the quiz, if the report cannot be written."""
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        fail(f"cannot write the report to {path}: {exc.strerror}", EXIT_BAD_INPUT)


@cases.command("coverage", short_help="Which worked cases decide each rule and list entry.")
@click.argument("paths", nargs=-1)
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

    folders = _paths(paths)
    for path in case_files(folders):
        for raw in split_worked(path)[1]:
            click.echo(f"Note: {raw.where} is left out: {NO_EXPECT}", err=True)
    found = measure(get_engine(), folders)
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
