"""A printable, self-contained HTML decision record for a custody record or a court bundle:
when and by what it was produced, the facts in plain words, the outcome, the steps to take
(PACE) or the figures (POCA), reasons with citations, the readings of the law relied on and a
sign-off block. Styles are inline and a content security policy forbids scripts; every piece
of case text is escaped. Printed, each A4 page carries the case reference and its number."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from . import people
from .model import Decision, TraceNode
from .record_facts import Section, long_iso, long_moment
from .record_tables import figures_table, readings, stage_words
from .render import FINDING, MARK, duty_pending, item_label, not_in_force, shown_children
from .report_style import STYLE, page_style

CSP = "default-src 'none'; style-src 'unsafe-inline'"


def render_html(decision: Decision, facts: list[Section], version: str,
                produced: dt.datetime) -> str:
    """The whole record as one HTML document; ``produced`` should carry its time zone."""
    ref = escape(decision.id)
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>Decision record {ref}</title>",
        f"<style>{STYLE}{page_style(decision, version, when(produced))}</style></head><body>",
        f'<header><div class="ref">Case reference: {ref}</div><h1>Decision record</h1></header>',
        f'<p><span class="outcome">{escape(words(decision.outcome))}</span></p>',
        f'<p class="summary">{escape(decision.summary)}</p>',
        _scenario_notice(decision),
        _unconfirmed_notice(decision),
        _about(decision, version, produced),
        _facts(facts),
        _outcome(decision),
        _checklist(decision),
        _poca_figures(decision),
        _list("Missing facts that would decide it", [escape(m.ask) for m in decision.missing], "missing"),
        _list("What follows", [_duty(n) for n in decision.notes] +
              [f"<b>{escape(c['label'])}</b> {_cite(c['citation'])}: {escape(c['text'])}"
               for c in decision.consequences], "what-follows"),
        _list("What would change this", [_change(c) for c in decision.would_change],
              "would-change"),
        _readings(decision),
        _section("Reasons", f'<ul class="tree">{_node(decision.trace)}</ul>', "reasons"),
        _sign_off(),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ")


def when(moment: dt.datetime) -> str:
    """'2 December 2026 at 00:45 UTC (+00:00)'."""
    zone = moment.strftime("%Z") or "local time"
    offset = moment.strftime("%z")
    shown = f"{offset[:3]}:{offset[3:]}" if offset else "offset not known"
    return f"{long_moment(moment)} {zone} ({shown})"


def scenario_text(law_at: Any) -> str:
    """The law scenario a decision was made under, if the decision records one."""
    scenario = getattr(law_at, "scenario", None)
    if not scenario:
        return "none: the law as in force at that moment"
    if isinstance(scenario, dict) and "title" in scenario:
        assumed = ", ".join(f"{k} from {long_iso(v)}" for k, v in scenario.get(
            "commencements", {}).items())
        changes = "; ".join(scenario.get("list_changes", []))
        return (f"{scenario['id']}: {scenario['title']} - NOT THE LAW IN FORCE"
                + (f"; assumes {assumed}" if assumed else "") + (f"; {changes}" if changes else "")
                + f" (scenario {scenario.get('digest', '')})")
    if isinstance(scenario, dict):
        return "; ".join(f"{words(str(k))}: {v}" for k, v in scenario.items())
    for name in ("label", "name", "title"):
        if getattr(scenario, name, None):
            return str(getattr(scenario, name))
    return str(scenario)


def _about(decision: Decision, version: str, produced: dt.datetime) -> str:
    law = decision.law_at
    rows = [("Case reference", decision.id), ("Produced", when(produced)),
            ("Produced by", f"pocapace {version}"), ("Rules version", decision.rules_version),
            ("Law applied", f"the law in force at {long_iso(law.moment)}"),
            ("Law scenario", scenario_text(law)),
            ("Rules checked against the legislation up to", long_iso(law.checked_to)),
            ("Input hash", decision.input_hash)]
    given = decision.input or {}
    rows += [(label, given[key]) for key, label in (
        ("register_hash", "Notification register (content hash)"),
        ("code_table_hash", "Offence code table (content hash)")) if given.get(key)]
    return _section("About this record", _table(rows), "about")


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="facts">{body}</table>'


def _facts(facts: list[Section]) -> str:
    body = "".join(f"<h3>{escape(title)}</h3>{_table(rows)}" for title, rows in facts if rows)
    return _section("Facts of the case", body, "facts")


def _section(title: str, body: str, key: str) -> str:
    return f'<section id="{key}"><h2>{escape(title)}</h2>{body}</section>'


def _list(title: str, items: list[str], key: str) -> str:
    if not items:
        return ""
    return _section(title, "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>", key)


def _cite(citation: str) -> str:
    return f'<span class="cite">[{escape(citation)}]</span>'


def _outcome(decision: Decision) -> str:
    routes = [f"{escape(r.label)}{_for(r.offence)} {_cite(r.citation)}" for r in decision.routes]
    body = ""
    if routes:
        body += "<p>Routes open:</p><ul>" + "".join(f"<li>{r}</li>" for r in routes) + "</ul>"
    if decision.open_routes:
        body += "<p>Routes still open if the missing facts go the right way:</p><ul>" + "".join(
            f"<li>{escape(r.label)}{_for(r.offence)} {_cite(r.citation)}</li>"
            for r in decision.open_routes) + "</ul>"
    if decision.tests:
        rows = "".join(f"<tr><td>{t['conviction'] + 1}: {escape(t['offence'])}</td>"
                       f"<td>{escape(t['test'])} {escape(t['label'])} {_cite(t['citation'])}</td>"
                       f"<td>{FINDING[t['outcome']]}</td></tr>" for t in decision.tests)
        body += ("<h3>The tests</h3><table><tr><th>Conviction</th><th>Test</th>"
                 f"<th>Finding</th></tr>{rows}</table>")
    if not body:
        body = f"<p>{escape(decision.summary)}</p>"
    return _section("Outcome", body, "outcome")


def _for(offence: str | None) -> str:
    return f" for {escape(offence)}" if offence else ""


def _checklist(decision: Decision) -> str:
    steps = people.checklist(decision)
    if not steps:
        return ""
    asks = {m.fact: m.ask for m in decision.missing}
    rows = []
    for step in steps:
        depends = [asks.get(m) or people.path_words(m) for m in step.depends_on or []]
        pending = "" if not depends else \
            f'<div class="muted">May apply: depends on {escape("; ".join(depends))}.</div>'
        rows.append(f"<tr><td>{step.number}</td><td>{escape(stage_words(step.stage))}</td>"
                    f"<td><b>{escape(step.action)}</b> {_cite(step.citation)}"
                    f"<div>{escape(step.detail)}</div>{pending}</td>"
                    '<td class="tick"><span class="box"></span></td>'
                    '<td class="time"><span class="write"></span></td></tr>')
    return _section("Checklist", "<p>In the order they must happen. Tick each step when it "
                                 "is done and write the time.</p><table class=\"checklist\"><tr>"
                                 "<th>#</th><th>When</th><th>Step</th><th>Done</th><th>Time</th>"
                                 f"</tr>{''.join(rows)}</table>", "checklist")


def _poca_figures(decision: Decision) -> str:
    figures = decision.figures
    if "window" not in figures:
        return ""
    window = figures["window"]
    span = f"{long_iso(window['first_day'])} to {long_iso(window['last_day'])}" \
        if window.get("first_day") else "not known: the day the proceedings started is not given"
    threshold = figures.get("relevant_benefit_threshold", {})
    head = [("Window for earlier convictions " + f"[{window.get('citation', '')}]", span),
            ("Relevant day", long_iso(figures.get("relevant_day")) if figures.get(
                "relevant_day") else "not known"),
            (f"Relevant benefit threshold [{threshold.get('citation', '')}]",
             threshold.get("amount", ""))]
    head += [(f"Earlier convictions on {long_iso(o['day'])}",
              f"{'; '.join(o['offences'])}: {o['status']}") for o in figures.get("occasions", [])]
    body = "<h3>The window</h3>" + _table(head)
    rows, conviction, total = [], None, None
    for row in figures_table(decision):
        if row.conviction != conviction:
            rows.append(f'<tr class="group"><td colspan="3">{escape(row.conviction)}</td></tr>')
            conviction, total = row.conviction, None
        if row.total != total:
            rows.append(f'<tr class="total"><td>{escape(row.total)} {_cite(row.citation)}</td>'
                        f'<td class="money">{escape(row.total_amount)}</td><td></td></tr>')
            total = row.total
        rows.append(f'<tr><td class="part">{escape(row.part)}</td>'
                    f'<td class="money">{escape(row.amount)}</td><td>{escape(row.why)}</td></tr>')
    if rows:
        body += ('<h3>Relevant benefit</h3><table class="figures"><tr><th>Total, and its parts'
                 "</th><th>Amount</th><th>Why it counts</th></tr>"
                 f"{''.join(rows)}</table>")
    return _section("Figures", body, "figures")


def _duty(duty) -> str:
    pending = duty_pending(duty)
    status = "" if pending is None else ' <span class="muted">(may apply)</span>'
    return f"<b>{escape(duty.label)}</b> {_cite(duty.citation)}{status}. {escape(duty.text)}"


def _change(change: dict[str, Any]) -> str:
    return (f"{escape(' and '.join(change['changes']))} "
            f"{_cite('; '.join(change['provisions']))} would give "
            f"<b>{escape(words(change['outcome']))}</b>")


def _scenario_notice(decision: Decision) -> str:
    scenario = decision.law_at.scenario
    if not scenario:
        return ""
    return (f'<p class="notice"><span class="flag">Law scenario</span> Decided under the law '
            f"scenario {escape(str(scenario.get('id')))} ({escape(str(scenario.get('title')))}), "
            "not the law in force: it assumes commencements that have not been made.</p>")


def _unconfirmed_notice(decision: Decision) -> str:
    if not decision.unconfirmed:
        return ""
    count = len(decision.unconfirmed)
    return ('<p class="notice"><span class="flag">Unconfirmed reading</span> This decision rests '
            f"on {count} reading{'s' if count > 1 else ''} of the law not yet confirmed against "
            'the legislation: see "Readings of the law relied on".</p>')


def _readings(decision: Decision) -> str:
    found = readings(decision)
    caveats = [f"<li>{escape(c)}</li>" for c in decision.law_at.caveats]
    if not found and not caveats:
        return ""
    items = []
    for r in found:
        flag = '<span class="flag">Unconfirmed reading</span> ' if r.unconfirmed else ""
        css = ' class="unconfirmed"' if r.unconfirmed else ""
        items.append(f"<li{css}>{flag}<b>{escape(r.label)}</b> {_cite(r.citation)}: "
                     f"{escape(r.text)}</li>")
    body = f'<ul class="readings">{"".join(items)}</ul>' if items else ""
    if caveats:
        body += f'<h3>Caveats on the law applied</h3><ul class="caveat">{"".join(caveats)}</ul>'
    return _section("Readings of the law relied on", body, "readings")


def _node(node: TraceNode) -> str:
    muted = "" if node.decisive else " muted"
    head = (f'<li class="{node.outcome}{muted}"><span class="mark">{MARK[node.outcome]}</span>'
            f"{escape(node.label)}{item_label(node)} {_cite(node.citation)}")
    if not_in_force(node):
        head += f' <span class="muted">{escape(node.in_force)}</span>'
    body = []
    if node.decisive:
        body += [f'<div class="fact">{escape(f.fact)} = {escape(f.value)}</div>'
                 for f in node.facts if f.decisive]
        body += [f'<div class="reason">{escape(r)}</div>' for r in node.reasons]
        children = "".join(_node(c) for c in shown_children(node))
        if children:
            body.append(f"<ul>{children}</ul>")
    return head + "".join(body) + "</li>"


def _sign_off() -> str:
    rows = "".join(f'<tr><th>{label}</th><td class="write-in"></td></tr>'
                   for label in ("Name", "Rank or role", "Number (warrant, collar or staff)",
                                 "Signature", "Date", "Time"))
    return _section("Sign-off", "<p>Decision reviewed and adopted by:</p>"
                                f'<table class="sign">{rows}</table>', "sign-off")
