"""The command line: outputs, exit statuses and error messages."""

from __future__ import annotations

import json
import pathlib

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml"


@pytest.fixture
def run():
    def invoke(*args, stdin=None):
        return CliRunner().invoke(main, [str(a) for a in args], input=stdin)
    return invoke


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


TYPO = """regime: pace-s63b
id: BAD-1
at: 2026-03-14T10:20:00
person: {date_of_birth: 1987-05-02}
detention: {police_area: metropolitan, station: brixton, sample_already_taken: false}
offences:
  - {offence: Theft Act 1986 s.1, stage: arrested}
"""


def test_check_when_offence_misspelt_exits_2_and_suggests(run, tmp_path):
    result = run("check", write(tmp_path, "typo.yaml", TYPO))
    assert result.exit_code == 2
    assert "offences[0].offence" in result.output
    assert "Theft Act 1986 s.1" in result.output
    assert "Did you mean 'Theft Act 1968 s.1" in result.output


def test_check_when_one_file_bad_writes_no_decision(run, tmp_path):
    result = run("check", CASE, write(tmp_path, "typo.yaml", TYPO), "--format", "json")
    assert result.exit_code == 2
    assert "DT-0001" not in result.stdout


@pytest.mark.parametrize("text, words", [
    ("regime: pace-s63b\nid: X\n", ["at", "Field required"]),
    ("regime: parking\nid: X\n", ["regime", "pace-s63b", "poca-s75", "parking"]),
    ("regime: pace-s63b\nid: X\nat: soon\noffences: []\n", ["at"]),
    ("regime: pace-s63b\nid: X\nat: 2026-01-01\noffences: [{offence: theft, stage: held}]\n",
     ["offences[0].stage", "arrested", "charged"]),
    ("regime: pace-s63b\nid: X\nat: 2026-01-01\nsurname: Smith\n"
     "offences: [{offence: theft, stage: arrested}]\n", ["surname", "unknown field"]),
    ("regime: pace-s63b\nid: X\nat: 2026-01-01\ndetention: {police_area: metropolis}\n"
     "offences: [{offence: theft, stage: arrested}]\n",
     ["detention.police_area", "metropolis", "metropolitan"]),
    ("regime: poca-s75\nid: X\njurisdiction: scotland\nconvictions: [{offence: theft}]\n",
     ["jurisdiction", "not supported", "Schedule 4"]),
    ("regime: poca-s75\nid: X\njurisdiction: england-and-wales\n"
     "convictions: [{offence: theft, benefit: 10.001}]\n", ["benefit", "pence"]),
    ("a: [\n", ["line"]),
])
def test_check_when_case_invalid_names_field_and_expectation(run, tmp_path, text, words):
    result = run("check", write(tmp_path, "case.yaml", text))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: ")
    assert "case.yaml" in result.output
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output


def test_check_when_missing_file_exits_2(run, tmp_path):
    result = run("check", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_check_when_json_single_file_prints_one_decision(run):
    result = run("check", CASE, "--format", "json")
    assert result.exit_code == 0
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "eligible"
    for key in ("id", "regime", "routes", "obligations", "missing", "trace", "law_at",
                "rules_version"):
        assert key in decision


def test_check_when_several_files_json_is_one_decision_per_line(run):
    files = sorted((ROOT / "cases" / "pace-s63b").glob("*.yaml"))[:5]
    result = run("check", *files, "--format", "json")
    lines = result.stdout.strip().splitlines()
    assert result.exit_code == 0
    assert len(lines) == 5
    assert all(json.loads(line)["regime"] == "pace-s63b" for line in lines)


def test_check_when_stdin_reads_the_case(run):
    result = run("check", "-", stdin=CASE.read_text())
    assert result.exit_code == 0
    assert "ELIGIBLE" in result.stdout


def test_check_when_at_given_applies_that_days_law(run):
    result = run("check", CASE, "--at", "2004-06-01", "--format", "json")
    decision = json.loads(result.stdout)
    assert decision["law_at"]["date"] == "2004-06-01"
    # Born 1987-05-02, the person was 17 then, and the minimum age on charge was 18.
    assert decision["outcome"] == "not_eligible"


def test_check_when_explain_shows_citations_and_tree(run):
    result = run("check", "--explain", CASE)
    assert "[PACE 1984 s63B(2)(a)]" in result.stdout
    assert "Reasons:" in result.stdout


def test_check_when_text_is_short_and_has_no_tree(run):
    result = run("check", CASE)
    assert "Reasons:" not in result.stdout
    assert len(result.stdout.splitlines()) <= 25


def test_offences_when_query_finds_theft(run):
    result = run("offences", "theft act 1968 s1")
    assert "theft-act-1968/s1 " in result.stdout


def test_rules_when_regime_and_date_lists_rules_in_force(run):
    result = run("rules", "--regime", "pace-s63b", "--at", "2004-06-01")
    assert "charge-condition.trigger" in result.stdout
    assert "arrest-condition.trigger" not in result.stdout


def test_schema_when_regime_prints_json_schema(run):
    result = run("schema", "--regime", "pace-s63b")
    schema = json.loads(result.stdout)
    assert "offences" in schema["properties"]
