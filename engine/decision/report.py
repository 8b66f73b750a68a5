"""A printable, self-contained HTML decision record: facts, outcome, reasons with citations,
obligations, the law's dates, the rules version and the input hash. No external assets:
styles are inline, so the file can go into a custody record or a court bundle as it is."""

from __future__ import annotations

from html import escape
from typing import Any

from .model import Decision, TraceNode
from .render import (
    FINDING,
    MARK,
    change_fact,
    duty_pending,
    figure_lines,
    item_label,
    not_in_force,
    shown_children,
)

STYLE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; margin: 2em auto;
       max-width: 54em; padding: 0 1.5em; }
h1 { font-size: 1.5em; margin: 0 0 .2em; }
h2 { font-size: 1.1em; border-bottom: 1px solid #999; margin: 1.6em 0 .5em; padding-bottom: .15em;
     page-break-after: avoid; }
.outcome { display: inline-block; padding: .2em .7em; border: 2px solid #111; font-weight: bold;
           letter-spacing: .03em; text-transform: uppercase; }
.summary { font-size: 1.1em; margin: .6em 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0; }
th, td { text-align: left; vertical-align: top; padding: .25em .5em; border: 1px solid #bbb; }
th { background: #eee; width: 28%; }
pre { background: #f6f6f6; border: 1px solid #ccc; padding: .6em; white-space: pre-wrap;
      font: 9.5pt/1.35 'DejaVu Sans Mono', Menlo, Consolas, monospace; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.3em; margin: .1em 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: .15em 0; page-break-inside: avoid; }
.mark { font-weight: bold; display: inline-block; width: 1.2em; }
.met .mark { color: #0a6b2d; } .not_met .mark { color: #a00; } .unknown .mark { color: #8a5a00; }
.cite { color: #333; font-size: .92em; }
.muted { color: #777; }
.fact, .reason { font-size: .92em; margin-left: 1.4em; }
.reason { font-style: italic; }
.caveat { border-left: 4px solid #8a5a00; padding-left: .6em; }
.sign { margin-top: 2.5em; display: grid; grid-template-columns: 1fr 1fr; gap: 2em; }
.sign div { border-top: 1px solid #111; padding-top: .3em; font-size: .9em; }
footer { margin-top: 2em; font-size: .85em; color: #555; }
@page { size: A4; margin: 18mm 16mm; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
"""


def render_html(decision: Decision, case_text: str, version: str) -> str:
    """The whole record as one HTML document."""
    parts = [
        "<!DOCTYPE html>", '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>Decision record {escape(decision.id)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Decision record: {escape(decision.id)}</h1>",
        f"<p>{escape(decision.title or '')}</p>" if decision.title else "",
        f'<p><span class="outcome">{escape(decision.outcome.replace("_", " "))}</span></p>',
        f'<p class="summary">{escape(decision.summary)}</p>',
        _meta(decision, version),
        _section("Facts of the case", f"<pre>{escape(case_text)}</pre>"),
        _list("Routes", [f"{escape(r.label)}{_for(r.offence)} {_cite(r.citation)}"
                         for r in decision.routes]),
        _tests(decision.tests),
        _figures(decision.figures),
        _list("Missing facts that would decide it",
              [f"<code>{escape(m.fact)}</code>: {escape(m.ask)}" for m in decision.missing]),
        _list("Obligations", [_duty(o) for o in decision.obligations]),
        _list("What follows", [_duty(n) for n in decision.notes] +
              [f"<b>{escape(c['label'])}</b> {_cite(c['citation'])}: {escape(c['text'])}"
               for c in decision.consequences]),
        _list("What would change this", [_change(c) for c in decision.would_change]),
        _list("Caveats", [escape(c) for c in decision.law_at.caveats] +
              [f"{_cite(c.citation)} {escape(c.text)}" for c in decision.unconfirmed],
              css="caveat"),
        _section("Reasons", f'<ul class="tree">{_node(decision.trace)}</ul>'),
        '<div class="sign"><div>Decision reviewed by (name, rank, number)</div>'
        "<div>Date and time</div></div>",
        f"<footer>Produced by pocapace {escape(version)}. Rules version "
        f"{escape(decision.rules_version)}; input hash {escape(decision.input_hash)}. The "
        "reasons above cite every provision relied on; the rules and their sources are in "
        "the pocapace rule files.</footer>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _meta(decision: Decision, version: str) -> str:
    law = decision.law_at
    rows = [("Regime", decision.regime), ("Law applied", f"{law.date} (moment {law.moment})"),
            ("Rules checked against the legislation up to", law.checked_to),
            ("Rules version", decision.rules_version), ("Input hash", decision.input_hash),
            ("Source", (decision.input or {}).get("source", ""))]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _section(title: str, body: str) -> str:
    return f"<h2>{escape(title)}</h2>{body}"


def _list(title: str, items: list[str], css: str = "") -> str:
    if not items:
        return ""
    cls = f' class="{css}"' if css else ""
    return _section(title, f"<ul{cls}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


def _cite(citation: str) -> str:
    return f'<span class="cite">[{escape(citation)}]</span>'


def _for(offence: str | None) -> str:
    return f" for {escape(offence)}" if offence else ""


def _duty(duty) -> str:
    pending = duty_pending(duty)
    status = "" if pending is None else \
        f' <span class="muted">(may apply; depends on {escape(pending)})</span>'
    stage = f"{escape(duty.stage)}: " if duty.stage else ""
    return f"{stage}<b>{escape(duty.label)}</b> {_cite(duty.citation)}{status}. {escape(duty.text)}"


def _change(change: dict[str, Any]) -> str:
    facts = "; ".join(escape(change_fact(f)) for f in change["facts"])
    return (f"{escape(' and '.join(change['changes']))} "
            f"{_cite('; '.join(change['provisions']))} gives "
            f"<b>{escape(change['outcome'])}</b> <span class='muted'>({facts})</span>")


def _tests(tests: list[dict]) -> str:
    if not tests:
        return ""
    rows = "".join(f"<tr><td>{t['conviction'] + 1}: {escape(t['offence'])}</td>"
                   f"<td>{escape(t['test'])} {escape(t['label'])} {_cite(t['citation'])}</td>"
                   f"<td>{FINDING[t['outcome']]}</td></tr>" for t in tests)
    return _section("Tests", f"<table><tr><th>Conviction</th><th>Test</th><th>Finding</th></tr>"
                             f"{rows}</table>")


def _figures(figures: dict) -> str:
    lines = figure_lines(figures)
    if not lines:
        return ""
    return _section("Figures", "<pre>" + escape("\n".join(lines)) + "</pre>")


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
