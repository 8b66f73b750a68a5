"""Plain-text rendering of a decision for people: outcome, routes, duties, then the reasons tree."""

from __future__ import annotations

import textwrap

from .model import Decision, TraceNode

MARK = {"met": "✓", "not_met": "✗", "unknown": "?"}
WIDTH = 100


def render_text(decision: Decision) -> str:
    law = decision.law_at
    scenario = f" - UNDER LAW SCENARIO '{law.scenario['id']}', NOT THE LAW IN FORCE" \
        if law.scenario else ""
    lines = [f"{decision.id}: {decision.outcome.upper().replace('_', ' ')}{scenario}"]
    if law.scenario:
        lines += _wrap(f"Assumed: {law.scenario['title']}")
    if decision.unconfirmed:
        lines += _wrap("Rests on a reading of the law that is not confirmed: " + "; ".join(
            c.citation for c in decision.unconfirmed) + " (see Caveats)")
    if decision.title:
        lines.append(decision.title)
    lines += _wrap(decision.summary)
    lines.append(f"Law applied: {law.moment} (rules checked to {law.checked_to}); "
                 f"rules version {decision.rules_version}; input {decision.input_hash}")
    lines += _section("Routes", [_route(r) for r in decision.routes])
    lines += _section("Routes still open (if the missing facts go the right way)",
                      [_route(r) for r in decision.open_routes])
    for title, key in (("Tests", "tests"),):
        items = getattr(decision, key)
        lines += _section(title, [_test(t) for t in items])
    lines += _figures(decision.figures)
    lines += _section("Missing facts that would decide it",
                      [f"{m.fact}: {m.ask}" for m in decision.missing])
    lines += _section("Obligations", [_duty(o) for o in decision.obligations])
    lines += _section("What follows", [_duty(o) for o in decision.notes] +
                      [f"{c['label']} [{c['citation']}]: {c['text']}" for c in
                       decision.consequences])
    lines += _section("What would change this", [_change(c) for c in decision.would_change])
    caveats = list(law.caveats) + [f"{c.citation}: {c.text}" for c in decision.unconfirmed]
    lines += _section("Caveats", caveats)
    lines.append("")
    lines.append("Reasons:")
    lines += _tree(decision.trace, 1)
    return "\n".join(lines) + "\n"


def _wrap(text: str, indent: str = "") -> list[str]:
    hanging = " " * len(indent) + ("  " if not indent.strip() else "")
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=hanging) \
        or [indent]


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    out = ["", f"{title}:"]
    for item in items:
        out += _wrap(item, "  - ")
    return out


def _route(route) -> str:
    where = f" for {route.offence}" if route.offence else ""
    return f"{route.label}{where} [{route.citation}]"


# ------------------------------------------------ what a record shows (text and HTML alike)

FINDING = {"met": "met", "not_met": "not met", "unknown": "not known"}


def item_label(node: TraceNode) -> str:
    """' (offence 2)' for a rule about one item of the case; '' for the whole case."""
    return f" ({node.scope} {node.item + 1})" if node.item is not None else ""


def not_in_force(node: TraceNode) -> bool:
    return bool(node.in_force and node.in_force.startswith("not in force"))


def shown_children(node: TraceNode) -> list[TraceNode]:
    """Children worth showing: a version or rule not in force that day decided nothing."""
    return [c for c in node.children if c.decisive or not not_in_force(c)]


def duty_pending(duty) -> str | None:
    """For a duty that may apply: the facts it depends on; None when it applies."""
    return None if duty.status == "applies" else ", ".join(duty.missing)


def change_fact(fact: dict) -> str:
    more = f" ({fact['more']})" if fact.get("more") else ""
    return f"{fact['fact']}: {fact['from']} -> {fact['to']}{more}"


# ------------------------------------------------ the text rendering

def _duty(duty) -> str:
    pending = duty_pending(duty)
    status = "" if pending is None else f" (may apply; depends on: {pending})"
    stage = f"{duty.stage}: " if duty.stage else ""
    return f"{stage}{duty.label} [{duty.citation}]{status}. {duty.text}"


def _test(test: dict) -> str:
    return (f"conviction {test['conviction'] + 1} ({test['offence']}): {test['test']} "
            f"{test['label']} [{test['citation']}]: {FINDING[test['outcome']]}")


def _figures(figures: dict) -> list[str]:
    lines = figure_lines(figures)
    return ["", "Figures:", *lines] if lines else []


def figure_lines(figures: dict) -> list[str]:
    """A regime's figures: labelled amounts, periods and totals with their parts."""
    out: list[str] = []
    for name, value in figures.items():
        if isinstance(value, list):
            for entry in value:
                out += _figure_entry(name, entry)
        else:
            out += _wrap(_figure_text(name, value), "  - ")
    return out


def _figure_text(name: str, value) -> str:
    if not isinstance(value, dict):
        return f"{name.replace('_', ' ')}: {value}"
    label = f"{value.get('label', name.replace('_', ' '))}"
    if value.get("citation"):
        label += f" [{value['citation']}]"
    if "total" in value:
        parts = " + ".join(f"{p['part']} {p['amount']}" for p in value.get("parts", []))
        return f"{label}: {value['total']}" + (f" = {parts}" if parts else "")
    if "first_day" in value:
        span = f"{value['first_day']} to {value['last_day']}" if value["first_day"] else \
            value.get("note", "not known")
        return f"{label}: {span}"
    rest = "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items()
                     if k not in ("label", "citation"))
    return f"{label}: {rest}"


def _figure_entry(name: str, entry: dict) -> list[str]:
    nested = {k: v for k, v in entry.items() if isinstance(v, dict)}
    flat = "; ".join(f"{k.replace('_', ' ')}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in entry.items() if not isinstance(v, dict))
    out = _wrap(f"{name.replace('_', ' ')}: {flat}", "  - ")
    for group in nested.values():
        for key, value in group.items():
            out += _wrap(_figure_text(key, value), "      ")
    return out


def _change(change: dict) -> str:
    facts = "; ".join(change_fact(f) for f in change["facts"])
    return (f"{' and '.join(change['changes'])} [{'; '.join(change['provisions'])}] gives "
            f"{change['outcome']} ({facts})")


def _tree(node: TraceNode, depth: int) -> list[str]:
    pad = "  " * depth
    head = f"{pad}{MARK[node.outcome]} {node.label}{item_label(node)} [{node.citation}]"
    if not_in_force(node):
        head += f" - {node.in_force}"
    if not node.decisive:
        return [head]
    out = [head]
    for fact in node.facts:
        if fact.decisive:
            out += _wrap(f"{fact.fact} = {fact.value}", pad + "    ")
    for reason in node.reasons:
        out += _wrap(reason, pad + "    > ")
    for child in shown_children(node):
        out += _tree(child, depth + 1)
    return out
