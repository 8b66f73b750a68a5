"""The FastAPI application: the /v1 endpoints, the web page and the problem answers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from pocapace.engine.regimes.registry import REGIMES

from . import catalogue, openapi
from .batch import decide_batch, records_of
from .bodies import FORM, form_field, parse_json, read_body
from .config import INPUT_HASH_HEADER, Service, regime_named
from .deciding import decide, decision_body, manifest_of, parse_moment
from .guard import Guard
from .interview import next_question
from .problems import Problem, problem_response
from .record import record_html

STATIC = Path(__file__).parent / "static"
DETAILS = ("summary", "full")
SCHEMAS = ("v1", "v2")
CASE_DOC = "A case in the case file format (`pocapace schema`); `regime` may be left out."


def create_app(service: Service) -> FastAPI:
    app = FastAPI(title="pocapace decision service", version=service.version,
                  description="Statutory eligibility decisions (drug testing in custody, "
                              "criminal lifestyle), as `pocapace check` gives them; the "
                              "regimes and their law: GET /v1/regimes.",
                  docs_url=None, redoc_url=None)
    app.add_middleware(Guard, version=service.version)
    openapi.install(app)
    _errors(app, service)
    _deciding(app, service)
    _information(app, service)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app


def _errors(app: FastAPI, service: Service) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        return problem_response(exc, request.url.path, service.version)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = "There is no such endpoint; see /openapi.json." if exc.status_code == 404 \
            else f"{request.method} is not allowed here." if exc.status_code == 405 \
            else str(exc.detail)
        return problem_response(Problem(exc.status_code, detail), request.url.path,
                                service.version)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"][1:])
        found = Problem(422, f"The request's {where or 'parameters'} cannot be read: "
                             f"{error['msg']}.", "invalid-query", field=where,
                        expected=error["msg"], suggestions=[])
        return problem_response(found, request.url.path, service.version)


def _detail(value: str, name: str = "detail", choices: tuple = DETAILS) -> str:
    if value not in choices:
        words = " or ".join(choices)
        raise Problem(422, f"The query parameter '{name}' must be {words}; found "
                           f"'{value}'.", "invalid-query", field=name,
                      expected=words, suggestions=list(choices))
    return value


def _deciding(app: FastAPI, service: Service) -> None:
    @app.post("/v1/{regime}/decisions", openapi_extra=openapi.json_body(
        openapi.case_schemas()[1], CASE_DOC))
    async def decisions(regime: str, request: Request, detail: str = "full",
                        at: str | None = None, schema: str = "v1") -> Response:
        """Decide one case: the decision JSON of `pocapace check --format json`
        (`detail=summary` leaves out the trace and would-change; `schema=v2` gives the lean
        `decision.v2` record of `pocapace batch`, whose rules are in GET /v1/rules-manifest)."""
        name, detail, moment = regime_named(regime), _detail(detail), parse_moment(at)
        shape = _detail(schema, "schema", SCHEMAS)
        data = parse_json(await read_body(request, service.case_limit))
        decision, case = decide(service, name, data, moment, explain=detail == "full")
        body = decision_body(decision, detail, shape, service, case)
        if service.log is not None:
            service.log.write(body, "decisions", data)
        return service.json(body, headers={INPUT_HASH_HEADER: decision.input_hash})

    @app.post("/v1/{regime}/next-question", openapi_extra=openapi.json_body(
        {"type": "object"}, "A partial case, or {\"answers\": {\"case\", \"unknown\", "
        "\"closed\"}, \"answer\": {\"path\", \"text\"}} as the previous answer gave."))
    async def next_question_(regime: str, request: Request, at: str | None = None) -> Response:
        """The decision if the answers settle it, else the next decisive question with its
        choices (the function behind `pocapace ask`); a typed answer is read as `ask`
        reads it, and one it cannot read is a 422 problem with suggestions and choices."""
        name, moment = regime_named(regime), parse_moment(at)
        data = parse_json(await read_body(request, service.case_limit))
        return service.json(next_question(service, name, data, moment))

    @app.post("/v1/{regime}/batch", openapi_extra=openapi.json_body(
        {"type": "array", "items": openapi.case_schemas()[1]},
        "A JSON array of cases, or JSON Lines (one case a line)."))
    async def batch(regime: str, request: Request) -> Response:
        """Decide up to the batch limit of cases: one result per input, in order; a bad
        input gives the error record `pocapace batch` writes, not a failed request."""
        name = regime_named(regime)
        records = records_of(await read_body(request, service.batch_limit), name,
                             service.batch_cases)
        lines = decide_batch(service, records)
        head = f'{{"rules_version":"{service.version}","count":{len(lines)},"results":['
        body = head + ",".join(lines) + "]}"
        return Response(body.encode(), media_type="application/json")

    @app.post("/v1/{regime}/record", response_class=HTMLResponse,
              openapi_extra=openapi.json_body(openapi.case_schemas()[1], CASE_DOC))
    async def record(regime: str, request: Request, at: str | None = None) -> Response:
        """The printable decision record of one case (`pocapace report`'s HTML); the case
        may also come as the field `case` of a form (the web page opens the record so)."""
        name, moment = regime_named(regime), parse_moment(at)
        body = await read_body(request, service.case_limit)
        if request.headers.get("content-type", "").startswith(FORM):
            body = form_field(body, "case")
        data = parse_json(body)
        html, decision = record_html(service, name, data, moment)
        return HTMLResponse(html, headers={INPUT_HASH_HEADER: decision.input_hash})


def _information(app: FastAPI, service: Service) -> None:
    @app.get("/healthz")
    async def healthz() -> Response:
        scenario = service.engine.scenario
        return service.json({"status": "ok", "rules_version": service.version,
                             "scenario": scenario.id if scenario else None,
                             "regimes": sorted(REGIMES)})

    @app.get("/v1/regimes")
    async def regimes() -> Response:
        return service.json({"rules_version": service.version,
                             "regimes": catalogue.regimes(service)})

    @app.get("/v1/regimes/{regime}/schema", responses=openapi.PROBLEMS)
    async def schema(regime: str) -> Response:
        """The JSON Schema of the regime's case format (`pocapace schema`)."""
        return service.json({"rules_version": service.version,
                             "schema": catalogue.schema(regime_named(regime))})

    @app.get("/v1/regimes/{regime}/rules", responses=openapi.PROBLEMS)
    async def rules(regime: str, at: str | None = None) -> Response:
        """The rules and offence-list entries with citations, in force on `at` if given."""
        name, moment = regime_named(regime), parse_moment(at)
        found = catalogue.rules(service, name, moment.date() if moment else None)
        return service.json({"rules_version": service.version, **found})

    @app.get("/v1/rules-manifest", responses=openapi.PROBLEMS)
    async def rules_manifest_(assume: str | None = None) -> Response:
        """The rules manifest `schema=v2` decisions refer to (`pocapace rules --manifest`):
        of the service's law, or of the shipped law scenario `assume` names."""
        return service.json(manifest_of(service, assume))

    @app.get("/v1/offences", responses=openapi.PROBLEMS)
    async def offences(q: str = "") -> Response:
        """Search the offence catalogue; the closest names when nothing matches."""
        return service.json({"rules_version": service.version,
                             **catalogue.offences(service, q)})
