"""What one service process holds: the engine (rules loaded before any worker forks), the
body limits and the optional decision log."""

from __future__ import annotations

import difflib
import threading
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.responses import Response

from pocapace.engine.api import Engine
from pocapace.engine.regimes.registry import REGIMES

from .log import DecisionLog
from .problems import Problem

RULES_VERSION_HEADER = "Pocapace-Rules-Version"
INPUT_HASH_HEADER = "Pocapace-Input-Hash"


@dataclass
class Service:
    engine: Engine
    log: DecisionLog | None = None
    #: The largest body of one case (decisions, next-question, record), in bytes.
    case_limit: int = 256 * 1024
    #: The largest batch body in bytes, and the most cases in one batch.
    batch_limit: int = 1024 * 1024
    batch_cases: int = 500
    #: durable_rules is not thread-safe: every engine call in a process holds this lock.
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: The hashes of the files besides the rules that decisions depend on (the register),
    #: recorded in each decision's ``input`` as ``pocapace check`` records them.
    hashes: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.engine.version

    def json(self, body: Any, status: int = 200, headers: dict[str, str] | None = None,
             media_type: str = "application/json") -> Response:
        """A JSON answer: the same value always gives the same bytes."""
        return Response(orjson.dumps(body, default=str), status_code=status,
                        media_type=media_type, headers=headers)


def regime_named(name: str) -> str:
    """The regime of a path, or a 404 problem with the closest names."""
    if name in REGIMES:
        return name
    close = difflib.get_close_matches(name, sorted(REGIMES), n=2, cutoff=0.6)
    known = ", ".join(sorted(REGIMES))
    raise Problem(404, f"There is no regime '{name}'; the regimes are {known}.",
                  "unknown-regime", field="regime", expected=f"one of {known}",
                  suggestions=close or sorted(REGIMES))
