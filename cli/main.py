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
#: Each command's line in ``pocapace --help``, so the help imports no command's module
#: (each command's short help is set from it when the command is loaded).
SUMMARIES = {
    "ask": "A guided interview: only the questions that decide the case.",
    "batch": "Decide every case of an export, one output record per input record.",
    "cases": "Worked cases: run them as tests, show one, a classroom quiz, coverage.",
    "check": "Decide case files (or worked cases by id): the short decision.",
    "offences": "Search the offence catalogue (by name, alias or code).",
    "report": "Write a printable decision record (HTML or PDF) for one case.",
    "rules": "List the rules and list entries with citations, as at a date.",
    "schema": "Print the JSON Schema of the case file format.",
    "serve": "The decision service and web page over HTTP.",
}


class LazyGroup(SuggestingGroup):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        command = getattr(importlib.import_module(module), attr)
        command.short_help = SUMMARIES[name]
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])


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
