"""Options and error handling shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import sys

import click

from pocapace.engine.core.errors import InputError, PocapaceError, RuleFileError
from pocapace.engine.regimes.registry import REGIMES

from .inputs import cases_named, engine_for  # noqa: F401 (the commands import them from here)
from .terminal import printable, terminal_columns, text_style  # noqa: F401

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
REGIME_CHOICE = click.Choice(sorted(REGIMES))


#: Every command answers -h as well as --help.
HELP = {"help_option_names": ["-h", "--help"]}


class SuggestingGroup(click.Group):
    """A command group that answers a mistyped command with "Did you mean"."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if name and not name.startswith("-") and name not in known:
            import difflib

            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command '{name}'.{hint} (Commands: {', '.join(known)}.)")
        return super().resolve_command(ctx, args)


class Moment(click.ParamType):
    """now, a date (YYYY-MM-DD, 14/03/2026, 14 March 2026) or a date and time."""

    name = "datetime"

    def convert(self, value, param, ctx):
        from pocapace.engine.tools.interview.answers import AnswerError, parse_moment

        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            try:
                moment = parse_moment(value, dt.datetime.now().replace(second=0, microsecond=0))
            except AnswerError:
                self.fail(f"expected now, a date (2026-03-14 or 14/03/2026) or a date and time "
                          f"(2026-03-14T10:20), found '{value}'", param, ctx)
        if moment.tzinfo is not None:
            from pocapace.engine.cases import uk_local

            try:
                moment = uk_local(moment)
            except InputError as exc:
                self.fail(exc.problem, param, ctx)
        return moment


register_option = click.option(
    "--register", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False),
    envvar="POCAPACE_REGISTER", help="Notification register (YAML) [env: POCAPACE_REGISTER].")
at_option = click.option("--at", "at", type=Moment(), default=None,
                         help="Decide under the law of this moment (now, or a date) instead "
                              "of the case's own.")


def scenario_callback(ctx, param, value):
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
    "--assume", "assume", metavar="SCENARIO", default=None, callback=scenario_callback,
    help="Decide under a law scenario (a name from rules/scenarios/, e.g. cpa-2026, or a "
         "scenario file) instead of the law in force.")
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True)


explain_option = click.option("--explain", is_flag=True,
                              help="Show everything: routes, tests, duties and the full "
                                   "tree of reasons.")


def fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def reports_errors(command):
    """Turn pocapace errors into 'Error: ...' on stderr with the right exit status."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            fail(exc.message, EXIT_BAD_INPUT)
        except RuleFileError as exc:
            fail(exc.message, EXIT_FAULT)
        except PocapaceError as exc:
            fail(exc.message, EXIT_FAULT)
        except KeyboardInterrupt:
            fail("interrupted; nothing more was written", EXIT_INTERRUPTED)
        except BrokenPipeError:  # the reader (head, less) went away: stop quietly
            sys.exit(EXIT_BROKEN_PIPE)
        except OSError as exc:  # a full disk, a file that vanished: the system's, not the input's
            where = f" {exc.filename}" if exc.filename else ""
            fail(f"cannot read or write{where}: {exc.strerror or exc}", EXIT_FAULT)
        except click.ClickException:
            raise
        except Exception as exc:  # never a traceback: say it is ours, with what there is
            fail(f"internal fault ({type(exc).__name__}: {str(exc)[:200]}); please report it",
                 EXIT_FAULT)

    return wrapper


def writable(path: pathlib.Path | None, what: str, *inputs) -> None:
    """Refuse, before any work, an output in a missing folder or that is one of the inputs."""
    from pocapace.engine.tools.batch.output import check_output_path

    check_output_path(path, list(inputs), what)
