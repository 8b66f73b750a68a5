"""``pocapace check FILE... [--explain] [--format text|json]`` without click.

The custody desk's most common command, as a whole process, is mostly Python loading code;
click alone is about a fifth of it. This path reads only those arguments and prints exactly
what the click command prints (both print ``check_output.check_output``). Anything else
(another option, standard input, a register from the environment, an output click would
re-encode) and anything that goes wrong is left to the click command, which then reads,
decides and reports from the start, so its messages and exit statuses are the only ones."""

from __future__ import annotations

import os
import sys


def check_arguments(args: list[str]) -> tuple[list[str], str, bool] | None:
    """(files, format, explain) of a plain check's arguments, or None for anything else."""
    files, fmt, explain = [], "text", False
    arguments = iter(args)
    for argument in arguments:
        if argument == "--explain":
            explain = True
        elif argument == "--format" or argument.startswith("--format="):
            fmt = argument[len("--format="):] if "=" in argument else next(arguments, None)
            if fmt not in ("text", "json"):
                return None
        elif argument.startswith("-"):  # -h, --at, '-' (standard input can be read once)...
            return None
        else:
            files.append(argument)
    return (files, fmt, explain) if files else None


def quick_check(args: list[str]) -> int | None:
    """Run a plain check and return its exit status, or None to leave it to click."""
    parsed = check_arguments(args)
    if parsed is None or os.environ.get("POCAPACE_REGISTER"):
        return None
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        return None  # click.echo writes to a misconfigured (ASCII) stream its own way
    from .check_output import check_output

    try:
        text = check_output(*parsed)
    except Exception:  # noqa: BLE001 - the click command reports it, in its words
        return None
    if "\x1b" in text and not sys.stdout.isatty():
        return None  # click.echo strips terminal control sequences from text sent to a file
    sys.stdout.write(text)
    return 0
