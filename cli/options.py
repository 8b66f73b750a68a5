"""Options and error handling shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import sys

import click

from pocapace.engine.core.errors import CaseFileError, PocapaceError, RuleFileError
from pocapace.engine.regimes.registry import REGIMES

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1
REGIME_CHOICE = click.Choice(sorted(REGIMES))


class Moment(click.ParamType):
    """A date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)."""

    name = "datetime"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, found {value!r}", param, ctx)


register_option = click.option(
    "--register", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False),
    envvar="POCAPACE_REGISTER", help="Notification register (YAML) [env: POCAPACE_REGISTER].")
at_option = click.option("--at", "at", type=Moment(), default=None,
                         help="Decide under the law of this moment instead of the case's own.")
def _scenario(ctx, param, value):
    """Check a law scenario (a shipped name or a file) before any work starts."""
    if value is None:
        return None
    from pocapace.engine.law.loader import rules_root
    from pocapace.engine.law.scenarios import load_scenario

    try:
        load_scenario(value, rules_root())
    except RuleFileError as exc:
        where = "" if exc.file == value else f"{exc.file}: "
        raise click.BadParameter(f"{where}{exc.problem}") from None
    return value


assume_option = click.option(
    "--assume", "assume", metavar="SCENARIO", default=None, callback=_scenario,
    help="Decide under a law scenario (a name from rules/scenarios/, e.g. cpa-2026, or a "
         "scenario file) instead of the law in force.")
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True)


def fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def reports_errors(command):
    """Turn pocapace errors into 'Error: ...' on stderr with the right exit status."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CaseFileError as exc:
            fail(exc.message, EXIT_BAD_INPUT)
        except RuleFileError as exc:
            fail(exc.message, EXIT_FAULT)
        except PocapaceError as exc:
            fail(exc.message, EXIT_FAULT)

    return wrapper
