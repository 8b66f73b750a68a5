"""What the service tells about the law: regimes, case schemas, rules in force, offences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pocapace.engine.core.errors import UnknownReferenceError
from pocapace.engine.regimes.registry import REGIMES
from pocapace.engine.tools.listing import list_entries, rules_in_force

from .config import Service

OFFENCES_SHOWN = 50


def regimes(service: Service) -> list[dict[str, Any]]:
    out = []
    for name in sorted(REGIMES):
        header = service.engine.ruleset(name).files.header
        out.append({"regime": name, "title": header.title, "jurisdiction": header.jurisdiction,
                    "checked_to": str(header.checked_to),
                    "decisions": f"/v1/{name}/decisions", "schema": f"/v1/regimes/{name}/schema",
                    "rules": f"/v1/regimes/{name}/rules"})
    return out


def schema(regime: str) -> dict[str, Any]:
    return REGIMES[regime].case_model.model_json_schema()


def rules(service: Service, regime: str, day: dt.date | None) -> dict[str, Any]:
    """The rules and list entries (in force on ``day``, or all), as ``pocapace rules`` lists."""
    ruleset = service.engine.ruleset(regime)
    return {"regime": regime, "at": str(day) if day else None,
            "rules": [r.__dict__ for r in rules_in_force(ruleset, day)],
            "lists": [e.__dict__ for e in list_entries(ruleset, service.engine.catalogues, day)]}


def offences(service: Service, query: str) -> dict[str, Any]:
    """Offences matching every word of ``query``; the closest names when none does."""
    catalogues = service.engine.catalogues
    found = catalogues.offences.search(query)
    shown = []
    for info in found[:OFFENCES_SHOWN]:
        form = catalogues.inchoate.form_of(info.id)
        shown.append({"id": info.id, "offence": info.display, "title": info.title,
                      "category": info.category, **({"inchoate_form": form.id} if form else {})})
    out: dict[str, Any] = {"query": query, "count": len(found), "offences": shown}
    exact = catalogues.offences.find(query) if query.strip() else None
    if exact is not None:
        out["match"] = exact.id
    if not found and query.strip():
        try:
            catalogues.offences.resolve(query)
        except UnknownReferenceError as exc:
            out["suggestions"] = exc.suggestions
    return out
