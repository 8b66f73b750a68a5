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
      pocapace serve                    the decision service and web page on localhost:8063
      pocapace batch export.csv --out d.jsonl   decide a whole export
    """


def run() -> None:
    """The console script (see pocapace.cli.entry, which stops interrupts before this loads)."""
    from pocapace.cli.entry import run as entry

    entry()


if __name__ == "__main__":
    main()
