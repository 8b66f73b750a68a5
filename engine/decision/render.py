"""Plain-text rendering of a decision for people.

The default is short: the outcome and route in one line, the one reason or the facts still
needed, the custody checklist or the lifestyle figures, what follows. ``explain=True`` adds
everything else and the full tree of reasons.
"""

from __future__ import annotations

import textwrap
from contextvars import ContextVar

from . import people
from .model import Decision, TraceNode

MARK = {"met": "✓", "not_met": "✗", "unknown": "?"}
#: For an output that cannot show ✓ and ✗.
PLAIN_MARK = {"met": "+", "not_met": "x", "unknown": "?"}
WIDTH = 100
CHANGES_SHOWN = 3
#: The width and marks of the rendering under way (per thread or task, so a service can
#: render for several people at once).
_STYLE: ContextVar[tuple[int, dict]] = ContextVar("text_style", default=(WIDTH, MARK))


def render_text(decision: Decision, width: int = WIDTH, plain_marks: bool = False,
                explain: bool = False) -> str:
    token = _STYLE.set((width, PLAIN_MARK if plain_marks else MARK))
    try:
        return (_full if explain else _short)(decision)
    finally:
        _STYLE.reset(token)


def outcome_words(outcome: str) -> str:
    return outcome.upper().replace("_", " ")


def _under(decision: Decision) -> str:
    """On the first line: the law scenario a decision was made under, if any."""
    scenario = decision.law_at.scenario
    return f" (UNDER LAW SCENARIO '{scenario['id']}', NOT THE LAW IN FORCE)" if scenario else ""


def _first_notes(decision: Decision) -> list[str]:
    """What a reader must know before relying on the answer: the scenario's assumption, and
    that the answer rests on a reading of the law that is not confirmed."""
    lines = []
    if decision.law_at.scenario:
        lines += _wrap(f"Assumed: {decision.law_at.scenario['title']}")
    if decision.unconfirmed:
        lines += _wrap("Rests on a reading of the law that is not confirmed: " + "; ".join(
            dict.fromkeys(c.citation for c in decision.unconfirmed)) + " (see Caveats)")
    return lines


# ------------------------------------------------------------ the short decision

def _short(decision: Decision) -> str:
    routes = "; ".join(f"{_route(r)}" for r in decision.routes)
    word = outcome_words(decision.outcome)
    summary = decision.summary.split(": ", 1)[0] if routes else decision.summary
    if summary.lower().startswith(word.lower() + ": "):
        summary = summary[len(word) + 2:]
    head = f"{word}{_under(decision)}: {summary[0].upper()}{summary[1:]}" + \
        (f": {routes}" if routes else "")
    lines = _wrap(head) + _first_notes(decision)
    if decision.title:
        lines += _wrap(f"{decision.id}: {decision.title}")
    why = people.reason(decision)
    if why:
        lines += _wrap(f"Why not: {why}")
    lines += _section("Still needed to decide", people.still_needed(decision))
    lines += _section("Could still be met", [_route(r) for r in decision.open_routes])
    if decision.tests:
        lines += _figures_table(decision, explain=False)
    else:
        lines += _checklist(decision)
    lines += _section("What follows", [_follows(f) for f in people.what_follows(decision)])
    lines += _section("What would change this", _changes(decision)[:CHANGES_SHOWN])
    caveats = list(decision.law_at.caveats) + [f"{c.citation}: {c.text}"
                                               for c in decision.unconfirmed]
    lines += _section("Caveats", caveats)
    law = decision.law_at
    lines += [""] + _wrap(f"Law applied: {people.dates(law.moment).removesuffix(' 00:00')} "
                          f"(rules checked to "
                          f"{people.dates(law.checked_to)}). The full reasons: --explain.")
    return "\n".join(lines) + "\n"


def _checklist(decision: Decision) -> list[str]:
    steps = people.checklist(decision)
    if not steps:
        return []
    title = "What to do, in order" if decision.outcome != "undetermined" else \
        "If a sample may be taken, in order"
    out = ["", f"{title}:"]
    for step in steps:
        when = f" (depends on {', '.join(step.depends_on)})" if step.depends_on else ""
        out += _wrap(f"{step.number}. {step.action} [{step.citation}]{when}", "  ")
        if not step.depends_on:
            out += textwrap.wrap(step.detail, _STYLE.get()[0], initial_indent="     ",
                                 subsequent_indent="     ")
    return out


def _follows(item: dict) -> str:
    when = f" (depends on {', '.join(item['depends_on'])})" if item["depends_on"] else ""
    return f"{item['label']} [{item['citation']}]{when}: {item['text']}"


def _figures_table(decision: Decision, explain: bool) -> list[str]:
    rows = people.figures_table(decision, explain)
    if not rows:
        return []
    width = _STYLE.get()[0]
    left = min(max(len("  " * r.depth + r.label) for r in rows) + 4, 44, width // 2)
    out = ["", "Figures:"]
    for row in rows:
        label = "  " * (row.depth + 1) + row.label
        value = row.value + (f" [{row.citation}]" if row.citation else "")
        value += f" - {row.note}" if row.note else ""
        if len(label) + 2 > left:  # a long label: the figure follows it on the same line
            out += textwrap.wrap(f"{label}: {value}", width,
                                 subsequent_indent=" " * (len(label) - len(label.lstrip()) + 4))
            continue
        out += textwrap.wrap(value, width, initial_indent=label.ljust(left),
                             subsequent_indent=" " * (left + 2)) or [label]
    return out


def _changes(decision: Decision) -> list[str]:
    """Each suggestion in plain words, with the provision it engages and what it would give."""
    out = []
    for change in people.fact_changes(decision):
        text = people.plain(change.get("says") or " and ".join(change["changes"]))
        out.append(f"{text[0].upper()}{text[1:]} [{'; '.join(change['provisions'])}]: "
                   f"{outcome_words(change['outcome']).lower()}")
    return out


# ------------------------------------------------------------ the full decision (--explain)

def _full(decision: Decision) -> str:
    law = decision.law_at
    lines = [f"{decision.id}: {outcome_words(decision.outcome)}{_under(decision)}"]
    lines += _first_notes(decision)
    if decision.title:
        lines.append(decision.title)
    lines += _wrap(decision.summary)
    lines.append(f"Law applied: {law.moment} (rules checked to {law.checked_to}); "
                 f"rules version {decision.rules_version}; input {decision.input_hash}")
    lines += _section("Routes", [_route(r) for r in decision.routes])
    lines += _section("Routes still open (if the missing facts go the right way)",
                      [_route(r) for r in decision.open_routes])
    lines += _section("Tests", [_test(t) for t in decision.tests])
    lines += _figures_table(decision, explain=True) if decision.tests else \
        _figures(decision.figures)
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
    return textwrap.wrap(text, _STYLE.get()[0], initial_indent=indent,
                         subsequent_indent=hanging) or [indent]


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
    head = f"{pad}{_STYLE.get()[1][node.outcome]} {node.label}{item_label(node)} " \
           f"[{node.citation}]"
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
