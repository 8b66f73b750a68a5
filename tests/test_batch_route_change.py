"""Under --compare-at, a case whose outcome stays the same but whose route changes is reported
as a route change, not as an outcome change; the CSV gives the routes before beside the outcome
before."""

from __future__ import annotations

import csv
import pathlib

from click.testing import CliRunner

from conftest import decide, pace_case
from pocapace.cli.batch import _report
from pocapace.cli.main import main
from pocapace.engine.tools.batch.records import OutputRecord
from pocapace.engine.tools.batch.resume import _csv_record
from pocapace.engine.tools.batch.run import Summary, summary_json
from pocapace.engine.tools.batch.summary_row import summary_row

EXPORTS = pathlib.Path(__file__).resolve().parents[1] / "cases" / "exports"
ROUTE = OutputRecord(0, "A", "", "eligible", ["charge-trigger"], ("eligible", "eligible"),
                     ["arrest-trigger"])
OUTCOME = OutputRecord(1, "B", "", "eligible", ["arrest-trigger"], ("not_eligible", "eligible"),
                       [])


def summary() -> Summary:
    found = Summary()
    found.add(ROUTE)
    found.add(OUTCOME)
    return found


def test_only_a_route_change_is_not_counted_as_an_outcome_change():
    found = summary()
    assert found.changed == {("not_eligible", "eligible"): ["B"]}
    assert found.route_changes == {("eligible", "arrest-trigger", "charge-trigger"): ["A"]}
    assert '"eligible: arrest-trigger -> charge-trigger": [' in summary_json(found)


def test_the_report_names_route_changes_apart(capsys):
    _report(summary())
    err = capsys.readouterr().err
    assert "changed not_eligible -> eligible: 1 (B)" in err
    assert "route changed, still eligible, arrest-trigger -> charge-trigger: 1 (A)" in err
    assert "changed eligible -> eligible" not in err


def test_the_csv_row_gives_the_outcome_and_routes_before(engine):
    before = decide(engine, pace_case(offences=[{"offence": "theft", "stage": "arrested"}]))
    after = decide(engine, pace_case())
    row = summary_row(after, after.met_labels(), compare=(before, [], "before at 2026-01-01"))
    assert (row["before"], row["routes_before"]) == ("eligible", "arrest-trigger")
    assert row["compared"] == "before at 2026-01-01"
    assert (row["outcome"], row["routes_or_tests"]) == ("eligible", "charge-trigger")


def test_a_resumed_csv_keeps_a_route_change():
    _, record = _csv_record({"id": "A", "outcome": "eligible", "routes_or_tests": "charge-trigger",
                             "before": "eligible", "routes_before": "arrest-trigger",
                             "position": "line 2"})
    assert (record.changed, record.labels_before) == (("eligible", "eligible"),
                                                      ["arrest-trigger"])
    _, same = _csv_record({"id": "A", "outcome": "eligible", "routes_or_tests": "charge-trigger",
                           "before": "eligible", "routes_before": "charge-trigger",
                           "position": "line 2"})
    assert same.changed is None


def test_a_compared_csv_labels_which_side_is_before_and_which_after(tmp_path):
    out = tmp_path / "d.csv"
    result = CliRunner().invoke(main, ["batch", str(EXPORTS / "sample.csv"), "--compare-at",
                                       "2023-08-01", "--compare-at", "2023-08-02", "--format",
                                       "csv", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.read_text().splitlines()))
    decided = [r for r in rows if r["outcome"] not in ("error", "fault")]
    assert decided and {r["compared"] for r in decided} == {
        "before at 2023-08-01; after at 2023-08-02"}
    changed = next(r for r in rows if r["id"] == "EX-003")
    assert (changed["before"], changed["outcome"]) == ("not_eligible", "eligible")
