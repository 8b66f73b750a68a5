"""``pocapace cases``: run the worked cases and report each expectation that fails."""

from __future__ import annotations

import pathlib
import sys
from importlib import resources

import click

from pocapace.engine.api import get_engine
from pocapace.engine.errors import PocapaceError
from pocapace.engine.worked import case_files, load_worked, run_worked_case

from .options import reports_errors


def bundled_cases() -> pathlib.Path:
    return pathlib.Path(str(resources.files("pocapace.cases")))


@click.group()
def cases():
    """Worked cases: run them as tests."""


@cases.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=pathlib.Path, exists=True))
@click.option("--quiet", "-q", is_flag=True, help="Only report failures and the total.")
@reports_errors
def run(paths, quiet):
    """Decide every worked case under PATHS (default: the bundled cases) and check it."""
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
