"""The choices a question offers: from its rule file, or from the catalogues and register."""

from __future__ import annotations

from typing import Any

from ...law.rulefiles import QuestionsFile

YES_NO = [{"value": "yes", "label": "yes"}, {"value": "no", "label": "no"},
          {"value": "unknown", "label": "don't know"}]


def _station_label(slug: str) -> str:
    return slug.replace("-", " ").title()


def stations(register, area: str | None = None) -> list[tuple[str, str]]:
    """(area id, station) of every station the register names, of one area or all."""
    if register is None:
        return []
    return [(a.id, s) for a in register.areas if area in (None, a.id) for s in a.stations]


def choices_for(engine, questions: QuestionsFile, answer: str,
                case: dict[str, Any]) -> list[dict[str, str]]:
    if answer in questions.choices:
        return [c.model_dump() for c in questions.choices[answer]]
    catalogues = engine.catalogues
    if answer == "yes-no":
        return list(YES_NO)
    if answer == "rank":
        return [{"value": r.id, "label": r.label} for r in catalogues.ranks.by_id.values()]
    if answer == "inchoate":
        return [{"value": "none", "label": "none (the offence itself)"}] + [
            {"value": f.id, "label": f.label} for f in catalogues.inchoate.by_id.values()]
    if answer == "drug":
        return [{"value": d.id, "label": d.name} for d in catalogues.drugs.by_id.values()]
    if answer == "place":
        return [{"value": a.id, "label": a.name} for a in catalogues.areas.by_id.values()]
    if answer == "station":
        area = (case.get("detention") or {}).get("police_area")
        return [{"value": s, "label": _station_label(s)}
                for _, s in stations(engine.register, area)]
    return []
