"""``pocapace batch``: decide every record of an export, one output record per input record."""

from __future__ import annotations

import os
import pathlib
import shlex
import signal
import sys

import click

from pocapace.cli.options import (
    EXIT_INTERRUPTED,
    REGIME_CHOICE,
    Moment,
    assume_option,
    register_option,
    reports_errors,
    scenario_callback,
    writable,
)
from pocapace.engine.tools.batch.columnmap import ColumnMap, load_column_map
from pocapace.engine.tools.batch.readers import FORMATS
from pocapace.engine.tools.batch.run import BatchOptions, Summary, run_batch, summary_json

EXIT_STRICT = 3


@click.command()
@click.argument("source")
@click.option("--out", type=click.Path(path_type=pathlib.Path, dir_okay=False),
              help="Write decisions here (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True,
              help="JSON decisions (see --detail, --schema), or one CSV summary row per case.")
@click.option("--detail", type=click.Choice(["full", "summary"]), default="full",
              show_default=True, help="JSON Lines: decision.v2 records with the trace, or "
                                      "without trace and would_change.")
@click.option("--schema", "schema", type=click.Choice(["v2", "v1"]), default="v2",
              show_default=True, help="JSON Lines: decision.v2 records (their rules manifest is "
                                      "written beside --out as OUT.rules.json), or the v1 "
                                      "records of 'check --format json'.")
@click.option("--input-format", type=click.Choice(FORMATS), default=None,
              help="Override the format read from the file name.")
@click.option("--regime", type=REGIME_CHOICE, default=None,
              help="Regime of records that do not say.")
@click.option("--columns", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False),
              help="Column map (YAML): export headers and value spellings -> the CSV layout.")
@click.option("--codes", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False),
              help="Offence code table (CSV: code,offence) for codes in the offence column.")
@click.option("--jobs", type=int, default=None, help="Worker processes [default: CPUs].")
@click.option("--resume", is_flag=True, help="Continue an interrupted run into --out.")
@click.option("--strict", is_flag=True,
              help="Exit with status 3 if any record was an error or a fault.")
@click.option("--compare-at", "compare_at", type=Moment(), multiple=True,
              help="Decide under each of these days' law (give two) and report changes.")
@click.option("--compare-assume", "compare_assume", metavar="SCENARIO", default=None,
              callback=scenario_callback,
              help="Decide every case under the law (or --assume's scenario) and under this law "
                   "scenario, and report which decisions change and why.")
@click.option("--summary", "summary_path", type=click.Path(path_type=pathlib.Path),
              help="Also write the summary as JSON here.")
@click.option("--would-change", is_flag=True,
              help="Also compute 'what would change this' (several extra runs per case).")
@click.option("--allow-empty", is_flag=True, help="An input with no records is not an error.")
@click.option("--verify-every", "verify_every", type=click.IntRange(min=1), metavar="N",
              default=None, help="Decide one record in N again the full, slow way (no caches) "
                                 "and stop with an error if its output differs in any way.")
@assume_option
@register_option
@reports_errors
def batch(source, out, fmt, detail, schema, input_format, regime, columns, codes, jobs, resume, strict,
          compare_at, compare_assume, summary_path, would_change, allow_empty, verify_every, assume,
          register):
    """Decide every case in SOURCE: JSON Lines, multi-document YAML, a folder of case files,
    or CSV in the flat layout ('-' reads JSON Lines from standard input).

    \b
    Examples:
      pocapace batch cases/exports/sample.csv --format csv
      pocapace batch cases.jsonl --out decisions.jsonl
      pocapace batch cases.jsonl --out d.jsonl --detail summary

    JSON Lines output is one decision.v2 record per input record, in input order; the rules
    manifest the records refer to is written beside --out as OUT.rules.json (for standard
    output: pocapace rules --manifest). See docs/decision-v2.md.
    """
    if resume and out is None:
        raise click.UsageError("--resume needs --out (the file to continue)")
    if compare_at and len(compare_at) != 2:
        raise click.UsageError("give --compare-at twice: the day before and the day after")
    if compare_at and compare_assume:
        raise click.UsageError("compare two days (--compare-at) or the law with a scenario "
                               "(--compare-assume), not both")
    if schema == "v1" and detail == "summary":
        raise click.UsageError("--detail summary is a form of decision.v2 (drop --schema v1)")
    if jobs is not None and jobs < 1:
        raise click.UsageError("--jobs must be 1 or more")
    inputs = (source, columns, codes, register)
    writable(out, "--out", *inputs)
    writable(summary_path, "--summary", *inputs, out)
    options = BatchOptions(
        source=source, out=out, fmt=fmt, input_format=input_format,
        mapping=load_column_map(columns, regime) if columns else ColumnMap(), codes=codes,
        regime=regime, register=register, jobs=jobs or os.cpu_count() or 1, resume=resume,
        compare_at=list(compare_at), assume=assume, compare_assume=compare_assume,
        would_change=would_change, allow_empty=allow_empty, verify_every=verify_every,
        schema=schema, detail=detail, warn=lambda message: click.echo(f"Warning: {message}", err=True))
    progress = _Progress(enabled=sys.stderr.isatty())
    summary = run_batch(options, progress.update)
    progress.done()
    _report(summary)
    if summary_path:
        summary_path.write_text(summary_json(summary), encoding="utf-8")
    if summary.stopped_by is not None:
        _stopped(summary, out)
        sys.exit(EXIT_INTERRUPTED + (summary.stopped_by - signal.SIGINT))
    if strict and summary.error_count:
        sys.exit(EXIT_STRICT)


def _stopped(summary: Summary, out) -> None:
    name = signal.Signals(summary.stopped_by).name
    done = summary.total + summary.skipped
    if out is None:
        click.echo(f"Stopped by {name} after {done:,} records.", err=True)
        return
    again = " ".join(shlex.quote(a) for a in sys.argv[1:] if a != "--resume")
    click.echo(f"Stopped by {name}: {out} holds the first {done:,} records, each whole. "
               f"Continue with: pocapace {again} --resume", err=True)


class _Progress:
    """A one-line progress display on standard error: records, the share of the input read
    (when its size is known), rate, time remaining and errors so far."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def update(self, summary: Summary) -> None:
        if self.enabled:
            click.echo(f"\r{progress_line(summary)}\033[K", err=True, nl=False)

    def done(self) -> None:
        if self.enabled:
            click.echo("", err=True)


def progress_line(summary: Summary) -> str:
    """What the progress display shows after ``summary``."""
    rate = summary.total / summary.seconds if summary.seconds else 0
    parts = [f"{summary.total:,} records"]
    total, read = summary.input_total, summary.input_read
    if total and read is not None:
        parts.append(f"{100 * read / total:.0f}% of {_megabytes(total)}")
    parts.append(f"{rate:,.0f}/s")
    if total and read and summary.seconds:
        parts.append(f"{_duration(summary.seconds * (total - read) / read)} left")
    parts.append(f"errors {summary.error_count}")
    return "  " + "  ".join(parts)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.1f} MB" if size >= 2**20 else f"{size:,} bytes"


def _duration(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def _report(summary: Summary) -> None:
    rate = summary.total / summary.seconds if summary.seconds else 0
    lines = [f"{summary.total:,} records decided in {summary.seconds:.1f} s ({rate:,.0f}/s)"]
    if summary.skipped:
        lines.append(f"{summary.skipped:,} records skipped (already in the output); the counts "
                     f"below cover all {summary.total + summary.skipped:,} records of the output")
    lines.append("outcomes: " + ", ".join(f"{k} {v:,}" for k, v in
                                          sorted(summary.outcomes.items())))
    if summary.labels:
        lines.append("routes / tests met: " + ", ".join(
            f"{k} {v:,}" for k, v in sorted(summary.labels.items())))
    lines.append(f"errors: {summary.outcomes['error']:,}")
    if summary.outcomes["fault"]:
        lines.append(f"faults (internal, reported per record): {summary.outcomes['fault']:,}")
    for (before, after), ids in sorted(summary.changed.items()):
        lines.append(f"changed {before} -> {after}: {len(ids):,} ({_ids(ids)})")
    for (outcome, before, after), ids in sorted(summary.route_changes.items()):
        lines.append(f"route changed, still {outcome}, {before} -> {after}: {len(ids):,} "
                     f"({_ids(ids)})")
    for line in lines:
        click.echo(line, err=True)


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:10]) + (f" and {len(ids) - 10:,} more" if len(ids) > 10 else "")
