"""Law scenarios: provisions without a commencement are never the law in force; a scenario
gives them days (or changes a list from a day), says so in the decision, and changes the
rules version."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from conftest import decide, pace_case
from pocapace.cli.main import main
from pocapace.engine.api import get_engine
from pocapace.engine.core.errors import RuleFileError
from pocapace.engine.law.loader import load_regime, rules_root
from pocapace.engine.law.scenarios import load_commencements

LATER = dt.datetime(2027, 6, 1, 11)
CANNABIS = pace_case(**{"at": LATER, "offences": [
    {"offence": "Misuse of Drugs Act 1971 s.5(2)", "drug": "cannabis", "stage": "arrested"}]})


def periods(node):
    """Every in-force period anywhere in a validated rule file model."""
    if isinstance(node, list):
        for item in node:
            yield from periods(item)
    elif hasattr(type(node), "model_fields"):
        if type(node).__name__ == "Period":
            yield node
        for name in type(node).model_fields:
            yield from periods(getattr(node, name))
    elif isinstance(node, dict):
        for value in node.values():
            yield from periods(value)


@pytest.mark.parametrize("regime", ["pace-s63b", "poca-s75"])
def test_a_provision_with_no_commencement_is_never_in_force(regime):
    pending = {cid for cid, c in load_commencements(rules_root()).items() if c.date is None}
    files = load_regime(rules_root(), regime)
    found = [p for p in periods([files.header, [e for _, e in files.rules], files.lists,
                                 files.drug_sets, files.dated_sets]) if p.commenced in pending]
    assert found, "the rule set encodes provisions awaiting commencement"
    for period in found:
        assert period.never and not period.contains(dt.date(2099, 1, 1))


def test_the_scenario_decides_differently_and_says_so(engine):
    assert decide(engine, CANNABIS).outcome == "not_eligible"
    under = get_engine(scenario="cpa-2026")
    decision = decide(under, CANNABIS)
    assert decision.outcome == "eligible"
    assert decision.law_at.scenario["id"] == "cpa-2026"
    assert decision.rules_version != engine.version
    assert decision.input_hash == decide(engine, CANNABIS).input_hash


def test_the_day_before_an_assumed_commencement_the_law_is_unchanged():
    day_before = {**CANNABIS, "at": dt.datetime(2027, 3, 31, 11)}
    assert decide(get_engine(scenario="cpa-2026"), day_before).outcome == "not_eligible"


def test_a_users_scenario_adds_and_removes_list_entries_from_a_day(tmp_path):
    scenario = tmp_path / "local.yaml"
    scenario.write_text(
        "kind: scenario\nid: local\ntitle: criminal damage a trigger offence, theft not\n"
        "description: a test\nlists:\n"
        "  - {list: trigger-offences, change: add, group: theft-act, "
        "offence: criminal-damage-act-1971/s1, from: 2027-01-01}\n"
        "  - {list: trigger-offences, change: remove, offence: theft-act-1968/s1, "
        "from: 2027-01-01}\n")
    engine = get_engine(scenario=str(scenario))
    damage = pace_case(**{"at": LATER, "offences": [
        {"offence": "Criminal Damage Act 1971 s.1", "stage": "arrested"}]})
    theft = pace_case(**{"at": LATER, "offences": [
        {"offence": "Theft Act 1968 s.1", "stage": "arrested"}]})
    assert decide(engine, damage).outcome == "eligible"
    assert decide(engine, theft).outcome == "not_eligible"
    before = {**theft, "at": dt.datetime(2026, 12, 31, 11)}
    assert decide(engine, before).outcome == "eligible"


def test_a_scenario_naming_an_unknown_commencement_is_refused(tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text("kind: scenario\nid: bad\ntitle: t\ndescription: d\n"
                        "commencements: {cpa-2099-everything: 2030-01-01}\n")
    with pytest.raises(RuleFileError, match="cpa-2099-everything"):
        get_engine(scenario=str(scenario))


def test_check_under_a_scenario_says_so_in_its_first_line(tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(CANNABIS, default=str))
    result = CliRunner().invoke(main, ["check", str(case), "--assume", "cpa-2026"])
    assert result.exit_code == 0, result.output
    assert "UNDER LAW SCENARIO 'cpa-2026'" in result.output.splitlines()[0]
    result = CliRunner().invoke(main, ["check", str(case), "--assume", "no-such-scenario"])
    assert result.exit_code == 2
    assert "no such law scenario" in result.output


def test_batch_compares_the_law_with_a_scenario_over_an_export(tmp_path):
    source = tmp_path / "in.jsonl"
    theft = pace_case(**{"at": LATER, "id": "THEFT", "offences": [
        {"offence": "Theft Act 1968 s.1", "stage": "arrested"}]})
    source.write_text("\n".join(json.dumps(c, default=str) for c in
                                ({**CANNABIS, "id": "CANNABIS"}, theft)) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(out), "--jobs", "1",
                                       "--compare-assume", "cpa-2026"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["CANNABIS", "THEFT"]
    assert [r["changed"] for r in records] == [True, False]
    assert [c["outcome"] for c in records[0]["compare"]] == ["not_eligible", "eligible"]
    assert records[0]["compare"][1]["law"] == "cpa-2026"
    assert "changed not_eligible -> eligible: 1 (CANNABIS)" in result.output


def test_batch_under_a_scenario_records_it_in_every_decision(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(CANNABIS, default=str) + "\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--out", str(out), "--jobs", "1",
                                       "--assume", "cpa-2026"])
    assert result.exit_code == 0, result.output
    decision = json.loads(out.read_text())
    assert decision["outcome"] == "eligible"
    assert decision["law_at"]["scenario"]["id"] == "cpa-2026"
