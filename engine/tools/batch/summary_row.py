"""One summary row per case for CSV output, safe to open in a spreadsheet."""

from __future__ import annotations

from ...decision.model import Decision
from ...decision.trace import walk_decisive

COLUMNS = ["id", "regime", "outcome", "routes_or_tests", "missing", "first_reason",
           "rules_version", "source", "position", "error", "before"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ tab or CR is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def first_reason(decision: Decision) -> str:
    """The first decisive fact in the reasons tree, with the rule and citation that used it."""
    for node in walk_decisive(decision.trace):
        for fact in node.facts:
            if fact.decisive:
                return f"{node.label} [{node.citation}]: {fact.fact} = {fact.value}"
    return decision.summary


def summary_row(decision: Decision, labels: list[str], compare=None) -> dict[str, str]:
    row = {
        "id": decision.id, "regime": decision.regime, "outcome": decision.outcome,
        "routes_or_tests": " ".join(labels),
        "missing": " ".join(m.fact for m in decision.missing),
        "first_reason": first_reason(decision), "rules_version": decision.rules_version,
        "source": (decision.input or {}).get("source", ""),
        "position": (decision.input or {}).get("position", ""),
        "error": "", "before": "",
    }
    if compare is not None:
        before, changes = compare
        row["before"] = before.outcome
        if changes:
            row["first_reason"] = "; ".join(f"{c['label']} [{c['citation']}]: {c['before']} -> "
                                            f"{c['after']}" for c in changes[:3])
    return {k: neutralise(v) for k, v in row.items()}


def error_row(record, message: str, outcome: str) -> dict[str, str]:
    row = {"id": record.case_id or "", "regime": "", "outcome": outcome, "routes_or_tests": "",
           "missing": "", "first_reason": "", "rules_version": "", "source": record.source,
           "position": record.position, "error": message, "before": ""}
    return {k: neutralise(v) for k, v in row.items()}
