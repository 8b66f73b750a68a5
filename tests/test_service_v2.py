"""The service's ``schema=v2`` option: the decision.v2 record of ``pocapace batch``, which
expands with GET /v1/rules-manifest to the v1 record the service gives by default."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from service_support import worked

from pocapace.engine.decision.lean import expand
from pocapace.engine.decision.v2_schema import DecisionV2
from pocapace.service import build_service, create_app

PACE = "arrested-adult-theft-trigger"
POCA = "two-current-thefts-and-two-earlier-occasions-make-5000"


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(build_service()), raise_server_exceptions=False)


@pytest.mark.parametrize("name, assume", [(PACE, None), (POCA, None), (PACE, "cpa-2026")])
@pytest.mark.parametrize("detail", ["full", "summary"])
def test_a_v2_decision_expands_to_the_default_v1_one(client, name, assume, detail):
    case = {**worked(name), **({"assume": assume} if assume else {})}
    regime = case["regime"]
    v1 = client.post(f"/v1/{regime}/decisions?detail={detail}", json=case).json()
    v2 = client.post(f"/v1/{regime}/decisions?detail={detail}&schema=v2", json=case).json()
    DecisionV2.model_validate(v2)
    manifest = client.get("/v1/rules-manifest" + (f"?assume={assume}" if assume else "")).json()
    assert manifest["rules_version"] == v2["rules_version"] == v1["rules_version"]
    assert expand(v2, manifest) == v1
    assert ("trace" in v2) == (detail == "full")


def test_an_unknown_schema_or_scenario_is_a_problem_naming_the_parameter(client):
    answer = client.post("/v1/pace-s63b/decisions?schema=v3", json=worked(PACE))
    assert answer.status_code == 422 and answer.json()["field"] == "schema"
    assert answer.json()["suggestions"] == ["v1", "v2"]
    answer = client.get("/v1/rules-manifest?assume=cpa-2025")
    assert answer.status_code == 422 and answer.json()["field"] == "assume"
    assert "cpa-2026" in answer.json()["suggestions"]


def test_the_openapi_document_gives_the_v2_record_and_the_schema_parameter(client):
    doc = client.get("/openapi.json").json()
    post = doc["paths"]["/v1/{regime}/decisions"]["post"]
    assert "schema" in {p["name"] for p in post["parameters"]}
    shown = post["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"]
    assert {"$ref": "#/components/schemas/DecisionV2"} in shown
    assert {"DecisionV2", "NodeV2"} <= set(doc["components"]["schemas"])
    assert "/v1/rules-manifest" in doc["paths"]
