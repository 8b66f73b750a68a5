"""``pocapace ask`` end to end: piped answers, a saved case that ``check`` decides the same
way, answers asked again, the end of the input, and a real terminal (pexpect)."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main

ADULT_THEFT = "theft\narrested\n02/05/1987\nBrixton\nno\nno\n"
THIRTEEN = "burglary\ncharged\n01/06/2012\n"
COCAINE = "supplying cocaine\n02/03/2024\nno\nno\n"


def ask(*args, answers: str = ""):
    return CliRunner().invoke(main, ["ask", *map(str, args)], input=answers)


def questions_asked(output: str) -> int:
    return sum(1 for line in output.splitlines() if line.startswith("> "))


def check_json(path: pathlib.Path) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("regime, at, answers, outcome, most", [
    ("pace-s63b", "2026-03-14T10:20", ADULT_THEFT, "ELIGIBLE", 6),
    ("pace-s63b", "2026-03-14T10:20", THIRTEEN, "NOT ELIGIBLE", 3),
    ("poca-s75", "2025-06-01", COCAINE, "CRIMINAL LIFESTYLE", 4),
])
def test_piped_answers_decide_within_the_questions_allowed_and_save_a_case_check_agrees(
        tmp_path, regime, at, answers, outcome, most):
    saved = tmp_path / "case.yaml"
    result = ask("--regime", regime, "--at", at, "--save", saved, answers=answers)
    assert result.exit_code == 0, result.output
    assert f"\n{outcome}: " in result.stdout
    assert questions_asked(result.stdout) <= most
    assert check_json(saved)["outcome"] == outcome.lower().replace(" ", "_")


def test_a_mistyped_answer_is_asked_again_with_suggestions():
    result = ask("--at", "2026-03-14T10:20",
                 answers="Theft Act 1986 s.1\ntheft\narested\narrested\n32/01/1987\n02/05/1987"
                         "\nBrixton\nno\nno\n")
    assert result.exit_code == 0, result.output
    assert "Did you mean: Theft Act 1968 s.1" in result.stdout
    assert "not one of the choices" in result.stdout
    assert "not a date that exists" in result.stdout
    assert "\nELIGIBLE: " in result.stdout


def test_help_at_a_question_explains_it_and_asks_again():
    result = ask("--at", "2026-03-14T10:20", answers="help\ntheft\n")
    assert "section (\"Theft Act 1968 s.1\")" in result.stdout
    assert "arrested for theft, or charged" in result.stdout


def test_an_ambiguous_offence_is_chosen_by_number():
    result = ask("--at", "2026-03-14T10:20", answers="assault\n5\n")
    assert "1) " in result.stdout
    assert "Has the person been arrested for assault occasioning actual bodily harm" \
        in result.stdout


def test_end_of_input_ends_with_what_is_known():
    result = ask("--at", "2026-03-14T10:20", answers="theft\narrested\n")
    assert result.exit_code == 0, result.output
    assert "End of answers" in result.stdout
    assert "\nUNDETERMINED: " in result.stdout
    assert "person.date_of_birth" in result.stdout


def test_save_is_refused_when_the_answers_lack_a_required_field(tmp_path):
    saved = tmp_path / "case.yaml"
    result = ask("--at", "2026-03-14T10:20", "--save", saved,
                 answers="don't know\ndon't know\n01/06/2012\n")
    assert "\nNOT ELIGIBLE: " in result.stdout
    assert result.exit_code == 2
    assert "not written" in result.stderr and "offence" in result.stderr
    assert not saved.exists()


def test_a_real_terminal_interview(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    saved = tmp_path / "case.yaml"
    child = pexpect.spawn(sys.executable, ["-m", "pocapace.cli.main", "ask", "--at",
                                           "2026-03-14T10:20", "--save", str(saved)],
                          encoding="utf-8", timeout=60, dimensions=(40, 100))
    for prompt, answer in [("arrested for or charged with", "theft"),
                           ("or charged with it", "arested"),
                           ("not one of the choices", "arrested"),
                           ("date of birth", "2 May 1987"), ("Where is the person", "Brixton"),
                           ("already been taken", "n"), ("fall to be released", "no")]:
        child.expect_exact(prompt)
        child.expect_exact("> ")
        child.sendline(answer)
    child.expect_exact("ELIGIBLE: ")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert check_json(saved)["outcome"] == "eligible"
