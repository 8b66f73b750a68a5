"""``pocapace check`` and ``pocapace report``: decide case files, as text, JSON or HTML."""

from __future__ import annotations

import json
import pathlib
import sys

import click

from pocapace.cli.options import (
    at_option,
    explain_option,
    format_option,
    printable,
    register_option,
    reports_errors,
    text_style,
)
from pocapace.engine.api import get_engine
from pocapace.engine.cases import read_cases, validate_case
from pocapace.engine.core.errors import CaseFileError
from pocapace.engine.decision.render import render_text


@click.command()
@click.argument("files", nargs=-1, required=True)
@format_option
@at_option
@explain_option
@register_option
@reports_errors
def check(files, fmt, at, explain, register):
    """Decide each case FILE ('-' reads standard input) and print the short decision.

    Every file is read and validated before anything is written: one bad file
    means exit status 2 and no decisions.

    \b
    Examples:
      pocapace check cases/pace-s63b/charged-adult-theft-trigger.yaml
      pocapace check --explain --at now case.yaml
      pocapace check --format json case.yaml
    """
    engine = get_engine(register)
    validated = []
    errors = []
    for path in files:
        try:
            for raw in read_cases(path):
                validated.append((raw, *validate_case(raw)))
        except CaseFileError as exc:
            errors.append(exc)
    if errors:
        for exc in errors:
            click.echo(f"Error: {exc.message}", err=True)
        sys.exit(2)
    decisions = [engine.decide(regime, case, raw.where, at) for raw, regime, case in validated]
    if fmt == "json":
        if len(decisions) == 1:
            click.echo(json.dumps(decisions[0].to_json_dict(), indent=2, ensure_ascii=False))
        else:
            for decision in decisions:
                click.echo(json.dumps(decision.to_json_dict(), ensure_ascii=False))
        return
    style = text_style()
    click.echo(printable("\n".join(render_text(d, explain=explain, **style) for d in decisions)),
               nl=False)


@click.command()
@click.argument("case", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False))
@click.option("--out", type=click.Path(path_type=pathlib.Path, dir_okay=False), required=True,
              help="The HTML file to write.")
@at_option
@register_option
@reports_errors
def report(case, out, at, register):
    """Write a printable, self-contained HTML decision record for one case.

    \b
    Example:
      pocapace report case.yaml --out decision.html
    """
    from importlib.metadata import version

    from pocapace.engine.decision.report import render_html
    from pocapace.engine.tools.quiz import facts_text

    raws = read_cases(str(case))
    if len(raws) != 1:
        raise CaseFileError(str(case), "", f"a report is for one case; the file holds "
                                           f"{len(raws)}")
    decision = get_engine(register).decide_raw(raws[0], at)
    out.write_text(render_html(decision, facts_text(raws[0]), version("pocapace")),
                   encoding="utf-8")
    click.echo(f"Wrote {out}")
