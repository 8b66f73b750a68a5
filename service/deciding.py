"""Deciding posted cases: the case checks the command line makes, then the engine, one call
at a time per process."""

from __future__ import annotations

import datetime as dt
import difflib
from types import SimpleNamespace
from typing import Any

from pocapace.engine.api import Engine
from pocapace.engine.cases import RawCase, validate_case
from pocapace.engine.core.errors import CaseFileError, PocapaceError
from pocapace.engine.decision.model import Decision
from pocapace.engine.law.scenarios import shipped_scenarios

from .config import Service
from .problems import Problem, invalid_case

SOURCE = "request"
#: What ``detail=summary`` leaves out of the decision: the reasoned trace and would-change.
FULL_ONLY = ("trace", "would_change")


def with_regime(data: Any, regime: str, where: str = SOURCE) -> Any:
    """The case with the endpoint's regime filled in; a case of another regime is refused."""
    if not isinstance(data, dict):
        return data
    given = data.get("regime")
    if given is None:
        return {"regime": regime, **data}
    if given != regime:
        raise CaseFileError(where, "regime", f"expected '{regime}' (the regime of this "
                                             f"endpoint), found {given!r}")
    return data


def parse_moment(value: str | None, field: str = "at") -> dt.datetime | None:
    """A query's date (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM), or a 422 problem."""
    if value is None or value == "":
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise Problem(422, f"The query parameter '{field}' must be a date (YYYY-MM-DD) or a "
                           f"moment (YYYY-MM-DDTHH:MM); found '{value}'.", "invalid-query",
                      field=field, expected="YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                      suggestions=[]) from None


def decide(service: Service, regime: str, data: Any, at: dt.datetime | None,
           explain: bool = True) -> tuple:
    """(decision, validated case model) of one posted case, or a 422 problem; with
    ``explain`` False the would-change runs (several extra network runs) are not made."""
    try:
        raw = RawCase(with_regime(data, regime), SOURCE)
        kind, case = validate_case(raw)
        with service.lock:
            engine = engine_for_case(service, case)
            engine.explain_changes = explain
            try:
                decision = engine.decide(kind, case, raw.where, at)
            finally:
                engine.explain_changes = True
    except CaseFileError as exc:
        raise invalid_case(exc) from None
    except PocapaceError as exc:
        raise RuntimeError(f"the engine could not decide a valid case: {exc.message}") from exc
    return decision, case


def engine_for_case(service: Service, case: Any) -> Engine:
    """The service's engine, or (when the service assumes no scenario) the engine of the
    shipped law scenario the case names in ``assume:``, as ``pocapace check`` decides it.
    Only a shipped scenario's name: a service never reads a file a client names."""
    name = getattr(case, "assume", None)
    if not name or service.engine.scenario is not None:
        return service.engine
    shipped = shipped_scenarios(service.engine.root)
    if name not in shipped:
        raise CaseFileError(SOURCE, "assume", f"expected the name of a shipped law scenario "
                                              f"({', '.join(shipped) or 'none'}), found "
                                              f"{name!r}",
                            difflib.get_close_matches(name, shipped, n=2, cutoff=0.5))
    return service.engine.under(name)


def decision_body(decision: Decision, detail: str, schema: str = "v1",
                  service: Service | None = None, case: Any = None) -> dict[str, Any]:
    """The v1 record (``check --format json``), or with ``schema`` v2 the ``decision.v2``
    record, of the rules manifest of the engine that decided ``case``."""
    if schema == "v2":
        from pocapace.engine.decision.lean import LeanEncoder
        from pocapace.engine.decision.manifest import rules_manifest

        with service.lock:
            manifest = rules_manifest(engine_for_case(service, case))
        return LeanEncoder(manifest).record(decision, detail)
    body = decision.to_json_dict()
    if detail == "summary":
        for name in FULL_ONLY:
            body.pop(name, None)
    return body


def manifest_of(service: Service, assume: str | None) -> dict[str, Any]:
    """The rules manifest of the service's law, or of a shipped scenario (422 otherwise)."""
    from pocapace.engine.decision.manifest import rules_manifest

    try:
        with service.lock:
            return rules_manifest(engine_for_case(service, SimpleNamespace(assume=assume)))
    except CaseFileError as exc:
        raise Problem(422, f"The query parameter 'assume' must name a shipped law scenario: "
                           f"{exc.problem}.", "invalid-query", field="assume",
                      expected="the name of a shipped law scenario",
                      suggestions=exc.suggestions) from None
