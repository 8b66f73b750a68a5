"""The printable decision record of a posted case: ``pocapace report``'s HTML."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from typing import Any

from pocapace.engine.decision.record_facts import facts_table
from pocapace.engine.decision.report import render_html

from .config import Service
from .deciding import decide


def record_html(service: Service, regime: str, data: Any, at: dt.datetime | None) -> tuple:
    """(html, decision) for one case, by the path ``pocapace report`` takes."""
    decision, case = decide(service, regime, data, at)
    engine = service.engine
    with service.lock:
        facts = facts_table(case, dt.date.fromisoformat(decision.law_at.date),
                            engine.ruleset(regime), engine.catalogues)
    html = render_html(decision, facts, version("pocapace"), dt.datetime.now().astimezone())
    return html, decision
