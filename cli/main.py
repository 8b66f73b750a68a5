"""``pocapace``: one click group; each command's module is imported only when it is used,
so ``pocapace check`` does not pay for batch, trainer or report code."""

from __future__ import annotations

import importlib

import click

from pocapace.cli.options import SuggestingGroup

COMMANDS = {
    "ask": ("pocapace.cli.ask", "ask"),
    "check": ("pocapace.cli.check", "check"),
    "batch": ("pocapace.cli.batch", "batch"),
    "cases": ("pocapace.cli.cases", "cases"),
    "report": ("pocapace.cli.check", "report"),
    "offences": ("pocapace.cli.catalogue", "offences"),
    "rules": ("pocapace.cli.catalogue", "rules"),
    "schema": ("pocapace.cli.catalogue", "schema"),
    "serve": ("pocapace.cli.serve", "serve"),
}


class LazyGroup(SuggestingGroup):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pocapace")
def main() -> None:
    """Statutory eligibility rules: drug testing in custody and criminal lifestyle.

    \b
    Examples:
      pocapace ask                      a guided interview for a custody decision
      pocapace check case.yaml          decide a case file (--explain for the reasons)
      pocapace ask --regime poca-s75    a guided interview for criminal lifestyle
    """


def run() -> None:
    """The console script: run the command, flush, and leave without tearing down the
    interpreter (freeing the loaded rule sets object by object takes longer than the decision).
    """
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show ✓ gets '?' instead
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        try:
            main()
            code = 0
        except SystemExit as done:  # click ends every command this way
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
            if isinstance(done.code, str):
                sys.stderr.write(done.code + "\n")
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader (head, less) went away: stop quietly
        code = 141
    except KeyboardInterrupt:
        code = 130
    os._exit(code)


if __name__ == "__main__":
    main()
