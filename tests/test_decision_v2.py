"""decision.v2 keeps the meaning: expanding a v2 record with its rules manifest gives back,
byte for byte, the v1 record of every worked case and of every case of a generated export."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from pocapace.engine.cases import RawCase, validate_case
from pocapace.engine.core.errors import CaseFileError
from pocapace.engine.decision.lean import LeanEncoder, expand
from pocapace.engine.decision.manifest import manifest_for, rules_manifest, sidecar
from pocapace.engine.decision.model import json_line
from pocapace.engine.decision.v2_schema import DecisionV2
from pocapace.engine.tools.batch.columnmap import ColumnMap
from pocapace.engine.tools.batch.inputsize import InputSize
from pocapace.engine.tools.batch.readers import read_records
from pocapace.engine.tools.worked import bundled_cases, case_files, load_worked

ROOT = Path(__file__).resolve().parents[1]
GENERATED = int(os.environ.get("POCAPACE_V2_CASES", "1000"))


def same_record(engine, decision) -> None:
    """v2 (through JSON and back) expands to the v1 record: same bytes, same key order."""
    manifest = rules_manifest(engine)
    lean = json.loads(json_line(LeanEncoder(manifest).record(decision)))
    DecisionV2.model_validate(lean)  # every field is one the schema documents
    through = json.loads(json.dumps(sidecar([manifest])))
    expanded = expand(lean, manifest_for(through, lean["rules_version"]))
    assert json_line(expanded) == json_line(decision.to_json_dict()), decision.id


def worked_cases() -> list[RawCase]:
    return [raw for path in case_files([bundled_cases()]) for raw in load_worked(path)]


def test_every_worked_case_expands_to_its_v1_record(engine):
    cases = worked_cases()
    assert len(cases) > 50
    scenarios = set()
    for raw in cases:
        regime, case = validate_case(raw)
        under = engine.under(case.assume)
        scenarios.add(case.assume)
        same_record(under, under.evaluate(regime, case, raw.where).decision)
    assert len(scenarios) > 1  # some worked cases assume a law scenario


def test_a_generated_export_expands_to_its_v1_records(engine, tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import write_export

    export = tmp_path / "export.csv"
    write_export(export, GENERATED)
    decided = 0
    for record in read_records(str(export), None, ColumnMap(), None, lambda m: None,
                               InputSize()):
        if record.error is not None:
            continue
        try:
            regime, case = validate_case(RawCase(record.data, record.source, record.position))
            decision = engine.decide(regime, case, record.position)
        except CaseFileError:
            continue  # the export's bad records (about 2%)
        same_record(engine, decision)
        decided += 1
    assert decided > GENERATED * 0.9


def test_a_summary_record_has_no_trace_and_expands_without_it(engine):
    raw = worked_cases()[0]
    regime, case = validate_case(raw)
    decision = engine.under(case.assume).decide(regime, case, raw.where)
    manifest = rules_manifest(engine.under(case.assume))
    lean = LeanEncoder(manifest).record(decision, "summary")
    assert "trace" not in lean and "would_change" not in lean
    full = decision.to_json_dict()
    del full["trace"], full["would_change"]
    assert json_line(expand(lean, manifest)) == json_line(full)


def test_a_record_differing_from_the_manifest_says_so_and_still_expands(engine):
    """What a case says unlike the manifest (here a relabelled rule) is written out."""
    raw = worked_cases()[0]
    regime, case = validate_case(raw)
    decision = engine.under(case.assume).decide(regime, case, raw.where)
    decision.trace.label = "another label"
    decision.trace.facts.clear()
    manifest = rules_manifest(engine.under(case.assume))
    lean = LeanEncoder(manifest).record(decision)
    assert lean["trace"]["label"] == "another label"
    assert json_line(expand(lean, manifest)) == json_line(decision.to_json_dict())


def test_a_record_and_a_manifest_of_other_rules_versions_do_not_mix(engine):
    manifest = dict(rules_manifest(engine), rules_version="0" * 16)
    raw = worked_cases()[0]
    regime, case = validate_case(raw)
    decision = engine.under(case.assume).decide(regime, case, raw.where)
    with pytest.raises(ValueError, match="rules version"):
        LeanEncoder(manifest).record(decision)
    with pytest.raises(KeyError, match="no rules manifest"):
        manifest_for(sidecar([manifest]), decision.rules_version)


def test_a_rule_figure_unlike_the_manifest_is_kept_as_it_is(engine):
    """Figures keyed by a rule's id drop its label and citation only where they are the
    manifest's and come first; any other shape comes back unchanged."""
    raw = next(r for r in worked_cases() if r.data.get("regime") == "poca-s75"
               and r.data.get("convictions"))
    regime, case = validate_case(raw)
    decision = engine.decide(regime, case, raw.where)
    relevant = decision.figures["convictions"][0]["relevant_benefit"]
    first, second, *_ = relevant
    relevant[first] = {k: v for k, v in relevant[first].items() if k != "label"}
    relevant[second] = {"total": "£1.00", **relevant[second]}
    lean = LeanEncoder(rules_manifest(engine)).record(decision)
    shown = lean["figures"]["convictions"][0]["relevant_benefit"]
    assert shown[first]["label"] is None and "label" in shown[second]
    assert json_line(expand(lean, rules_manifest(engine))) == json_line(decision.to_json_dict())
