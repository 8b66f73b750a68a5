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
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
        try:
            return parse_moment(value, dt.datetime.now().replace(second=0, microsecond=0))
        except AnswerError:
            self.fail(f"expected now, a date (2026-03-14 or 14/03/2026) or a date and time "
                      f"(2026-03-14T10:20), found '{value}'", param, ctx)


register_option = click.option(
    "--register", type=click.Path(path_type=pathlib.Path, exists=True, dir_okay=False),
    envvar="POCAPACE_REGISTER", help="Notification register (YAML) [env: POCAPACE_REGISTER].")
at_option = click.option("--at", "at", type=Moment(), default=None,
                         help="Decide under the law of this moment (now, or a date) instead "
                              "of the case's own.")
format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True)


def text_style() -> dict:
    """The text output's width (the terminal's, within reason) and whether the output's
    encoding can show ✓ and ✗."""
    import shutil

    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗".encode(encoding)
        plain = False
    except (UnicodeEncodeError, LookupError):
        plain = True
    return {"width": width, "plain_marks": plain}


def printable(text: str) -> str:
    """The text as the output's encoding can show it (£ as GBP, other signs replaced)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        text = text.replace("£", "GBP ").replace("’", "'").replace("–", "-")
        return text.encode(encoding, errors="replace").decode(encoding, errors="replace")


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
        except CaseFileError as exc:
            fail(exc.message, EXIT_BAD_INPUT)
        except RuleFileError as exc:
            fail(exc.message, EXIT_FAULT)
        except PocapaceError as exc:
            fail(exc.message, EXIT_FAULT)

    return wrapper
