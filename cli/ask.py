"""``pocapace ask``: a guided interview, one question at a time, until the outcome is decided."""

from __future__ import annotations

import pathlib
import sys

import click

from pocapace.cli.options import (
    HELP,
    REGIME_CHOICE,
    Moment,
    fail,
    printable,
    register_option,
    reports_errors,
    text_style,
)
from pocapace.engine.api import get_engine
from pocapace.engine.decision.people import dates
from pocapace.engine.decision.render import render_text
from pocapace.engine.tools.interview import Interview
from pocapace.engine.tools.interview.answers import AnswerError

CHOICES_SHOWN = 12


@click.command(context_settings=HELP)
@click.option("--regime", type=REGIME_CHOICE, default="pace-s63b", show_default=True,
              help="Drug testing in custody (pace-s63b) or criminal lifestyle (poca-s75).")
@click.option("--at", "at", type=Moment(), default=None,
              help="The moment whose law applies: now (the default) or a date such as "
                   "14/03/2026 or 2026-03-14T10:20.")
@click.option("--save", type=click.Path(path_type=pathlib.Path, dir_okay=False),
              help="Write the answers as a case file (for check, batch or report).")
@register_option
@reports_errors
def ask(regime, at, save, register):
    """Answer only the questions that decide the case, then see the short decision.

    Answers may be typed, or piped one per line ("don't know" leaves a fact open; the end
    of the input ends the interview with what is known).

    \b
    Examples:
      pocapace ask --save case.yaml
      printf 'theft\\narrested\\n02/05/1987\\nBrixton\\nno\\nno\\n' | pocapace ask
      pocapace ask --regime poca-s75 --at 17/06/2024
    """
    engine = get_engine(register)
    interview = Interview(engine, regime, at)
    terminal = sys.stdin.isatty()
    header = engine.ruleset(regime).files.header
    place = " ".join(w if w == "and" else w.capitalize() for w in header.jurisdiction.split("-"))
    moment = dates(interview.answers.case["at"]).removesuffix(" 00:00")
    _say(f"{header.title}.")
    _say(f"The law of {place} on {moment}.")
    _say("Answer \"help\" to hear why a question is asked, \"don't know\" to leave it open.")
    count = 0
    while True:
        step = interview.step()
        if step.decided:
            break
        count += 1
        if not _ask(interview, step.question, count, terminal):
            step = interview.step()
            _say("\n(End of answers: deciding on what is known.)")
            break
    _say("")
    _say(f"Decided after {count} question{'s' if count != 1 else ''}.")
    click.echo(printable(render_text(step.decision, **text_style())), nl=False)
    if save:
        if not step.complete:
            fail(f"{save} not written: the answers do not yet make a valid case file "
                 f"({step.incomplete}).", 2)
        save.write_text(interview.save_text(), encoding="utf-8")
        _say(f"Saved the answers to {save}; `pocapace check {save}` gives this decision.")


def _ask(interview: Interview, question, number: int, terminal: bool) -> bool:
    """Ask until an answer can be read; False at the end of the input."""
    _say("")
    _say(f"{number}. {question.ask}")
    _show_choices(question.choices)
    while True:
        line = _read(terminal)
        if line is None:
            return False
        if line.strip().lower() in ("?", "help"):
            _say(f"   {question.help} [{question.provision}]")
            continue
        try:
            interview.answer(question, line)
            return True
        except AnswerError as exc:
            _say(f"   {exc.message}")
            if exc.suggestions:
                _say(f"   Did you mean: {', '.join(exc.suggestions)}?")
            if exc.choices:
                interview.offer(exc)
                _show_choices(exc.choices, always=True)
            _say("   Please answer again (\"help\" explains the question).")


def _show_choices(choices, always: bool = False) -> None:
    if not choices or (len(choices) > CHOICES_SHOWN and not always):
        return
    shown = [f"{n}) {choice['label']}" for n, choice in enumerate(choices, start=1)]
    if len(shown) <= 4 and sum(map(len, shown)) < 60:
        _say("   " + "   ".join(shown))
        return
    for line in shown:
        _say(f"   {line}")


def _read(terminal: bool) -> str | None:
    """One answer line; None at the end of the input. Piped answers are echoed."""
    if terminal:
        try:
            return input("> ")
        except EOFError:
            return None
    sys.stdout.write("> ")
    line = sys.stdin.readline()
    if not line:
        return None
    sys.stdout.write(line if line.endswith("\n") else line + "\n")
    return line.rstrip("\n")


def _say(text: str) -> None:
    click.echo(printable(text))
