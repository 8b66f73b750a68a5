"""``pocapace check`` and ``pocapace report``: decide case files, as text, JSON or HTML."""

from __future__ import annotations

import pathlib
import sys

import click

from pocapace.cli.check_output import BadFiles, check_output
from pocapace.cli.options import (
    assume_option,
    at_option,
    cases_named,
    engine_for,
    explain_option,
    format_option,
    register_option,
    reports_errors,
    writable,
)
from pocapace.engine.cases import validate_case
from pocapace.engine.core.errors import CaseFileError


@click.command()
@click.argument("files", nargs=-1, required=True)
@format_option
@at_option
@assume_option
@explain_option
@register_option
@click.option("--verify", is_flag=True,
              help="Run the network afresh for every run an earlier check saved, and stop "
                   "with an error if one differs (saved runs are a shortcut).")
@reports_errors
def check(files, fmt, at, assume, explain, register, verify):
    """Decide each case FILE ('-' reads standard input; a worked case's id will do) and print
    the short decision.

    Every file is read and validated before anything is written: one bad file
    means exit status 2 and no decisions.

    \b
    Examples:
      pocapace check cases/pace-s63b/charged-adult-theft-trigger.yaml
      pocapace check --explain --at now case.yaml
      pocapace check --format json case.yaml
    """
    try:
        text = check_output(list(files), fmt, explain, at, assume, register, verify)
    except BadFiles as bad:
        for exc in bad.errors:
            click.echo(f"Error: {exc.message}", err=True)
        sys.exit(2)
    click.echo(text, nl=False)


@click.command()
@click.argument("case")
@click.option("--out", type=click.Path(path_type=pathlib.Path, dir_okay=False), required=True,
              help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default=None,
              help="html or pdf (printed by headless Chromium); default: pdf if --out ends "
                   "in .pdf, else html.")
@at_option
@assume_option
@register_option
@reports_errors
def report(case, out, fmt, at, assume, register):
    """Write a printable decision record for one CASE (a case file or a worked case's id).

    The record is self-contained: facts in plain words, outcome, the checklist (PACE) or
    figures (POCA), reasons with citations, the readings of the law relied on and a
    sign-off block; printed on A4, every page shows the case reference and page number.

    \b
    Example:
      pocapace report case.yaml --out decision.pdf
    """
    import datetime as dt
    from importlib.metadata import version

    from pocapace.engine.decision.record_facts import facts_table
    from pocapace.engine.decision.report import render_html

    writable(out, "--out", case, register)
    raws = cases_named(case)
    if len(raws) != 1:
        raise CaseFileError(raws[0].source, "", f"a report is for one case; the file holds "
                                                f"{len(raws)}")
    engine = engine_for(register, assume)
    regime, model = validate_case(raws[0])
    decision = engine.under(assume or model.assume).decide(regime, model, raws[0].where, at)
    facts = facts_table(model, dt.date.fromisoformat(decision.law_at.date),
                        engine.ruleset(regime.name), engine.catalogues)
    html = render_html(decision, facts, version("pocapace"), dt.datetime.now().astimezone())
    try:
        if (fmt or ("pdf" if out.suffix.lower() == ".pdf" else "html")) == "pdf":
            from pocapace.engine.decision.pdf import html_to_pdf

            html_to_pdf(html, out)
        else:
            out.write_text(html, encoding="utf-8")
    except OSError as exc:
        from pocapace.cli.options import EXIT_BAD_INPUT, fail

        fail(f"cannot write the record to {out}: {exc.strerror}", EXIT_BAD_INPUT)
    click.echo(f"Wrote {out}")
