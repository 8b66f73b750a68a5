"""The decision service: ``pocapace serve`` answers the engine's decisions over HTTP (FastAPI
on uvicorn) and serves the web page. No legal logic lives here: every answer comes from the
engine's front door and tools, as the command line's do."""

from __future__ import annotations

from pathlib import Path

from pocapace.engine.api import get_engine
from pocapace.engine.cases import load_user_register
from pocapace.engine.law.scenarios import shipped_scenarios
from pocapace.engine.regimes.registry import REGIMES

from .config import Service
from .log import DecisionLog


def build_service(register: Path | None = None, scenario: str | None = None,
                  log: Path | None = None, log_cases: bool = False) -> Service:
    """Load the rules (every regime compiled, under the law in force and each shipped
    scenario) so that worker processes forked later share them; reuse network runs between
    cases the rules cannot tell apart, as batch does."""
    if register is not None:
        load_user_register(register)
    engine = get_engine(register, scenario=scenario)
    engines = [engine] if scenario else [engine] + [
        engine.under(name) for name in shipped_scenarios(engine.root)]
    for each in engines:  # a case may name a shipped scenario of its own (``assume:``)
        for name in REGIMES:
            each.ruleset(name)
        each.remember_runs()
    decision_log = DecisionLog(log, log_cases) if log else None
    if decision_log is not None:
        decision_log.open()
    return Service(engine, decision_log, hashes=engine.input_hashes())


def create_app(service: Service):
    from .app import create_app as make

    return make(service)


__all__ = ["Service", "build_service", "create_app"]
