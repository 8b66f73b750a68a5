"""Options and error handling shared by the commands."""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
import sys

import click

from pocapace.engine.core.errors import InputError, PocapaceError, RuleFileError
from pocapace.engine.regimes.registry import REGIMES

EXIT_BAD_INPUT = 2
EXIT_FAULT = 1
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
REGIME_CHOICE = click.Choice(sorted(REGIMES))


class Moment(click.ParamType):
    """A date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM)."""

    name = "datetime"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, found '{value}'", param, ctx)
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
                         help="Decide under the law of this moment instead of the case's own.")
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


def engine_for(register: pathlib.Path | None):
    """The engine for a command, after checking a user's register (its errors are input errors)."""
    from pocapace.engine.api import get_engine
    from pocapace.engine.cases import load_user_register

    if register is not None:
        load_user_register(register)
    return get_engine(register)


def writable(path: pathlib.Path | None, what: str, *inputs) -> None:
    """Refuse, before any work, an output in a missing folder or that is one of the inputs."""
    from pocapace.engine.tools.batch.output import check_output_path

    check_output_path(path, list(inputs), what)
