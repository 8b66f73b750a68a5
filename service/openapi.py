"""The OpenAPI document: FastAPI's, with the case models (the case file format) as the
request bodies, since the service reads bodies itself to answer errors as the CLI does."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from pocapace.engine.regimes.registry import REGIMES

REF = "#/components/schemas/{model}"


def case_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """(components, the schema of a case of any regime)."""
    components: dict[str, Any] = {}
    one_of = []
    for name in sorted(REGIMES):
        model = REGIMES[name].case_model
        schema = model.model_json_schema(ref_template=REF)
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
        one_of.append({"$ref": REF.format(model=model.__name__)})
    return components, {"oneOf": one_of}


PROBLEM = {
    "type": "object", "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail", "instance", "rules_version"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "detail": {"type": "string"},
        "instance": {"type": "string"}, "rules_version": {"type": "string"},
        "field": {"type": "string", "description": "the case-file path at fault"},
        "expected": {"type": "string", "description": "what was expected, and what found"},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "choices": {"type": "array", "items": {"type": "object"}},
        "fault_id": {"type": "string", "description": "an internal fault's id in the log"},
    },
}
PROBLEMS = {status: {"description": words, "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}} for status, words in (
    (400, "the body is not JSON (or not UTF-8)"), (404, "no such regime or endpoint"),
    (413, "the body or the batch is over its limit"),
    (422, "an invalid case or answer: the field, what was expected, suggestions"),
    (500, "an internal fault, with its id in the log"))}


def json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}},
            "responses": PROBLEMS}


def decision_v2_schemas() -> dict[str, Any]:
    """The components of the ``decision.v2`` record (``schema=v2`` answers)."""
    from pocapace.engine.decision.v2_schema import DecisionV2

    schema = DecisionV2.model_json_schema(by_alias=True, ref_template=REF)
    components = schema.pop("$defs", {})
    components["DecisionV2"] = schema
    return components


DECISION = {"description": "the decision: the v1 record of `pocapace check --format json`, "
                           "or with `schema=v2` a `decision.v2` record (docs/decision-v2.md)",
            "content": {"application/json": {"schema": {"oneOf": [
                {"type": "object", "description": "v1 record"},
                {"$ref": REF.format(model="DecisionV2")}]}}}}


def install(app: FastAPI) -> None:
    """Build the document once, on first request."""

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(title=app.title, version=app.version, routes=app.routes,
                              description=app.description)
            components, _ = case_schemas()
            doc.setdefault("components", {}).setdefault("schemas", {}).update(
                {**components, **decision_v2_schemas(), "Problem": PROBLEM})
            decisions = doc["paths"]["/v1/{regime}/decisions"]["post"]["responses"]
            decisions["200"] = DECISION
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = document
