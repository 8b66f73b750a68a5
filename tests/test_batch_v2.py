"""pocapace batch writes decision.v2 records and the rules manifest beside them: every record
expands to the v1 record ``--schema v1`` writes, for decisions, summaries and comparisons."""

from __future__ import annotations

import json
import pathlib

from click.testing import CliRunner

from pocapace.cli.main import main
from pocapace.engine.decision.lean import expand
from pocapace.engine.decision.manifest import manifest_for
from pocapace.engine.decision.v2_schema import LINE

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "cases" / "exports" / "sample.csv"


def run(*args):
    return CliRunner().invoke(main, ["batch", *[str(a) for a in args]])


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def expanded(out: pathlib.Path) -> list[dict]:
    """The records of a v2 output, each decision expanded with the sidecar manifest."""
    found = json.loads((out.parent / (out.name + ".rules.json")).read_text())
    records = []
    for record in lines(out):
        LINE.validate_python(record)
        if "decisions" in record:
            record = {k: v for k, v in record.items() if k != "schema"}
            record["decisions"] = [expand(d, manifest_for(found, d["rules_version"]))
                                   for d in record["decisions"]]
        elif record["outcome"] in ("error", "fault"):
            record = {k: v for k, v in record.items() if k != "schema"}
        else:
            record = expand(record, manifest_for(found, record["rules_version"]))
        records.append(record)
    return records


def test_v2_records_expand_to_the_v1_records_one_per_input_record(tmp_path):
    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    assert run(SAMPLE, "--out", v1, "--schema", "v1", "--jobs", 1).exit_code == 0
    result = run(SAMPLE, "--out", v2, "--jobs", 2)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "v1.jsonl.rules.json").exists()
    assert expanded(v2) == lines(v1)
    assert v2.stat().st_size < v1.stat().st_size / 2


def test_summary_detail_leaves_out_trace_and_would_change(tmp_path):
    full, summary = tmp_path / "full.jsonl", tmp_path / "summary.jsonl"
    run(SAMPLE, "--out", full, "--jobs", 1, "--would-change")
    assert run(SAMPLE, "--out", summary, "--jobs", 1, "--detail", "summary").exit_code == 0
    for whole, short in zip(expanded(full), expanded(summary), strict=True):
        assert "trace" not in short and "would_change" not in short
        assert {k: v for k, v in whole.items() if k not in ("trace", "would_change")} == short


def test_compare_records_embed_v2_decisions_of_each_side(tmp_path):
    v1, v2 = tmp_path / "v1.jsonl", tmp_path / "v2.jsonl"
    days = ("--compare-at", "2023-08-01", "--compare-at", "2023-08-02")
    run(SAMPLE, "--out", v1, "--schema", "v1", "--jobs", 1, *days)
    result = run(SAMPLE, "--out", v2, "--jobs", 1, *days)
    assert "changed not_eligible -> eligible: 2 (EX-003, EX-004)" in result.output
    assert expanded(v2) == lines(v1)


def test_compare_assume_writes_both_rules_versions_in_the_sidecar(tmp_path):
    out = tmp_path / "d.jsonl"
    result = run(SAMPLE, "--out", out, "--jobs", 1, "--compare-assume", "cpa-2026")
    assert result.exit_code == 0, result.output
    found = json.loads((tmp_path / "d.jsonl.rules.json").read_text())
    versions = {m["rules_version"] for m in found["manifests"]}
    assert len(versions) == 2
    decided = [r for r in lines(out) if "decisions" in r]
    assert {d["rules_version"] for r in decided for d in r["decisions"]} == versions
    assert len(expanded(out)) == len(lines(out))


def test_a_resumed_v2_output_is_the_uninterrupted_one_and_keeps_the_route_counts(tmp_path):
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    whole = run(SAMPLE, "--out", full, "--jobs", 1, "--detail", "summary")
    text = full.read_text()
    part.write_text(text[:text.index("\n", len(text) // 2) + 30])  # and a torn line
    result = run(SAMPLE, "--out", part, "--resume", "--jobs", 1, "--detail", "summary")
    assert result.exit_code == 0, result.output
    assert part.read_text() == text
    assert (tmp_path / "part.jsonl.rules.json").exists()
    routes = [line for line in whole.output.splitlines() if line.startswith("routes")]
    assert routes and routes[0] in result.output


def test_resuming_v1_records_as_v2_is_refused(tmp_path):
    out = tmp_path / "d.jsonl"
    run(SAMPLE, "--out", out, "--jobs", 1, "--schema", "v1")
    text = out.read_text()
    out.write_text(text[:text.index("\n") + 1])
    result = run(SAMPLE, "--out", out, "--resume", "--jobs", 1)
    assert result.exit_code == 2
    assert "v1 records, not decision.v2" in result.output


def test_a_record_of_a_rules_version_without_its_manifest_is_not_resumed(tmp_path):
    out = tmp_path / "d.jsonl"
    run(SAMPLE, "--out", out, "--jobs", 1)
    first = json.loads(out.read_text().splitlines()[0])
    out.write_text(json.dumps({**first, "rules_version": "0" * 16}) + "\n")
    (tmp_path / "d.jsonl.rules.json").unlink()
    result = run(SAMPLE, "--out", out, "--resume", "--jobs", 1)
    assert result.exit_code == 2
    assert "rules version 0000000000000000" in result.output


def test_verify_every_checks_v2_lines(tmp_path):
    out = tmp_path / "d.jsonl"
    result = run(SAMPLE, "--out", out, "--jobs", 1, "--verify-every", "1")
    assert result.exit_code == 0, result.output
    assert all(r["schema"] == "decision.v2" for r in lines(out))


def test_summary_detail_needs_v2(tmp_path):
    result = run(SAMPLE, "--schema", "v1", "--detail", "summary")
    assert result.exit_code == 2
    assert "decision.v2" in result.output


def test_rules_manifest_is_the_one_beside_the_output(tmp_path):
    out = tmp_path / "d.jsonl"
    run(SAMPLE, "--out", out, "--jobs", 1, "--assume", "cpa-2026")
    beside = json.loads((tmp_path / "d.jsonl.rules.json").read_text())["manifests"]
    printed = CliRunner().invoke(main, ["rules", "--manifest", "--assume", "cpa-2026"])
    assert printed.exit_code == 0, printed.output
    assert beside == [json.loads(printed.stdout)]
    assert beside[0]["scenario"]["id"] == "cpa-2026"
    assert {r["rules_version"] for r in lines(out) if "rules_version" in r} == {
        beside[0]["rules_version"]}


def test_schema_prints_the_decision_v2_schema():
    printed = CliRunner().invoke(main, ["schema", "--decision"])
    assert printed.exit_code == 0
    schema = json.loads(printed.stdout)
    assert {"DecisionV2", "NodeV2", "ErrorV2", "CompareV2"} <= set(schema["$defs"])
