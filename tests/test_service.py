"""The decision service over HTTP (FastAPI's TestClient): every endpoint, every error status
and the problem-details fields; a real `pocapace serve` with two workers; a property test that
nothing a client sends answers 500."""

from __future__ import annotations

import copy
import json
import logging
import socket
import subprocess

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_support import POCAPACE, post, serving, worked, worked_cases

from conftest import paths_in
from pocapace.cli.main import main
from pocapace.engine.regimes.registry import REGIMES
from pocapace.service import build_service, create_app
from pocapace.service.log import DecisionLog

PACE = "arrested-adult-theft-trigger"
POCA = "two-current-thefts-and-two-earlier-occasions-make-5000"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def service():
    return build_service()


@pytest.fixture(scope="module")
def client(service):
    return TestClient(create_app(service), raise_server_exceptions=False)


def problem(answer, status: int) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert body["status"] == status and body["type"].startswith("urn:pocapace:problem:")
    assert body["title"] and body["detail"] and body["instance"]
    assert body["rules_version"] == answer.headers["pocapace-rules-version"]
    assert "Traceback" not in answer.text
    return body


# ------------------------------------------------------------------ decisions

@pytest.mark.parametrize("name", [PACE, POCA])
def test_a_decision_is_the_check_commands_json(client, tmp_path, name):
    case = worked(name)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    checked = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    assert checked.exit_code == 0, checked.output
    expected = json.loads(checked.stdout)
    answer = client.post(f"/v1/{case['regime']}/decisions", json=case)
    assert answer.status_code == 200
    body = answer.json()
    assert body["input"].pop("source") == "request" and expected["input"].pop("source")
    assert body == expected and body["input"]["register_hash"]
    assert "trace" in body and "would_change" in body


def test_a_case_may_name_a_shipped_scenario_but_not_a_file(client):
    case = {**worked(PACE), "assume": "cpa-2026"}
    body = client.post("/v1/pace-s63b/decisions?detail=summary", json=case).json()
    assert body["law_at"]["scenario"]["id"] == "cpa-2026"
    for name in ("/etc/passwd", "cpa-2025"):
        found = problem(client.post("/v1/pace-s63b/decisions", json={**case, "assume": name}),
                        422)
        assert found["field"] == "assume" and "cpa-2026" in found["expected"]


def test_rules_version_and_input_hash_in_body_and_headers(client):
    answer = client.post("/v1/poca-s75/decisions", json=worked(POCA))
    body = answer.json()
    assert answer.headers["pocapace-rules-version"] == body["rules_version"]
    assert answer.headers["pocapace-input-hash"] == body["input_hash"]
    assert body["outcome"] == "criminal_lifestyle"


def test_the_same_case_and_rules_give_the_same_bytes(client):
    first = client.post("/v1/pace-s63b/decisions", json=worked(PACE))
    again = client.post("/v1/pace-s63b/decisions", json=worked(PACE))
    assert first.content == again.content


def test_summary_leaves_out_the_trace_and_would_change(client):
    case = worked("arrested-17-year-old-theft-not-eligible")
    full = client.post("/v1/pace-s63b/decisions?detail=full", json=case).json()
    summary = client.post("/v1/pace-s63b/decisions?detail=summary", json=case).json()
    assert "trace" in full and "would_change" in full
    assert "trace" not in summary and "would_change" not in summary
    for name in ("outcome", "routes", "missing", "obligations", "rules_version", "input_hash"):
        assert summary[name] == full[name]


def test_missing_facts_are_listed(client):
    case = worked(PACE)
    del case["person"]["date_of_birth"]
    body = client.post("/v1/pace-s63b/decisions?detail=summary", json=case).json()
    assert body["outcome"] == "undetermined"
    assert any(m["fact"] == "person.date_of_birth" for m in body["missing"])


def test_the_regime_may_be_left_out_but_not_contradicted(client):
    case = worked(PACE)
    del case["regime"]
    assert client.post("/v1/pace-s63b/decisions", json=case).json()["outcome"] == "eligible"
    body = problem(client.post("/v1/poca-s75/decisions", json=worked(PACE)), 422)
    assert body["field"] == "regime" and "poca-s75" in body["expected"]


def test_at_decides_under_the_law_of_another_day(client):
    body = client.post("/v1/pace-s63b/decisions?at=2004-06-01", json=worked(PACE)).json()
    assert body["law_at"]["date"] == "2004-06-01" and body["outcome"] != "eligible"
    assert problem(client.post("/v1/pace-s63b/decisions?at=1/6/2004", json=worked(PACE)),
                   422)["field"] == "at"


def test_a_misspelt_offence_is_422_with_the_suggestion(client):
    case = worked(PACE)
    case["offences"][0]["offence"] = "Theft Act 1968 s.99"
    body = problem(client.post("/v1/pace-s63b/decisions", json=case), 422)
    assert body["field"] == "offences[0].offence"
    assert "Theft Act 1968 s.99" in body["expected"]
    assert any(s.startswith("Theft Act 1968 s.1 ") for s in body["suggestions"])
    assert body["detail"].startswith("Invalid case in request (offences[0].offence)")


def test_a_wrong_type_names_the_field_and_the_value(client):
    case = worked(PACE)
    case["person"]["date_of_birth"] = "yesterday-ish"
    body = problem(client.post("/v1/pace-s63b/decisions", json=case), 422)
    assert body["field"] == "person.date_of_birth" and "yesterday-ish" in body["expected"]


@pytest.mark.parametrize("body", [b"{nope", b"", b"\xff\xfe{}", b"[1, 2"])
def test_unreadable_json_is_400(client, body):
    assert "Cannot read" in problem(client.post("/v1/pace-s63b/decisions", content=body),
                                    400)["detail"]


def test_json_that_is_not_a_case_is_422(client):
    body = problem(client.post("/v1/pace-s63b/decisions", json=[1, 2]), 422)
    assert "mapping" in body["expected"]


def test_a_body_over_the_limit_is_413(client, service):
    big = b'{"id": "' + b"x" * service.case_limit + b'"}'
    assert problem(client.post("/v1/pace-s63b/decisions", content=big), 413)["limit_bytes"] \
        == service.case_limit

    def chunks():  # no content-length: the limit holds while the body streams in
        yield b'{"id": "'
        for _ in range(service.case_limit // 1024 + 1):
            yield b"x" * 1024
        yield b'"}'

    problem(client.post("/v1/pace-s63b/decisions", content=chunks()), 413)


def test_an_unknown_regime_is_404_with_a_suggestion(client):
    body = problem(client.post("/v1/pace/decisions", json=worked(PACE)), 404)
    assert body["suggestions"] == ["pace-s63b"] and body["field"] == "regime"
    assert problem(client.get("/v1/regimes/poca-s57/schema"), 404)["suggestions"] == \
        ["poca-s75"]


def test_bad_detail_unknown_path_and_wrong_method_are_problems(client):
    assert problem(client.post("/v1/pace-s63b/decisions?detail=everything",
                               json=worked(PACE)), 422)["suggestions"] == ["summary", "full"]
    problem(client.get("/v2/anything"), 404)
    problem(client.get("/v1/pace-s63b/decisions"), 405)


def test_an_internal_fault_is_a_500_problem_with_an_id_in_the_log(service, caplog,
                                                                  monkeypatch):
    client = TestClient(create_app(service), raise_server_exceptions=False)

    def broken(*args, **kwargs):
        raise KeyError("a fault of ours")

    monkeypatch.setattr(service.engine, "decide", broken)
    with caplog.at_level(logging.ERROR, logger="pocapace.service"):
        body = problem(client.post("/v1/pace-s63b/decisions", json=worked(PACE)), 500)
    assert body["fault_id"] in caplog.text and body["fault_id"] in body["detail"]
    assert "a fault of ours" not in json.dumps(body)


# ------------------------------------------------------------------ the interview

def ask(client, regime: str, at: str, texts: list[str]) -> dict:
    """Answer the questions asked in turn, as the web page does; the last answer."""
    body = client.post(f"/v1/{regime}/next-question?at={at}", json={}).json()
    for text in texts:
        if body["decided"]:
            break
        answer = client.post(f"/v1/{regime}/next-question?at={at}", json={
            "answers": body["answers"], "answer": {"path": body["question"]["path"],
                                                   "text": text}})
        assert answer.status_code == 200, answer.text
        body = answer.json()
    return body


def test_the_interview_asks_decisive_questions_then_decides(client, service):
    first = client.post("/v1/pace-s63b/next-question?at=2026-03-14T10:20", json={}).json()
    assert first["decided"] is False and first["rules_version"] == service.version
    assert first["question"]["path"] == "offences[0].offence"
    assert first["answers"]["case"]["at"] == "2026-03-14T10:20"
    body = ask(client, "pace-s63b", "2026-03-14T10:20",
               ["theft", "arrested", "02/05/1987", "Brixton", "no", "no"])
    assert body["decided"] and body["decision"]["outcome"] == "eligible"
    assert body["short"]["headline"] == "ELIGIBLE"
    assert [s["action"] for s in body["short"]["checklist"]][1:3] == [
        "Warn before the request", "Request the sample (the request condition)"]
    decided = client.post("/v1/pace-s63b/decisions", json=body["case"]).json()
    assert decided["outcome"] == "eligible" and decided["input_hash"] == \
        body["decision"]["input_hash"]


def test_the_poca_interview_gives_the_figures(client):
    body = ask(client, "poca-s75", "2025-06-01", ["supplying cocaine", "02/03/2024", "no", "no"])
    assert body["decision"]["outcome"] == "criminal_lifestyle"
    assert body["short"]["figures"][0]["value"] == "£5,000.00"


def test_a_plain_partial_case_gets_its_next_question(client):
    body = client.post("/v1/pace-s63b/next-question", json={
        "at": "2026-03-14T10:20", "offences": [{"offence": "theft"}]}).json()
    assert body["question"]["path"] == "offences[0].stage"
    assert [c["value"] for c in body["question"]["choices"]] == ["arrested", "charged"]


def test_an_answer_the_engine_cannot_read_is_422_with_suggestions_and_choices(client):
    first = client.post("/v1/pace-s63b/next-question?at=2026-03-14T10:20", json={}).json()
    again = {"answers": first["answers"]}
    body = problem(client.post("/v1/pace-s63b/next-question", json={
        **again, "answer": {"path": "offences[0].offence", "text": "Theft Act 1986 s.1"}}), 422)
    assert body["field"] == "offences[0].offence" and body["title"] == "Answer not understood"
    assert any(s.startswith("Theft Act 1968 s.1") for s in body["suggestions"])
    stage = ask(client, "pace-s63b", "2026-03-14T10:20", ["theft"])
    body = problem(client.post("/v1/pace-s63b/next-question", json={
        "answers": stage["answers"], "answer": {"path": "offences[0].stage", "text": "arested"}}),
        422)
    assert [c["value"] for c in body["choices"]] == ["arrested", "charged"]


@pytest.mark.parametrize("request_body, field", [
    ({"answers": {"case": []}}, "answers.case"),
    ({"answers": {"case": {}, "unknown": "x"}}, "answers.unknown"),
    ({"answers": {"case": {}}, "answer": {"text": "theft"}}, "answer"),
    ({"answers": {"case": {}}, "answer": {"path": "person.date_of_birth", "text": "x"}},
     "answer.path"),
    ({"offences": "theft"}, "offences"),
    ({"regime": "poca-s75"}, "regime"),
])
def test_a_malformed_interview_request_is_422(client, request_body, field):
    assert problem(client.post("/v1/pace-s63b/next-question", json=request_body),
                   422)["field"] == field


def test_an_interview_is_bounded_in_size(client):
    many = {"offences": [{"offence": "theft", "stage": "arrested"}] * 31}
    body = problem(client.post("/v1/pace-s63b/next-question", json=many), 422)
    assert body["field"] == "offences" and "decisions endpoint" in body["expected"]
    long = {"answers": {"case": {}}, "answer": {"path": "offences[0].offence",
                                                "text": "theft " * 2000}}
    assert problem(client.post("/v1/pace-s63b/next-question", json=long), 422)["field"] == \
        "answer.text"


def test_interview_errors_of_the_request_itself(client):
    problem(client.post("/v1/pace-s63b/next-question", content=b"{"), 400)
    problem(client.post("/v1/pase/next-question", json={}), 404)
    problem(client.post("/v1/pace-s63b/next-question", json=[]), 422)


# ------------------------------------------------------------------ batch

def test_batch_gives_one_result_per_input_in_order(client):
    good, other = worked(PACE), worked(POCA)
    bad = copy.deepcopy(good)
    bad["id"], bad["offences"][0]["offence"] = "BAD-1", "Theft Act 1968 s.99"
    answer = client.post("/v1/pace-s63b/batch", json=[good, bad, other, 7])
    body = answer.json()
    assert answer.status_code == 200 and body["count"] == 4
    assert body["rules_version"] == answer.headers["pocapace-rules-version"]
    results = body["results"]
    assert [r["outcome"] for r in results] == ["eligible", "error", "error", "error"]
    assert results[0]["input_hash"] and results[0]["input"]["position"] == "item 1"
    assert results[1]["id"] == "BAD-1" and results[1]["error"]["field"] == "offences[0].offence"
    assert results[2]["error"]["field"] == "regime"
    assert [r["input"]["position"] for r in results] == [f"item {n}" for n in range(1, 5)]


def test_batch_reads_json_lines_with_an_unreadable_line_as_an_error_record(client):
    lines = "\n".join([json.dumps(worked(PACE)), "{not json", "", json.dumps(worked(PACE))])
    results = client.post("/v1/pace-s63b/batch", content=lines.encode()).json()["results"]
    assert [r["outcome"] for r in results] == ["eligible", "error", "eligible"]
    assert results[1]["error"]["field"] == "line"
    assert results[1]["error"]["message"].startswith("Cannot read request (line 2)")


def test_batch_is_bounded(client, service):
    too_many = [worked(PACE)] * (service.batch_cases + 1)
    assert problem(client.post("/v1/pace-s63b/batch", json=too_many), 413)["limit_cases"] \
        == service.batch_cases
    problem(client.post("/v1/pace-s63b/batch", content=b"  \n"), 400)
    problem(client.post("/v1/pace-s63b/batch", content=b"[{]"), 400)


# ------------------------------------------------------------------ the record

def test_the_record_is_the_report_commands_html(client):
    answer = client.post("/v1/pace-s63b/record", json=worked(PACE))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    assert "Decision record" in answer.text and "DT-0002" in answer.text
    assert answer.headers["pocapace-input-hash"]
    problem(client.post("/v1/pace-s63b/record", json={"id": "x"}), 422)
    form = client.post("/v1/pace-s63b/record", data={"case": json.dumps(worked(PACE))})
    assert form.status_code == 200 and "DT-0002" in form.text
    problem(client.post("/v1/pace-s63b/record", data={"other": "1"}), 400)


# ------------------------------------------------------------------ about the law

def test_regimes_and_their_schemas(client):
    body = client.get("/v1/regimes").json()
    assert [r["regime"] for r in body["regimes"]] == sorted(REGIMES)
    assert body["rules_version"]
    schema = client.get("/v1/regimes/poca-s75/schema").json()["schema"]
    assert schema == json.loads(json.dumps(REGIMES["poca-s75"].case_model.model_json_schema()))


def test_rules_in_force_on_a_date(client):
    now = client.get("/v1/regimes/pace-s63b/rules").json()
    before = client.get("/v1/regimes/pace-s63b/rules?at=2004-01-01").json()
    ids = {r["rule"] for r in now["rules"]}
    earlier = {r["rule"] for r in before["rules"]}
    assert "pace-s63b.arrest-condition.trigger" in ids - earlier
    assert before["at"] == "2004-01-01" and before["lists"]
    assert problem(client.get("/v1/regimes/pace-s63b/rules?at=soon"), 422)["field"] == "at"


def test_offence_search_with_suggestions(client):
    body = client.get("/v1/offences", params={"q": "Theft Act 1968 s.1"}).json()
    assert body["match"] == "theft-act-1968/s1"
    assert "theft-act-1968/s1" in {o["id"] for o in body["offences"]}
    missed = client.get("/v1/offences", params={"q": "thieft"}).json()
    assert missed["count"] == 0 and any("Theft Act 1968 s.1" in s for s in missed["suggestions"])


def test_healthz_and_openapi(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["scenario"] is None
    doc = client.get("/openapi.json").json()
    assert {"/v1/{regime}/decisions", "/v1/{regime}/batch", "/v1/{regime}/next-question",
            "/v1/{regime}/record", "/v1/regimes", "/v1/regimes/{regime}/rules",
            "/v1/offences", "/healthz"} <= set(doc["paths"])
    assert "PaceCase" in doc["components"]["schemas"]
    post = doc["paths"]["/v1/{regime}/decisions"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    assert {"200", "400", "404", "413", "422", "500"} <= set(post["responses"])
    assert "field" in doc["components"]["schemas"]["Problem"]["properties"]


def test_the_page_is_served(client):
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    for asset, kind in (("page.js", "javascript"), ("page.css", "text/css")):
        answer = client.get(f"/static/{asset}")
        assert answer.status_code == 200 and kind in answer.headers["content-type"]
        assert f"/static/{asset}" in page.text
    assert "http" not in page.text.replace('http-equiv', '')  # nothing from outside


# ------------------------------------------------------------------ options

def test_a_scenario_is_carried_by_every_decision():
    client = TestClient(create_app(build_service(scenario="cpa-2026")))
    body = client.post("/v1/pace-s63b/decisions?detail=summary", json=worked(PACE)).json()
    assert body["law_at"]["scenario"]["id"] == "cpa-2026"
    assert client.get("/healthz").json()["scenario"] == "cpa-2026"


def test_the_decision_log(service, tmp_path):
    path = tmp_path / "decisions.jsonl"
    for with_cases in (False, True):
        logged = copy.copy(service)
        logged.log = DecisionLog(path, with_cases)
        client = TestClient(create_app(logged))
        decided = client.post("/v1/pace-s63b/decisions", json=worked(PACE)).json()
        client.post("/v1/pace-s63b/batch", json=[worked(PACE), {"id": "bad"}])
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["via"] for line in lines] == ["decisions", "batch"] * 2
    ask(client, "poca-s75", "2025-06-01", ["supplying cocaine", "02/03/2024", "no"])
    last = json.loads(path.read_text().splitlines()[-1])
    assert (last["via"], last["outcome"], last["case"]["regime"]) == \
        ("next-question", "criminal_lifestyle", "poca-s75")
    first = lines[0]
    assert (first["decision"], first["outcome"], first["input_hash"], first["rules_version"]) \
        == ("DT-0002", "eligible", decided["input_hash"], decided["rules_version"])
    assert "case" not in first and lines[2]["case"]["id"] == "DT-0002"


def test_serve_runs_workers_and_refuses_bad_options(tmp_path):
    log = tmp_path / "log.jsonl"
    with serving("--workers", "2", "--log", str(log)) as url:
        statuses = [post(url, "/v1/pace-s63b/decisions?detail=summary", worked(PACE))[0]
                    for _ in range(4)]
        status, headers, body = post(url, "/v1/poca-s75/decisions", b"{")
    assert statuses == [200] * 4 and status == 400
    assert len(log.read_text().splitlines()) == 4
    done = subprocess.run([str(POCAPACE), "serve", "--log-cases"], capture_output=True,
                          text=True)
    assert done.returncode == 2 and "--log-cases needs --log" in done.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = subprocess.run([str(POCAPACE), "serve", "--port", port], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------ nothing a client sends is a 500

CASES = [data for _, data, _ in worked_cases()]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                   st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
                   st.sampled_from(["2026-02-30", "1900-01-01", "9999-12-31T23:59", "",
                                    "Theft Act 1968 s.1", "arrested", "charged", "-1", "£5,000"]),
                   st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=4),
                                                                        st.integers(), max_size=2))


@st.composite
def mutated(draw):
    case = copy.deepcopy(draw(st.sampled_from(CASES)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(paths_in(case))[1:]))
        parent = case
        for part in path[:-1]:
            parent = parent[part]
        if draw(st.booleans()) and isinstance(parent, dict):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(VALUES)
    return case


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated(), detail=st.sampled_from(["summary", "full"]))
def test_nothing_a_client_sends_answers_500(client, case, detail):
    given = case.get("regime")
    regime = given if isinstance(given, str) and given in REGIMES else "pace-s63b"
    answer = client.post(f"/v1/{regime}/decisions?detail={detail}", json=case)
    assert answer.status_code in (200, 422), answer.text
    batch = client.post(f"/v1/{regime}/batch", json=[case])
    assert batch.status_code == 200 and len(batch.json()["results"]) == 1
    asked = client.post(f"/v1/{regime}/next-question", json=case)
    assert asked.status_code in (200, 422), asked.text


@settings(max_examples=40, deadline=None)
@given(body=st.one_of(st.binary(max_size=64), st.text(max_size=64).map(str.encode)),
       path=st.sampled_from(["decisions", "batch", "record"]))
def test_no_body_at_all_answers_500(client, body, path):
    answer = client.post(f"/v1/poca-s75/{path}", content=body)
    assert answer.status_code in (200, 400, 422), answer.text


SCRIPTS = {"pace-s63b": ("2026-03-14T10:20", ["theft", "arrested", "02/05/1987", "Brixton"]),
           "poca-s75": ("2025-06-01", ["supplying cocaine", "02/03/2024", "no"])}
TEXTS = st.one_of(st.text(max_size=20), st.sampled_from([
    "32/13/2020", "29/02/2023", "£-5", "1e400", "99999999999999999999999", "none", "?", "",
    "don't know", "from 01/01/2020 to 01/01/2019", "2", "0", "yes", "no", "theft", "£1,000.001"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regime=st.sampled_from(sorted(SCRIPTS)), steps=st.integers(0, 3), text=TEXTS,
       change=st.one_of(st.none(), VALUES))
def test_no_interview_request_answers_500(client, regime, steps, text, change):
    at, script = SCRIPTS[regime]
    state = ask(client, regime, at, script[:steps])
    answers = copy.deepcopy(state["answers"])
    if change is not None:  # a client's own edit of the answers it was given
        answers["case"][sorted(answers["case"])[0]] = change
    path = state["question"]["path"] if not state["decided"] else "at"
    answer = client.post(f"/v1/{regime}/next-question?at={at}",
                         json={"answers": answers, "answer": {"path": path, "text": text}})
    assert answer.status_code in (200, 422), answer.text
