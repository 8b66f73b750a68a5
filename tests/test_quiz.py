"""The classroom quiz and the trainer's commands: nothing gives the answer away, cases are
shuffled with near-twins apart, answers are matched forgivingly, the quiz waits for Enter,
Ctrl-C ends it with the score, and results go to CSV. Driven by piped answers and under a
real terminal (pexpect)."""

from __future__ import annotations

import csv
import os
import pathlib
import re
import sys

import pytest
import yaml
from click.testing import CliRunner

from conftest import pace_case
from pocapace.cli.main import main
from pocapace.engine.cases import RawCase
from pocapace.engine.tools.quiz import Quiz, facts_text, pick_cases
from pocapace.engine.tools.quiz_answers import match, near_twins, shuffled
from pocapace.engine.tools.worked import bundled_cases, case_files, load_worked

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKED = [raw for path in case_files([ROOT / "cases"]) for raw in load_worked(path)]
TITLES = {raw.data["id"]: raw.data["title"] for raw in WORKED}
PACE_OPTIONS = ["eligible", "not_eligible", "undetermined"]
POCA_OPTIONS = ["criminal_lifestyle", "no_criminal_lifestyle", "undetermined", "not_applicable"]


def cli(*args: str, answers: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=answers)
    return result.exit_code, result.output


@pytest.mark.parametrize("raw", WORKED, ids=lambda r: r.data["id"])
def test_quiz_before_the_answer_never_shows_title_tags_notes_or_expected_answer(raw, engine):
    shown: list[str] = []
    Quiz(engine, lambda prompt: shown.append(prompt) and None, shown.append).run([raw])
    before = "\n".join(shown).split("Quiz ended.")[0]
    assert raw.data["title"] not in before and raw.data["id"] not in before
    for key in ("title", "tags", "expect", "notes", "id"):
        assert f"\n{key}:" not in before
    assert " ".join(raw.data.get("notes", "").split()[:8]) not in " ".join(before.split())
    assert set(yaml.safe_load(facts_text(raw))) == set(raw.data) - {"title", "tags", "expect",
                                                                     "notes"}


def test_quiz_of_five_shuffled_pace_cases_shows_each_title_only_after_its_answer():
    code, output = cli("cases", "quiz", "--regime", "pace-s63b", "--count", "5", "--seed", "7",
                       answers="u\n\n" * 5)
    assert code == 0, output
    blocks = re.split(r"\n=== Case \d of 5 ===", output)[1:]
    assert len(blocks) == 5
    for block in blocks:
        case_id = re.search(r"This case: (\S+):", block)[1]
        answered = block.index("> u")
        assert TITLES[case_id] not in block[:answered] and case_id not in block[:answered]
        assert TITLES[case_id].split()[0] in block[answered:]
    assert "Score:" in output and " ".join(output.split()).count("short forms work too") == 1


def ids_in_order(*args: str) -> list[str]:
    code, output = cli("cases", "quiz", "--regime", "pace-s63b", *args, answers="u\n")
    assert code == 0, output
    return re.findall(r"This case: (\S+):", output)


def test_quiz_when_given_a_seed_asks_in_the_same_shuffled_order_every_time(engine):
    pace = [r for r in WORKED if r.data["regime"] == "pace-s63b"]
    first = [r.data["id"] for r in pick_cases([ROOT / "cases"], "pace-s63b", None, 11)[0]]
    again = [r.data["id"] for r in pick_cases([ROOT / "cases"], "pace-s63b", None, 11)[0]]
    other = [r.data["id"] for r in pick_cases([ROOT / "cases"], "pace-s63b", None, 12)[0]]
    in_files = [r.data["id"] for r in pace]
    assert first == again and first != other and first != in_files
    assert sorted(first) == sorted(in_files)
    unseeded = {tuple(r.data["id"] for r in pick_cases([ROOT / "cases"], "pace-s63b", None,
                                                        None)[0]) for _ in range(3)}
    assert len(unseeded) > 1  # shuffled by default
    assert ids_in_order("--in-order", "--count", "1") == [in_files[0]]


@pytest.mark.parametrize("regime", ["pace-s63b", "poca-s75", None])
@pytest.mark.parametrize("seed", range(4))
def test_quiz_when_shuffled_never_asks_near_twins_back_to_back(seed, regime):
    cases = [r for r in WORKED if regime in (None, r.data["regime"])]
    order = shuffled(cases, seed)
    twins = [(a.data["id"], b.data["id"]) for a, b in zip(order, order[1:], strict=False)
             if near_twins(a, b)]
    assert twins == []
    assert sorted(r.data["id"] for r in order) == sorted(r.data["id"] for r in cases)


def test_near_twins_are_cases_whose_facts_differ_in_a_value_or_two():
    by_id = {raw.data["id"]: raw for raw in WORKED}
    leap = [raw for raw in WORKED if "leap-day" in raw.source]
    assert len(leap) == 2 and near_twins(*leap)
    assert not near_twins(by_id["DT-0001"], by_id["FI-0001"])


@pytest.mark.parametrize("said, options, meant", [
    ("not eligible", PACE_OPTIONS, "not_eligible"), ("not_eligible", PACE_OPTIONS, "not_eligible"),
    ("n", PACE_OPTIONS, "not_eligible"), (" Not-Eligible ", PACE_OPTIONS, "not_eligible"),
    ("ne", PACE_OPTIONS, "not_eligible"), ("E", PACE_OPTIONS, "eligible"),
    ("arrest trigger", ["arrest-authorised", "arrest-trigger"], "arrest-trigger"),
    ("arrest-trigger", ["arrest-authorised", "arrest-trigger"], "arrest-trigger"),
    ("at", ["arrest-authorised", "arrest-trigger"], "arrest-trigger"),
    ("a", ["s75(2)(a)", "s75(2)(b)", "s75(2)(c)"], "s75(2)(a)"),
    ("s75 2 b", ["s75(2)(a)", "s75(2)(b)", "s75(2)(c)"], "s75(2)(b)"),
    ("no criminal lifestyle", POCA_OPTIONS, "no_criminal_lifestyle"),
    ("ncl", POCA_OPTIONS, "no_criminal_lifestyle"),
    ("no", POCA_OPTIONS, None), ("", PACE_OPTIONS, None), ("maybe", PACE_OPTIONS, None),
    ("arrest", ["arrest-authorised", "arrest-trigger"], None)])
def test_answers_are_matched_forgivingly_and_never_guessed(said, options, meant):
    assert match(said, options) == meant


def test_quiz_waits_for_enter_and_shows_the_full_reasons_only_on_request():
    code, output = cli("cases", "quiz", "--regime", "pace-s63b", "--count", "2", "--seed", "3",
                       answers="u\nr\n\nu\n\n")
    assert code == 0, output
    first, second = output.split("=== Case 2 of 2")
    assert first.count("\nReasons:") == 1 and "\nReasons:" not in second
    assert "Press Enter for the next case" in first and "Press Enter for your score" in second
    code, output = cli("cases", "quiz", "--regime", "pace-s63b", "--count", "2", "--seed", "3",
                       answers="u\n")
    assert "=== Case 2 of 2" not in output and "Quiz ended." in output  # no Enter, no case 2


def test_quiz_when_interrupted_ends_with_the_score_so_far(engine, tmp_path):
    answers = iter(["u", ""])

    def ask(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    said: list[str] = []
    score = Quiz(engine, ask, said.append).run(WORKED[:3])
    assert score.asked == 1 and score.ended_early
    assert "\nQuiz ended." in said and "Score: " in said[-1] and "of 1 outcomes right" in said[-1]


def test_quiz_report_writes_each_answer_expected_and_result_as_csv(tmp_path):
    out = tmp_path / "results.csv"
    code, output = cli("cases", "quiz", "--regime", "pace-s63b", "--count", "2", "--seed", "3",
                       "--report", str(out), answers="eligible\ncharge trigger\n\nne\n\n")
    assert code == 0, output
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [r["answer"] for r in rows] == ["eligible", "not_eligible"]
    assert rows[0]["route_or_test_answer"] == "charge-trigger"
    for row in rows:
        assert row["result"] == ("right" if row["answer"] == row["expected"] else "wrong")
        assert row["expected"] in PACE_OPTIONS and row["case"] in TITLES
    code, output = cli("cases", "quiz", "--report", str(tmp_path / "no" / "r.csv"))
    assert code == 2 and "cannot write the report" in output


def test_cases_show_takes_an_id_and_gives_the_expected_answer_in_words():
    code, by_id = cli("cases", "show", "DT-0001")
    assert code == 0, by_id
    code, by_path = cli("cases", "show", str(ROOT / "cases" / "pace-s63b" /
                                             "charged-adult-theft-trigger.yaml"))
    assert by_id.split("\n", 1)[1] == by_path.split("\n", 1)[1]
    expected = by_id.split("Expected answer:")[1]
    assert "Outcome: eligible" in expected
    assert "By the route: Charge condition with a trigger offence" in expected
    assert "Warn before the request" in expected
    assert "{" not in expected and "'outcome'" not in expected


def test_cases_help_describes_every_subcommand_in_full():
    code, output = cli("cases", "--help")
    assert code == 0
    for command in ("run", "show", "quiz", "coverage"):
        line = re.search(rf"^  {command}\s+(.+)$", output, re.M)[1]
        assert not line.endswith("..."), line


@pytest.fixture
def trainer_folder(tmp_path):
    folder = tmp_path / "my-cases"
    folder.mkdir()
    mine = yaml.safe_load((ROOT / "cases" / "pace-s63b" /
                           "charged-adult-theft-trigger.yaml").read_text())
    mine.update(id="TR-1", title="My own case")
    (folder / "mine.yaml").write_text(yaml.safe_dump(mine))
    bare = {k: v for k, v in mine.items() if k != "expect"} | {"id": "TR-2"}
    (folder / "no-answer.yaml").write_text(yaml.safe_dump(bare))
    return folder


def test_quiz_when_a_trainer_case_cannot_be_decided_leaves_it_out_and_goes_on(trainer_folder):
    broken = yaml.safe_load((trainer_folder / "mine.yaml").read_text())
    broken.update(id="TR-3", offences=[{"offence": "Theft Act 1986 s.1", "stage": "charged"}])
    (trainer_folder / "broken.yaml").write_text(yaml.safe_dump(broken))
    code, output = cli("cases", "quiz", str(trainer_folder), "--in-order", answers="e\nct\n")
    assert code == 0, output
    assert f"Case 1 of 2 is left out: Invalid case in {trainer_folder / 'broken.yaml'} " \
           "(offences[0].offence)" in output
    assert "Score: 1 of 1 outcomes right" in output


def test_trainer_folder_runs_and_a_case_with_no_expect_gets_a_clear_message(trainer_folder):
    code, output = cli("cases", "run", str(trainer_folder))
    assert code == 1
    assert f"FAIL {trainer_folder / 'no-answer.yaml'}: this case has no 'expect:' block" in output
    assert "ok   " in output and "1 passed, 1 failed" in output
    code, output = cli("cases", "quiz", str(trainer_folder), answers="e\nct\n")
    assert code == 0 and "no-answer.yaml is left out" in output
    assert "Score: 1 of 1 outcomes right" in output
    code, output = cli("cases", "coverage", str(trainer_folder))
    assert code == 0 and "1 worked cases" in output
    code, output = cli("cases", "run", "TR-9")
    assert code == 2 and "no worked case has this id" in output


def test_bundled_cases_are_where_the_worked_cases_are():
    assert {p.name for p in case_files([bundled_cases()])} >= {"charged-adult-theft-trigger.yaml"}


def spawn(*args: str, columns: int = 60):
    pexpect = pytest.importorskip("pexpect")
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "pocapace.cli.main", *args], env=env,
                          encoding="utf-8", timeout=60, dimensions=(40, columns))
    return child


def test_quiz_in_a_real_terminal_waits_wraps_and_ends_on_ctrl_c_with_the_score(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    report = tmp_path / "r.csv"
    child = spawn("cases", "quiz", "--regime", "pace-s63b", "--seed", "4", "--count", "3",
                  "--report", str(report))
    child.expect(r"Outcome \(.*\)\? ")
    child.sendline("not eligible")
    child.expect("Press Enter for the next case")
    shown = child.before
    notes = shown.split("Teaching note:")[1] if "Teaching note:" in shown else shown
    assert all(len(line.rstrip()) <= 60 for line in notes.splitlines())
    child.sendline("")
    child.expect(r"=== Case 2 of 3")
    child.expect(r"Outcome \(.*\)\? ")
    child.sendintr()
    child.expect("Quiz ended.")
    child.expect(r"Score: \d of 1 outcomes right")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    rows = list(csv.DictReader(report.read_text().splitlines()))
    assert len(rows) == 1 and rows[0]["answer"] == "not_eligible"


@pytest.mark.parametrize("seed", range(8))
def test_quiz_when_most_cases_are_twins_still_keeps_them_apart(seed):
    twins = [RawCase(pace_case(id=f"T{n}"), "t") for n in range(3)]
    others = [RawCase(pace_case(**{"id": f"O{n}", "person.date_of_birth": f"19{50 + n}-01-01",
                                   "detention.station": f"s{n}", "offences": []}), "o")
              for n in range(3)]
    order = [r.data["id"] for r in shuffled(twins + others, seed)]
    assert not any(a.startswith("T") and b.startswith("T") for a, b in zip(order, order[1:],
                                                                           strict=False)), order
