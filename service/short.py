"""The short decision for people, as data for the web page: the engine's own plain words
(``engine/decision/people.py``) for the reason, the facts still needed, the custody
checklist in order, the POCA figures and what follows."""

from __future__ import annotations

from typing import Any

from pocapace.engine.decision import people
from pocapace.engine.decision.model import Decision
from pocapace.engine.decision.render import outcome_words


def short_view(decision: Decision) -> dict[str, Any]:
    return {
        "headline": outcome_words(decision.outcome),
        "reason": people.reason(decision),
        "still_needed": people.still_needed(decision),
        "open_routes": [f"{r.label} [{r.citation}]" for r in decision.open_routes],
        "checklist_title": "What to do, in order" if decision.outcome != "undetermined"
        else "If a sample may be taken, in order",
        "checklist": [step.to_dict() for step in people.checklist(decision)],
        "figures": [row.to_dict() for row in people.figures_table(decision)]
        if decision.tests else [],
        "follows": people.what_follows(decision),
        "caveats": list(decision.law_at.caveats) + [f"{c.citation}: {c.text}"
                                                    for c in decision.unconfirmed],
    }
