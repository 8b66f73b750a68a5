"""Bad input a new user sends: one clear message naming the file, the field and what was
expected, exit status 2, never a traceback, a hang or exit 1."""

from __future__ import annotations

import json
import pathlib
import pickle
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main
from pocapace.engine.core import errors
from pocapace.engine.law.yamlio import YamlSyntaxError

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "cases" / "exports"
PACE = ROOT / "cases" / "pace-s63b" / "charged-adult-theft-trigger.yaml"
POCA = sorted((ROOT / "cases" / "poca-s75").glob("*.yaml"))[0]
PACE_CASE = PACE.read_text().split("expect:")[0]
POCA_CASE = POCA.read_text().split("expect:")[0]


def run(*args, stdin=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=stdin)


def cli(*args, timeout=60, env=None):
    """The installed command in a process of its own (the default --jobs forks workers)."""
    return subprocess.run([sys.executable, "-c", "from pocapace.cli.entry import run; run()",
                           *[str(a) for a in args]], capture_output=True, text=True,
                          timeout=timeout, env=env)


def one_clear_error(result, *words):
    output = getattr(result, "output", None) or (result.stdout + result.stderr)
    code = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert code == 2, output
    assert "Traceback" not in output
    assert output.count("Error: ") == 1, output
    for word in words:
        assert word in output, output


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


@pytest.mark.parametrize("error", [
    errors.PocapaceError("m"), errors.InputError("m"), errors.RuleFileError("f", "p", "e", "k"),
    errors.CaseFileError("f", "x", "p", ["y"], kind="code table"),
    errors.UnknownReferenceError("offence", "x", ["y"]), errors.EvaluationError("m"),
    YamlSyntaxError("f", "p", 3)])
def test_every_error_class_when_pickled_comes_back_the_same(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)
    assert again.__dict__ == error.__dict__


@pytest.mark.parametrize("table, words", [
    ("code;offence\nTH-01;theft\n", ["code table", "';'"]),
    ("code,offence\nTH-01,nonsense-offence\n", ["row 2, offence", "nonsense-offence"]),
    ("code,offence\nTH-01\n", ["row 2", "code and an offence"]),
    (b"\x00\x01\x02binary", ["not a text file"]),
    (b"code,offence\nTH-01,th\xe9ft\n", ["not UTF-8", "iconv"]),
])
def test_batch_when_codes_bad_exits_2_at_once_with_default_jobs(tmp_path, table, words):
    codes = write(tmp_path, "codes.csv", table)
    result = cli("batch", EXPORTS / "force-export.csv", "--columns", EXPORTS / "force-map.yaml",
                 "--codes", codes, timeout=30)
    one_clear_error(result, "codes.csv", *words)


def test_batch_when_register_has_a_tab_exits_2_naming_the_register(tmp_path):
    register = write(tmp_path, "reg.yaml", "kind: register\n\tareas: []\n")
    result = cli("batch", EXPORTS / "force-export.csv", "--columns", EXPORTS / "force-map.yaml",
                 "--register", register, timeout=30)
    one_clear_error(result, "Invalid register", "reg.yaml", "tab")


def test_check_when_register_broken_is_the_users_error_not_a_broken_rule_file(tmp_path):
    register = write(tmp_path, "reg.yaml", "kind: register\nareas: 3\n")
    result = run("check", PACE, "--register", register)
    one_clear_error(result, "Invalid register", "reg.yaml")
    assert "Broken rule file" not in result.output


def test_batch_when_csv_is_windows_1252_makes_the_row_an_error_record_and_goes_on(tmp_path):
    text = (EXPORTS / "sample.csv").read_text().replace("brixton", "brixton £ é", 1)
    source = write(tmp_path, "excel.csv", text.encode("cp1252"))
    out = tmp_path / "d.jsonl"
    result = run("batch", source, "--out", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 15
    bad = records[0]
    assert bad["outcome"] == "error" and bad["input"]["position"] == "row 2"
    assert "not UTF-8" in bad["error"]["message"] and "byte 389" in bad["error"]["message"]
    assert records[1]["outcome"] != "error"


def test_batch_when_jsonl_has_a_bad_byte_the_line_is_an_error_record(tmp_path):
    good = json.dumps({"regime": "pace-s63b", "id": "G", "at": "2026-03-14T10:00",
                       "offences": [{"offence": "theft", "stage": "arrested"}]})
    source = write(tmp_path, "in.jsonl", (good + "\n").encode() + b'{"id": "\xff"}\n' +
                   (good + "\n").encode())
    out = tmp_path / "d.jsonl"
    assert run("batch", source, "--out", out, "--jobs", 1).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["outcome"] != "error" for r in records] == [True, False, True]
    assert "line 2" in records[1]["error"]["message"]


@pytest.mark.parametrize("args, words", [
    (["batch", EXPORTS / "sample.csv", "--out", "/no/such/folder/d.jsonl"], ["/no/such/folder"]),
    (["batch", EXPORTS / "sample.csv", "--summary", "/no/such/folder/s.json", "--jobs", "1"],
     ["--summary", "does not exist"]),
    (["report", PACE, "--out", "/no/such/folder/r.html"], ["does not exist"]),
])
def test_output_in_a_missing_folder_exits_2_before_any_work(args, words):
    one_clear_error(run(*args), *words)


def test_batch_when_binary_file_named_csv_exits_2(tmp_path):
    source = write(tmp_path, "x.csv", bytes(range(256)) * 4)
    one_clear_error(run("batch", source), "not a text file")


def test_batch_when_format_cannot_be_told_exits_2(tmp_path):
    one_clear_error(run("batch", write(tmp_path, "x.txt", "a")), "Cannot tell the format")


def test_batch_when_input_empty_says_so_unless_allowed(tmp_path):
    source = write(tmp_path, "e.jsonl", "")
    one_clear_error(run("batch", source, "--jobs", 1), "holds no records")
    assert run("batch", source, "--jobs", 1, "--allow-empty").exit_code == 0


def test_check_when_output_cannot_show_a_tick_replaces_it_instead_of_failing():
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii", "LANG": "C"}
    result = subprocess.run([sys.executable, "-c", "from pocapace.cli.entry import run; run()",
                             "check", PACE], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("change, words", [
    (("regime: pace-s63b", "regime: [a, b]"), ["(regime)", "found a list"]),
    (("regime: pace-s63b", "regime: {a: 1}"), ["(regime)"]),
    (("regime: pace-s63b", "regime: pace"), ["Did you mean 'pace-s63b'"]),
    (("date_of_birth:", "dob:"), ["person.dob", "Did you mean 'date_of_birth'"]),
    (("date_of_birth: 1987-05-02", "date_of_birth: 0001-01-01"), ["0001-01-01", "1800-01-01"]),
    (("date_of_birth: 1987-05-02", "date_of_birth: 9999-12-31"), ["9999-12-31"]),
    (("at: 2026-03-14T10:20:00", "at: 9999-12-31T23:59:59"), ["(at)", "9999-12-31"]),
    (("at: 2026-03-14T10:20:00", "at: {from: 2026-01-01}"), ["(at)", "{'from': 2026-01-01}"]),
    (("at: 2026-03-14T10:20:00", "at: 2026-02-30"), ["2026-02-30"]),
    (("at: 2026-03-14T10:20:00", "at: !!timestamp 2026-02-30"), ["2026-02-30"]),
    (("station: brixton", "station: !!int 0xZZ"), ["0xZZ"]),
    (("station: brixton", "station: !!map [1]"), ["!!map"]),
    (("station: brixton", "station: !!set {a, b}"), ["!!set"]),
    (("station: brixton", "station: " + "9" * 5000), ["more than 40"]),
    (("detention:", "? [a, b]\n: 1\ndetention:"), ["a key must be a plain name"]),
    (("detention:", "\tdetention:"), ["tab"]),
    (("sample_already_taken: false", "sample_already_taken: null"), None),
])
def test_check_when_pace_case_fuzzed_exits_2_with_the_users_values(tmp_path, change, words):
    text = PACE_CASE.replace(*change, 1)
    assert text != PACE_CASE
    result = run("check", write(tmp_path, "case.yaml", text))
    if words is None:
        assert result.exit_code == 0, result.output
        return
    one_clear_error(result, "case.yaml", *words)
    assert "datetime.date(" not in result.output and "None" not in result.output


def test_check_when_moment_has_a_time_zone_decides_in_uk_time(tmp_path):
    text = PACE_CASE.replace("at: 2026-03-14T10:20:00", "at: 2026-03-14T10:20:00+05:00")
    result = run("check", write(tmp_path, "case.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["law_at"]["moment"] == "2026-03-14T05:20"


@pytest.mark.parametrize("benefit, words", [
    (".nan", ["NaN"]), ("-.inf", ["infinity"]), ('"-5000"', ["negative"]),
    ("-5000", ["negative"]), ('"1999.995"', ["two decimal places"]),
    ("1999.995", ["two decimal places"]), ("1.0e+400", ["not a real figure"]),
    ('"1e999999"', ["amount of money"]), ('"£3,800"', ["mark the column as money"]),
])
def test_check_when_money_is_odd_refuses_it(tmp_path, benefit, words):
    assert "benefit: 20000" in POCA_CASE
    text = POCA_CASE.replace("benefit: 20000", f"benefit: {benefit}", 1)
    one_clear_error(run("check", write(tmp_path, "case.yaml", text)), "benefit", *words)


@pytest.mark.parametrize("text, words", [
    ("[" * 3000 + "]" * 3000, ["nested"]),
    ('{"regime": "poca-s75", "id": NaN}', ["(id)", "NaN"]),
    ('{"regime": "pace-s63b", "id": ' + "1" * 5000 + "}", ["more than 40 digits"]),
    ("[]", ["holds no case"]),
    ('{"a": 1, "a": 2}', ["duplicate key 'a'"]),
])
def test_check_when_json_fuzzed_exits_2(tmp_path, text, words):
    one_clear_error(run("check", write(tmp_path, "case.json", text)), *words)


def test_check_when_yaml_alias_bomb_refuses_it_quickly(tmp_path):
    lines = ['regime: pace-s63b', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[n]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    result = run("check", write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n"))
    one_clear_error(result, "aliases are expanded")
    assert len(result.output) < 400


def test_check_when_a_list_is_over_the_limit_refuses_it(tmp_path):
    from pocapace.engine.cases import MAX_ITEMS

    offences = "".join("  - {offence: theft, stage: arrested}\n" for _ in range(MAX_ITEMS + 1))
    text = PACE_CASE.split("offences:")[0] + "offences:\n" + offences
    one_clear_error(run("check", write(tmp_path, "case.yaml", text)), "(offences)",
                    f"at most {MAX_ITEMS}")


def test_check_when_bom_before_a_later_document_reads_every_document(tmp_path):
    text = "\ufeff" + PACE_CASE + "---\n\ufeff" + PACE_CASE.replace("DT-0001", "DT-0002")
    result = run("check", write(tmp_path, "two.yaml", text), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == [
        "DT-0001", "DT-0002"]


def test_batch_when_a_record_has_a_lone_surrogate_it_is_an_error_record(tmp_path):
    source = write(tmp_path, "in.jsonl", '{"regime": "pace-s63b", "id": "\\ud800"}\n')
    out = tmp_path / "d.jsonl"
    assert run("batch", source, "--out", out, "--jobs", 1).exit_code == 0
    record = json.loads(out.read_text())
    assert record["outcome"] == "error" and "surrogate" in record["error"]["message"]


def test_batch_when_the_reader_of_its_output_goes_away_stops_quietly():
    command = (f"{sys.executable} -c 'from pocapace.cli.entry import run; run()' batch "
               f"{ROOT / 'cases'} --jobs 2 | head -c 10 > /dev/null; echo $" + "{PIPESTATUS[0]}")
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.stdout.strip() == "141"


def test_batch_when_a_yaml_document_is_over_the_limit_refuses_it_before_reading_it_all(
        tmp_path, monkeypatch):
    from pocapace.engine.law import yamlio

    monkeypatch.setattr(yamlio, "MAX_DOCUMENT_CHARS", 100_000)
    source = write(tmp_path, "in.yaml", PACE_CASE + "---\nnotes: " + "x" * 3_000_000 + "\n")
    out = tmp_path / "d.jsonl"
    assert run("batch", source, "--out", out, "--jobs", 1).exit_code == 0
    first, second = [json.loads(line) for line in out.read_text().splitlines()]
    assert first["outcome"] == "eligible"
    assert second["outcome"] == "error" and "a document of more than" in second["error"][
        "message"]


def test_check_when_register_field_wrong_names_it_in_the_users_values(tmp_path):
    register = write(tmp_path, "reg.yaml", "kind: notification-register\ntitle: t\n"
                                           "description: d\nareas: {a: 2026-01-01}\n")
    result = run("check", PACE, "--register", register)
    one_clear_error(result, "Invalid register", "(areas)", "2026-01-01")
    assert "datetime" not in result.output
