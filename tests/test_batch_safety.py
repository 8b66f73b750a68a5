"""Nothing lost, nothing wrong: batch never destroys its input, resumes exactly, turns a fault
in one record into a fault record and goes on, and records every file a decision used."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys

import pytest
from test_batch import EXPORTS, PACE, ROOT, run
from test_batch import lines as records
from test_fuzz import fuzz


@pytest.fixture(scope="module")
def cases_jsonl(tmp_path_factory):
    """120 worked cases as JSON Lines, each with its own id."""
    from pocapace.engine.law.yamlio import load_yaml_text

    base = [load_yaml_text(p.read_text(), str(p)) for p in PACE]
    lines = []
    for n in range(120):
        case = dict(base[n % len(base)], id=f"K-{n:03d}")
        lines.append(json.dumps(case, default=str))
    path = tmp_path_factory.mktemp("in") / "k.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("extra", [[], ["--resume"]])
def test_batch_when_out_is_the_input_refuses_and_keeps_the_input(tmp_path, cases_jsonl, extra):
    source = tmp_path / "j.jsonl"
    shutil.copy(cases_jsonl, source)
    before = source.read_bytes()
    result = run(source, "--out", source, "--jobs", 1, *extra)
    assert result.exit_code == 2, result.output
    assert "is the input" in result.output
    assert source.read_bytes() == before


def test_batch_when_out_is_a_link_to_the_input_refuses(tmp_path):
    source = tmp_path / "j.csv"
    shutil.copy(EXPORTS / "sample.csv", source)
    link = tmp_path / "link.csv"
    os.link(source, link)
    result = run(source, "--out", link, "--jobs", 1)
    assert result.exit_code == 2 and "is the input" in result.output
    assert source.read_bytes() == (EXPORTS / "sample.csv").read_bytes()


def test_batch_when_run_fails_early_keeps_the_previous_output(tmp_path):
    out = tmp_path / "d.jsonl"
    out.write_text("earlier results\n")
    source = tmp_path / "noid.csv"
    source.write_text("regime,at,offence,stage\npace-s63b,2026-01-01,theft,arrested\n")
    assert run(source, "--out", out, "--jobs", 1).exit_code == 2
    assert out.read_text() == "earlier results\n"
    assert not (tmp_path / "d.jsonl.partial").exists()


def test_batch_resume_when_input_is_named_another_way_adds_no_duplicates(tmp_path, cases_jsonl,
                                                                        monkeypatch):
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    assert run(cases_jsonl, "--out", full, "--jobs", 1).exit_code == 0
    text = full.read_text().splitlines(keepends=True)
    part.write_text("".join(text[:60]))
    monkeypatch.chdir(cases_jsonl.parent)
    result = run("./k.jsonl", "--out", part, "--resume", "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert len(records(part)) == 120


def test_batch_resume_when_input_differs_refuses(tmp_path, cases_jsonl):
    out = tmp_path / "d.jsonl"
    run(cases_jsonl, "--out", out, "--jobs", 1)
    lines = out.read_text().splitlines(keepends=True)
    out.write_text("".join(lines[:30]))
    other = tmp_path / "other.jsonl"
    other.write_text("".join(cases_jsonl.read_text().splitlines(keepends=True)[1:]))
    result = run(other, "--out", out, "--resume", "--jobs", 1)
    assert result.exit_code == 2, result.output
    assert "Cannot resume" in result.output
    assert out.read_text() == "".join(lines[:30])


def _interrupt():
    raise KeyboardInterrupt


def test_batch_resume_when_the_answered_records_changed_refuses_by_their_hash(tmp_path,
                                                                             cases_jsonl,
                                                                             monkeypatch):
    source, out = tmp_path / "k.jsonl", tmp_path / "d.jsonl"
    lines = cases_jsonl.read_text().splitlines(keepends=True)
    source.write_text("".join(lines))
    with monkeypatch.context() as patch:
        _poisoned(patch, _interrupt, "K-070")
        result = run(source, "--out", out, "--jobs", 1)
    assert "--resume" in result.output
    assert len(records(out)) == 50
    changed = json.loads(lines[2])
    changed["at"] = "2025-01-01T09:00:00"
    source.write_text("".join(lines[:2] + [json.dumps(changed) + "\n"] + lines[3:]))
    assert source.stat().st_size == cases_jsonl.stat().st_size  # the same size, other content
    result = run(source, "--out", out, "--resume", "--jobs", 1)
    assert result.exit_code == 2, result.output
    assert "are not the ones the output was made from" in result.output


def test_batch_resume_summary_covers_the_whole_output(tmp_path, cases_jsonl):
    full, part = tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    whole, resumed = tmp_path / "whole.json", tmp_path / "resumed.json"
    run(cases_jsonl, "--out", full, "--jobs", 1, "--summary", whole)
    part.write_text("".join(full.read_text().splitlines(keepends=True)[:45]))
    result = run(cases_jsonl, "--out", part, "--resume", "--jobs", 1, "--summary", resumed)
    assert "75 records decided" in result.output and "45 records skipped" in result.output
    first, second = json.loads(whole.read_text()), json.loads(resumed.read_text())
    assert second["records"] == 120 and second["skipped"] == 45
    assert second["outcomes"] == first["outcomes"]
    assert second["routes_or_tests"] == first["routes_or_tests"]
    assert part.read_text() == full.read_text()


def _poisoned(monkeypatch, how, case_id="K-007"):
    """Make deciding the case with id ``case_id`` fail the way ``how`` says."""
    from pocapace.engine.api import Engine

    decide = Engine.decide

    def poisoned(self, regime, case, source, at=None):
        if case.id == case_id:
            how()
        return decide(self, regime, case, source, at)

    monkeypatch.setattr(Engine, "decide", poisoned)


def _crash():
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_when_one_record_faults_writes_a_fault_record_and_goes_on(tmp_path, cases_jsonl,
                                                                      monkeypatch, jobs):
    _poisoned(monkeypatch, _crash)
    out, summary = tmp_path / "d.jsonl", tmp_path / "s.json"
    result = run(cases_jsonl, "--out", out, "--jobs", jobs, "--strict", "--summary", summary)
    assert result.exit_code == 3, result.output
    found = records(out)
    assert [r["id"] for r in found] == [f"K-{n:03d}" for n in range(120)]
    fault = found[7]
    assert fault["outcome"] == "fault" and fault["input"]["position"] == "line 8"
    assert "ZeroDivisionError" in fault["error"]["message"]
    assert json.loads(summary.read_text())["faults"] == 1


def test_batch_when_a_worker_dies_on_a_record_only_that_record_is_a_fault(tmp_path, cases_jsonl,
                                                                         monkeypatch):
    _poisoned(monkeypatch, lambda: os._exit(9))
    out = tmp_path / "d.jsonl"
    result = run(cases_jsonl, "--out", out, "--jobs", 2)
    assert result.exit_code == 0, result.output
    found = records(out)
    assert [r["id"] for r in found] == [f"K-{n:03d}" for n in range(120)]
    assert [r["outcome"] == "fault" for r in found].count(True) == 1
    assert "stopped unexpectedly" in found[7]["error"]["message"]


def test_batch_when_a_csv_cell_is_over_the_field_limit_the_row_is_an_error_record(tmp_path):
    source = tmp_path / "big.csv"
    text = (EXPORTS / "sample.csv").read_text().splitlines(keepends=True)
    huge = text[1].replace("brixton", "b" * 200_000, 1)
    source.write_text(text[0] + huge + "".join(text[2:]))
    out = tmp_path / "d.jsonl"
    result = run(source, "--out", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    found = records(out)
    assert found[0]["outcome"] == "error" and "cell longer than" in found[0]["error"]["message"]
    assert len(found) == 15 and found[1]["id"] == "EX-002"


def test_batch_records_the_register_and_code_table_each_decision_used(tmp_path):
    register = ROOT / "rules" / "registers" / "notification-register.yaml"
    other = tmp_path / "register.yaml"
    other.write_text(register.read_text() + "\n# a copy with a comment\n")
    args = [EXPORTS / "force-export.csv", "--columns", EXPORTS / "force-map.yaml", "--codes",
            EXPORTS / "force-codes.csv", "--jobs", 1]
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run(*args, "--out", first).exit_code == 0
    assert run(*args, "--out", second, "--register", other).exit_code == 0
    a, b = records(first)[0]["input"], records(second)[0]["input"]
    assert a["code_table_hash"] == b["code_table_hash"]
    assert a["register_hash"] != b["register_hash"]


def test_column_map_warns_once_of_unmapped_headers_and_refuses_unknown_columns(tmp_path):
    text = (EXPORTS / "force-map.yaml").read_text()
    typo = tmp_path / "typo.yaml"
    typo.write_text(text.replace("Drug: drug", "Drugs: drug"))
    result = run(EXPORTS / "force-export.csv", "--columns", typo, "--codes",
                 EXPORTS / "force-codes.csv", "--jobs", 1)
    assert result.exit_code == 0, result.output
    assert result.output.count("Warning:") == 1 and "'Drug'" in result.output
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("CHG: charged", "CHG: chargd"))
    result = run(EXPORTS / "force-export.csv", "--columns", wrong, "--jobs", 1)
    assert result.exit_code == 2
    assert "Invalid column map" in result.output and "Did you mean 'charged'" in result.output


def test_csv_without_an_id_column_is_refused(tmp_path):
    source = tmp_path / "noid.csv"
    source.write_text("regime,at,offence,stage\npace-s63b,2026-01-01,theft,arrested\n")
    result = run(source, "--jobs", 1)
    assert result.exit_code == 2 and "no 'id' column" in result.output


def test_column_map_constants_and_money_columns_are_read_exactly(tmp_path):
    source = tmp_path / "fi.csv"
    source.write_text("Ref,Offence,Benefit,Committed\n"
                      "FI-1,Fraud Act 2006 s.1,\"£3,800\",01/02/2024\n"
                      "FI-1,Fraud Act 2006 s.1,\"12,500.00\",01/03/2024\n"
                      "FI-2,Fraud Act 2006 s.1,\"-5,000\",01/03/2024\n")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("regime: poca-s75\ncolumns: {Ref: id, Offence: offence, Benefit: benefit,"
                       " Committed: committed.on}\nconstants: {jurisdiction: england-and-wales,"
                       " at: 2025-01-10, proceedings_started: 2024-06-01}\nmoney: [benefit]\n")
    out = tmp_path / "d.jsonl"
    result = run(source, "--columns", mapping, "--out", out, "--jobs", 1)
    assert result.exit_code == 0, result.output
    first, second = records(out)
    assert first["outcome"] != "error", first
    assert "16300.00" in json.dumps(first["figures"]) or "16,300.00" in json.dumps(first)
    assert second["outcome"] == "error" and "negative" in second["error"]["message"]


def test_batch_interrupted_by_signals_and_resumed_gives_the_uninterrupted_output(tmp_path,
                                                                               cases_jsonl):
    source = tmp_path / "long.jsonl"
    source.write_text("".join(cases_jsonl.read_text() for _ in range(6)))
    reference = tmp_path / "reference.jsonl"
    assert run(source, "--out", reference, "--jobs", 1).exit_code == 0
    expected = reference.read_bytes()
    assert len(expected.splitlines()) == 720
    kinds = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL]
    for jobs in (1, 2):
        assert fuzz.interrupt_chain(source, tmp_path / f"out-{jobs}.jsonl", expected, jobs,
                                    kinds * 2, random.Random(jobs)) == []


#: ``pocapace batch ...`` whose worker deciding K-057 sends half of its records, then sends
#: SIGTERM to the batch and waits (as if stopped half-way through sending them).
TORN_SEND = """
import os, signal, time
from multiprocessing import connection
from pocapace.engine.api import Engine
from pocapace.cli.entry import run

parent, decide = os.getpid(), Engine.decide

def torn(self, buf, write=os.write):
    if len(buf) <= 4:  # a long message's length, sent on its own
        write(self.fileno(), bytes(buf))
        return
    write(self.fileno(), bytes(buf)[: len(buf) // 2])
    os.kill(parent, signal.SIGTERM)
    while True:
        time.sleep(1)

def poisoned(self, regime, case, source, at=None):
    if case.id == "K-057" and os.getpid() != parent:
        connection.Connection._send = torn
    return decide(self, regime, case, source, at)

Engine.decide = poisoned
run()
"""


def test_batch_stopped_while_a_worker_sends_its_records_ends_and_resumes(tmp_path, cases_jsonl):
    """Stopping workers killed one half-way through sending its records, and the batch then
    waited for ever for the rest of them."""
    reference, out = tmp_path / "reference.jsonl", tmp_path / "d.jsonl"
    assert run(cases_jsonl, "--out", reference, "--jobs", 1).exit_code == 0
    expected = reference.read_bytes()
    stopped = subprocess.run([sys.executable, "-c", TORN_SEND, "batch", str(cases_jsonl),
                              "--out", str(out), "--jobs", "2"],
                             capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 128 + signal.SIGTERM, stopped.stderr
    assert "--resume" in stopped.stderr and "Traceback" not in stopped.stderr
    written = out.read_bytes() if out.exists() else b""
    assert expected.startswith(written) and written.count(b"\n") in (0, 50)
    result = run(cases_jsonl, "--out", out, "--jobs", 2, "--resume")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == expected


def test_csv_output_resumes_to_the_same_rows(tmp_path, cases_jsonl):
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    run(cases_jsonl, "--out", full, "--format", "csv", "--jobs", 1)
    rows = full.read_text().splitlines(keepends=True)
    part.write_text("".join(rows[:50]))
    assert run(cases_jsonl, "--out", part, "--format", "csv", "--resume", "--jobs", 1
               ).exit_code == 0
    assert part.read_text() == full.read_text()
    assert len(list(csv.DictReader(part.read_text().splitlines()))) == 120


def test_host_when_a_session_fails_leaves_no_state_and_one_it_keeps_is_never_met_again():
    import itertools

    import durable_rules_engine as rete

    from pocapace.engine.core.errors import EvaluationError
    from pocapace.engine.network.host import _fnv1a32, shared_host

    host = shared_host()
    host.register("leak-test", {"r": {"all": [{"m": {"$and": [{"t": "a"}]}}], "run": "r"}})
    handle = host._handles["leak-test"]

    def failing(action, matched, conclude):
        raise EvaluationError("boom")

    host._sessions = itertools.count(90_001)
    with pytest.raises(EvaluationError):
        host.run("leak-test", [{"t": "a"}], failing)
    with pytest.raises(rete.error):
        rete.get_state(handle, "90001")
    host.run("leak-test", [{"t": "unused"}], lambda *args: None)  # kept by the engine
    kept = _fnv1a32("90002")
    assert kept in host._kept
    assert all(_fnv1a32(host._new_sid()) != kept for _ in range(1000))


def _big_case():
    from pocapace.engine.law.yamlio import load_yaml_text

    case = load_yaml_text(PACE[0].read_text(), str(PACE[0]))
    case = {k: v for k, v in case.items() if k not in ("expect", "notes")}
    case["offences"] = case["offences"] * 100
    return case


def test_decision_after_hundreds_of_sessions_is_the_one_a_fresh_process_gives(tmp_path):
    """The engine told facts apart by a hash that included the session number: session 748
    of a process mistook two facts of this case for one ("asserted twice")."""
    import itertools

    from pocapace.engine.api import Engine
    from pocapace.engine.cases import RawCase
    from pocapace.engine.network.host import shared_host

    case = _big_case()
    source = tmp_path / "big.jsonl"
    source.write_text(json.dumps(case, default=str) + "\n")
    fresh = subprocess.run([sys.executable, "-c", "from pocapace.cli.entry import run; run()",
                            "batch", str(source), "--jobs", "1", "--schema", "v1"],
                           capture_output=True, text=True)
    expected = json.loads(fresh.stdout)
    engine = Engine()
    engine.explain_changes = False
    small = {**case, "offences": case["offences"][:1]}
    for _ in range(300):  # a long run in one process
        engine.decide_raw(RawCase(small, "small"))
    host = shared_host()
    for start in (748, 30_000):
        host._sessions = itertools.count(start)
        decision = engine.decide_raw(RawCase(case, "big")).to_json_dict()
        assert {k: v for k, v in decision.items() if k != "input"} == {
            k: v for k, v in expected.items() if k != "input"}
