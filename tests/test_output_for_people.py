"""The short decision for people: the custody checklist in order, the one reason, the POCA
figures table, would-change suggestions in plain words, plain marks, help and typos."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import decide, pace_case
from pocapace.cli.main import main
from pocapace.engine.cases import read_cases
from pocapace.engine.decision import people
from pocapace.engine.decision.render import render_text

ROOT = pathlib.Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
WORKED = sorted((CASES / "pace-s63b").glob("*.yaml")) + sorted((CASES / "poca-s75").glob("*.yaml"))
INTERNAL = re.compile(r"rb_[a-z]|offence\[\d\]\.|conviction\[\d\]\.|before-request:|list:|"
                      r"pace-s63b\.(?!md)|poca-s75\.(?!md)|\bnot_eligible\b|\bcriminal_lifestyle\b|"
                      r"\bno_criminal_lifestyle\b")


def short(engine, path: pathlib.Path, **style) -> str:
    return render_text(engine.decide_raw(read_cases(str(path))[0]), **style)


def test_charged_adult_theft_fits_in_25_lines_and_explain_gives_the_trace(engine):
    path = CASES / "pace-s63b" / "charged-adult-theft-trigger.yaml"
    text = short(engine, path)
    assert len(text.splitlines()) <= 25
    assert text.startswith("ELIGIBLE: ")
    assert "Charge condition with a trigger offence" in text.splitlines()[0]
    full = short(engine, path, explain=True)
    assert "Reasons:" in full and "✓ Charge condition - trigger offence" in full


@pytest.mark.parametrize("path", WORKED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_short_text_names_no_internal_identifiers(engine, path):
    text = short(engine, path)
    assert not INTERNAL.findall(text)
    assert "Reasons:" not in text


def test_checklist_runs_in_the_order_things_must_happen(engine):
    case = pace_case(**{"person.date_of_birth": dt.date(2010, 6, 1),
                        "detention.station": "holborn",
                        "detention.brought_before_custody_officer": False,
                        "offences.0.offence": "Criminal Damage Act 1971 s.1(1)",
                        "offences.0.inspector_authorisation": {
                            "rank": "inspector", "suspects_class_a_misuse_contributed": True,
                            "oral": True}})
    decision = decide(engine, case)
    assert decision.outcome == "eligible"
    actions = [step.action for step in people.checklist(decision)]
    expected = ["Bring the person before the custody officer first", "Appropriate adult present",
                "Tell the person of the authorisation and its grounds", "Warn before the request",
                "Request the sample (the request condition)",
                "Sample taken by a prescribed person"]
    positions = [next(n for n, a in enumerate(actions) if a.startswith(e)) for e in expected]
    assert positions == sorted(positions)
    assert actions[-1].startswith(("Record", "Confirm"))
    assert [s.number for s in people.checklist(decision)] == list(range(1, len(actions) + 1))


def test_not_eligible_gives_one_reason_with_the_age_and_the_threshold(engine):
    text = short(engine, CASES / "pace-s63b" / "charged-13-year-old-below-minimum-age.yaml")
    why = [line for line in text.splitlines() if line.startswith("Why not:")]
    assert len(why) == 1
    assert "13 on 14 March 2026" in text and "at least 14 needed" in text


def test_undetermined_lists_the_facts_still_needed(engine):
    text = short(engine, CASES / "pace-s63b" / "arrested-age-unknown-undetermined.yaml")
    assert text.startswith("UNDETERMINED: ")
    assert "Still needed to decide:" in text
    assert "date of birth" in text and "(person.date_of_birth)" in text


def test_poca_figures_table_is_statement_ready(engine):
    path = CASES / "poca-s75" / "tic-benefit-lifts-a-long-running-fraud-to-5000.yaml"
    decision = engine.decide_raw(read_cases(str(path))[0])
    rows = {row.label: row for row in people.figures_table(decision)}
    assert rows["Six-year window for earlier convictions"].value == \
        "9 January 2018 to 8 January 2024"
    assert rows["Offence period"].value == "8 months and 0 days"
    assert rows["Conviction 1"].value == "Fraud Act 2006 s.1"
    assert "offence taken into consideration 1" in rows
    text = render_text(decision)
    assert "£5,000.00" in text and "convictions[0]" not in text


def test_poca_tests_not_met_take_one_row_each_unless_explained(engine):
    path = CASES / "poca-s75" / "a-single-fraud-is-not-a-lifestyle-offence.yaml"
    decision = engine.decide_raw(read_cases(str(path))[0])
    brief = people.figures_table(decision)
    full = people.figures_table(decision, explain=True)
    assert sum(r.label.startswith("Test ") for r in brief) == len(decision.tests)
    assert len(full) > len(brief)


def test_offence_period_counts_months_and_days():
    assert people.offence_period("from 2023-03-01 to 2023-10-31") == "8 months and 0 days"
    assert people.offence_period("from 2023-01-31 to 2023-07-29") == "5 months and 30 days"
    assert people.offence_period("on 2023-01-31") is None


def test_would_change_says_the_change_in_plain_words(engine):
    case = {"regime": "poca-s75", "id": "W", "jurisdiction": "england-and-wales",
            "at": dt.date(2025, 6, 1), "proceedings_started": dt.date(2025, 2, 10),
            "convictions": [{"offence": "Fraud Act 2006 s.1", "benefit": 4250,
                             "committed": {"from": dt.date(2024, 1, 1),
                                           "to": dt.date(2024, 9, 30)}}]}
    decision = decide(engine, case)
    says = [c["says"] for c in decision.would_change]
    assert "£750.00 more relevant benefit" in says
    text = render_text(decision)
    assert "£750.00 more relevant benefit" in text
    assert "no_criminal_lifestyle" not in text and "criminal_lifestyle" not in text


def test_would_change_leaves_out_changing_which_list_an_offence_is_in(engine):
    decision = decide(engine, pace_case(**{"offences.0.offence": "Criminal Damage Act 1971 s.1(1)",
                                           "offences.0.stage": "arrested"}))
    text = render_text(decision)
    assert "an offence in the" not in text
    assert "With an inspector's authorisation" in text


def test_plain_marks_where_the_output_cannot_show_ticks(engine):
    path = CASES / "pace-s63b" / "charged-adult-theft-trigger.yaml"
    text = short(engine, path, explain=True, plain_marks=True)
    assert "✓" not in text and "✗" not in text and "\n  + A sample may be taken" in text


def test_check_under_an_ascii_output_uses_plain_marks_and_pounds():
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    path = CASES / "poca-s75" / "earlier-convictions-a-penny-short-of-5000.yaml"
    result = subprocess.run([sys.executable, "-m", "pocapace.cli.main", "check", "--explain",
                             str(path)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "GBP 5,000.00" in result.stdout and "\n  x " in result.stdout


def test_check_accepts_at_now():
    result = CliRunner().invoke(main, ["check", "--at", "now", "--format", "json",
                                       str(CASES / "pace-s63b" / "charged-adult-theft-trigger.yaml")])
    assert result.exit_code == 0, result.output
    assert dt.date.fromisoformat(result.stdout.split('"date": "')[1][:10]) == dt.date.today()


@pytest.mark.parametrize("command", [[], ["ask"], ["check"], ["report"], ["batch"], ["cases"],
                                     ["cases", "run"], ["cases", "show"], ["cases", "quiz"],
                                     ["cases", "coverage"], ["offences"],
                                     ["rules"], ["schema"]])
def test_every_command_has_h_a_summary_and_an_example(command):
    result = CliRunner().invoke(main, [*command, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "Example" in result.output


def test_a_mistyped_command_gets_did_you_mean():
    result = CliRunner().invoke(main, ["chek", "case.yaml"])
    assert result.exit_code == 2
    assert "Did you mean 'check'" in result.output


def test_a_change_of_age_is_not_worded_as_a_notification(engine):
    path = CASES / "pace-s63b" / "charged-17-year-old-at-station-not-notified-for-under-18s.yaml"
    decision = engine.decide_raw(read_cases(str(path))[0])
    for change in decision.would_change:
        ages = [f for f in change["facts"] if f["fact"] == "person.date_of_birth"]
        if ages:
            assert "notification" not in change["says"] and "age" in change["says"]
        else:
            assert "notification" in change["says"]


def test_a_mistyped_subcommand_gets_did_you_mean():
    result = CliRunner().invoke(main, ["cases", "rnu"])
    assert result.exit_code == 2
    assert "Did you mean 'run'" in result.output


def test_the_top_level_help_lists_every_command_without_importing_them():
    import subprocess
    import sys

    from pocapace.cli.main import COMMANDS, SUMMARIES

    assert set(SUMMARIES) == set(COMMANDS)
    probe = ("import sys; sys.argv = ['pocapace', '--help']\n"
             "from pocapace.cli.main import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "from pocapace.cli.main import COMMANDS\n"
             "print(sorted(m for m in sys.modules if m in {c for c, _ in COMMANDS.values()}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    for name, summary in SUMMARIES.items():
        assert name in out and summary.split(":")[0][:20] in out.replace("\n", " ")
    assert out.strip().splitlines()[-1] == "[]"
