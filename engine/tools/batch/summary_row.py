"""One summary row per case for CSV output, safe to open in a spreadsheet."""

from __future__ import annotations

from ...decision.model import Decision
from ...decision.people import _reason_text, fact_changes
from ...decision.trace import walk_decisive

COLUMNS = ["id", "regime", "outcome", "routes_or_tests", "missing", "first_reason",
           "rules_version", "source", "position", "error", "before", "routes_before",
           "compared"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet will not run as a formula: a leading = + - @ tab or CR is quoted."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def first_reason(decision: Decision) -> str:
    """The reason that decided the outcome: for a negative, the failing condition the
    smallest change on the case's own route would fix (a charged detainee's charge route, not
    the arrest route); otherwise the first decisive fact, with its rule and citation."""
    if decision.outcome != "undetermined" and not decision.met_labels():
        found = _failing_on_own_route(decision)
        if found is not None:
            return found
    for node in walk_decisive(decision.trace):
        for fact in node.facts:
            if fact.decisive:
                return f"{node.label} [{node.citation}]: {fact.fact} = {fact.value}"
    return decision.summary


def _failing_on_own_route(decision: Decision) -> str | None:
    """The failing decisive condition cited by the first fact change that keeps the stage the
    case is at (changing an offence's stage would put the detainee on another route)."""
    failing = [n for n in walk_decisive(decision.trace)
               if n.outcome == decision.trace.outcome and any(f.decisive for f in n.facts)]
    for change in fact_changes(decision):
        if any(f["fact"].endswith(".stage") for f in change["facts"]):
            continue
        for node in failing:
            if node.citation in change["provisions"]:
                return _reason_text(node)
        return None
    return None


def summary_row(decision: Decision, labels: list[str], compare=None) -> dict[str, str]:
    """The row for ``decision``; ``compare`` is (the decision before, the rule changes, what
    the two sides are) under --compare-at or --compare-assume."""
    row = {
        "id": decision.id, "regime": decision.regime, "outcome": decision.outcome,
        "routes_or_tests": " ".join(labels),
        "missing": " ".join(m.fact for m in decision.missing),
        "first_reason": first_reason(decision), "rules_version": decision.rules_version,
        "source": (decision.input or {}).get("source", ""),
        "position": (decision.input or {}).get("position", ""),
        "error": "", "before": "", "routes_before": "", "compared": "",
    }
    if compare is not None:
        before, changes, sides = compare
        row["before"], row["compared"] = before.outcome, sides
        row["routes_before"] = " ".join(before.met_labels())
        if changes:
            row["first_reason"] = "; ".join(f"{c['label']} [{c['citation']}]: {c['before']} -> "
                                            f"{c['after']}" for c in changes[:3])
    return {k: neutralise(v) for k, v in row.items()}


def error_row(record, message: str, outcome: str) -> dict[str, str]:
    row = {"id": record.case_id or "", "regime": "", "outcome": outcome, "routes_or_tests": "",
           "missing": "", "first_reason": "", "rules_version": "", "source": record.source,
           "position": record.position, "error": message, "before": "",
           "routes_before": "", "compared": ""}
    return {k: neutralise(v) for k, v in row.items()}
