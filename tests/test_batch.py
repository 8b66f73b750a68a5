"""pocapace batch end to end: formats, column maps, error records, order, resume, CSV safety,
and law-change comparison."""

from __future__ import annotations

import csv
import json
import pathlib

import pytest
from click.testing import CliRunner

from pocapace.cli.main import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "cases" / "exports"
PACE = sorted((ROOT / "cases" / "pace-s63b").glob("*.yaml"))


def run(*args):
    return CliRunner().invoke(main, ["batch", *[str(a) for a in args]])


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_when_sample_csv_gives_one_record_per_case_in_order(tmp_path):
    out = tmp_path / "d.jsonl"
    result = run(EXPORTS / "sample.csv", "--out", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    records = lines(out)
    assert [r.get("id") for r in records] == [
        "EX-001", "EX-002", "EX-003", "EX-004", "EX-005", "EX-006", "EX-007", "EX-008",
        "EX-009", "FI-101", "FI-102", "FI-103", "FI-104", "FI-105", None]
    assert records[1]["input"]["position"] == "rows 3-4"
    assert "15 records" in result.output


@pytest.mark.parametrize("case_id, position, words", [
    ("EX-008", "row 10", ["offences[0].offence", "Theft Act 1968 s.1"]),
    ("EX-009", "row 11", ["(at)", "datetime"]),
    (None, "row 20", ["expected 23 cells, found 6"]),
])
def test_batch_when_record_bad_writes_error_record_with_position(tmp_path, case_id, position,
                                                                  words):
    out = tmp_path / "d.jsonl"
    run(EXPORTS / "sample.csv", "--out", out, "--jobs", 1)
    record = next(r for r in lines(out) if r["input"]["position"] == position)
    assert record["outcome"] == "error"
    assert record.get("id") == case_id
    for word in words:
        assert word in record["error"]["message"]


def test_batch_when_strict_and_errors_exits_3(tmp_path):
    result = run(EXPORTS / "sample.csv", "--out", tmp_path / "d.jsonl", "--strict", "--jobs", 1)
    assert result.exit_code == 3


def test_batch_when_jobs_2_output_equals_jobs_1(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run(ROOT / "cases", "--out", one, "--jobs", 1)
    run(ROOT / "cases", "--out", two, "--jobs", 2)
    assert one.read_text() == two.read_text()
    assert len(lines(one)) == len([p for p in (ROOT / "cases").rglob("*.yaml")])


def test_batch_when_a_worker_cannot_start_fails_instead_of_hanging(tmp_path, monkeypatch):
    """A worker that cannot build its engine must stop the batch (workers are forked, so the
    patched function is theirs too); a pool initializer that raises would respawn for ever."""
    from pocapace.engine.tools.batch import run as batch_run

    def broken(*args):
        raise RuntimeError("engine could not start")

    monkeypatch.setattr(batch_run, "_engine", broken)
    options = batch_run.BatchOptions(str(EXPORTS / "sample.csv"), out=tmp_path / "o.jsonl", jobs=2)
    with pytest.raises(RuntimeError, match="could not start"):
        batch_run.run_batch(options)


def test_batch_when_jsonl_and_yaml_and_folder_decide_the_same_cases(tmp_path):
    from pocapace.engine.law.yamlio import load_yaml_text

    cases = [load_yaml_text(p.read_text(), str(p)) for p in PACE[:6]]
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps(c, default=str) for c in cases) + "\n")
    yaml_stream = tmp_path / "in.yaml"
    yaml_stream.write_text("---\n".join(p.read_text() for p in PACE[:6]))
    folder = tmp_path / "folder"
    folder.mkdir()
    for path in PACE[:6]:
        (folder / path.name).write_text(path.read_text())
    outcomes = []
    for source in (jsonl, yaml_stream, folder):
        out = tmp_path / f"{source.name}.out"
        assert run(source, "--out", out, "--jobs", 1).exit_code == 0
        outcomes.append([(r["id"], r["outcome"]) for r in lines(out)])
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert len(outcomes[0]) == 6


def test_batch_when_column_map_and_codes_reads_force_export(tmp_path):
    out = tmp_path / "d.csv"
    result = run(EXPORTS / "force-export.csv", "--columns", EXPORTS / "force-map.yaml",
                 "--codes", EXPORTS / "force-codes.csv", "--format", "csv", "--out", out,
                 "--jobs", 1)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert [(r["id"], r["outcome"], r["routes_or_tests"]) for r in rows] == [
        ("MPS/26/0001", "eligible", "arrest-trigger"),
        ("MPS/26/0002", "eligible", "arrest-trigger"),
        ("WMP/26/0003", "eligible", "charge-trigger"),
    ]


def test_batch_when_csv_cell_starts_like_a_formula_neutralises_it(tmp_path):
    source = tmp_path / "in.jsonl"
    case = {"regime": "pace-s63b", "id": "=HYPERLINK(\"x\")", "at": "2026-03-14T10:20:00",
            "detention": {"police_area": "metropolitan", "station": "brixton",
                          "sample_already_taken": False},
            "offences": [{"offence": "-theft", "stage": "arrested"}]}
    source.write_text(json.dumps(case) + "\n")
    out = tmp_path / "d.csv"
    run(source, "--format", "csv", "--out", out, "--jobs", 1)
    row = next(csv.DictReader(out.read_text().splitlines()))
    assert row["id"] == "'=HYPERLINK(\"x\")"
    assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_batch_when_resumed_after_interruption_completes_without_duplicates(tmp_path):
    full, partial = tmp_path / "full.jsonl", tmp_path / "partial.jsonl"
    run(ROOT / "cases", "--out", full, "--jobs", 1)
    text = full.read_text()
    cut = text.index("\n", len(text) // 2) + 40  # half the records and a torn line
    partial.write_text(text[:cut])
    result = run(ROOT / "cases", "--out", partial, "--resume", "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output
    assert sorted(partial.read_text().splitlines()) == sorted(text.splitlines())


def test_batch_when_compare_at_reports_changed_cases(tmp_path):
    out = tmp_path / "d.jsonl"
    result = run(EXPORTS / "sample.csv", "--compare-at", "2023-08-01", "--compare-at",
                 "2023-08-02", "--out", out, "--jobs", 1)
    assert "changed not_eligible -> eligible: 2 (EX-003, EX-004)" in result.output
    record = next(r for r in lines(out) if r.get("id") == "EX-003")
    assert record["changed"] is True
    change = record["changes"][0]
    assert change["rule"] == "pace-s63b.arrest-condition.trigger"
    assert "specified Class A drug" in " ".join(change["facts"][0]["reasons_after"])


def test_batch_when_rows_of_a_case_are_not_consecutive_decides_each_group(tmp_path):
    source = tmp_path / "in.csv"
    header = "id,regime,at,person.date_of_birth,detention.police_area,detention.station," \
             "detention.sample_already_taken,offence,stage\n"
    row = "{},pace-s63b,2026-03-14T10:00,1980-01-01,metropolitan,brixton,false,{},arrested\n"
    source.write_text(header + row.format("A", "Theft Act 1968 s.1") +
                      row.format("B", "Theft Act 1968 s.1") + row.format("A", "theft"))
    out = tmp_path / "d.jsonl"
    run(source, "--out", out, "--jobs", 1)
    assert [(r["id"], r["input"]["position"]) for r in lines(out)] == [
        ("A", "row 2"), ("B", "row 3"), ("A", "row 4")]
