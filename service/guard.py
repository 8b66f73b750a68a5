"""An ASGI wrapper: the rules version header on every answer, and an internal fault answered
as a 500 problem (with an id in the log), never a traceback."""

from __future__ import annotations

from .config import RULES_VERSION_HEADER
from .problems import internal_fault, problem_response


class Guard:
    def __init__(self, app, version: str):
        self.app, self.version = app, version
        self.header = (RULES_VERSION_HEADER.lower().encode(), version.encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # a fault of ours: the client still gets a problem
            if started:
                raise
            path = scope.get("path", "")
            answer = problem_response(internal_fault(exc, path), path, self.version)
            await answer(scope, receive, sending)
