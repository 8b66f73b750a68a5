"""RFC 9457 problem details: every error the service answers, in one shape.

A client's mistake is a 4xx problem naming the field, what was expected and suggestions, in
the command line's own words; an internal fault is a 500 problem whose id is in the log.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import orjson
from starlette.responses import Response

from pocapace.engine.core.errors import CaseFileError

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("pocapace.service")

TITLES = {
    400: "Unreadable request",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid case",
    500: "Internal fault",
}


class Problem(Exception):
    """A problem to answer with: status, detail sentence and extension members."""

    def __init__(self, status: int, detail: str, kind: str | None = None,
                 title: str | None = None, **members: Any):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.title = title or TITLES.get(status, "Problem")
        self.kind = kind or TITLES.get(status, "Problem").lower().replace(" ", "-")
        self.members = {k: v for k, v in members.items() if v is not None}

    def body(self, instance: str) -> dict[str, Any]:
        return {"type": f"urn:pocapace:problem:{self.kind}",
                "title": self.title, "status": self.status,
                "detail": self.detail, "instance": instance, **self.members}


def invalid_case(exc: CaseFileError) -> Problem:
    """A case the engine refused: the same field, expectation and suggestions as ``check``."""
    return Problem(422, exc.message, "invalid-case", field=exc.field or "",
                   expected=exc.problem, suggestions=list(exc.suggestions))


def internal_fault(exc: BaseException, instance: str) -> Problem:
    """A fault of ours: logged with a fresh id that the client is given."""
    fault_id = uuid.uuid4().hex[:12]
    log.error("internal fault %s at %s", fault_id, instance, exc_info=exc)
    return Problem(500, f"The service met an internal fault (id {fault_id}); the input was "
                        "not at fault. Quote the id to the operator.", "internal-fault",
                   fault_id=fault_id)


def problem_response(problem: Problem, instance: str, version: str) -> Response:
    """The problem as ``application/problem+json``, with the rules version as every answer."""
    return Response(orjson.dumps({**problem.body(instance), "rules_version": version}),
                    status_code=problem.status, media_type=PROBLEM_TYPE)
