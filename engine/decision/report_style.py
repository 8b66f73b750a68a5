"""The decision record's styles: screen and A4 print, with a running header and footer that
put the case reference and the page number on every printed page."""

from __future__ import annotations

from .model import Decision

STYLE = """
body { font: 10.5pt/1.45 Georgia, 'DejaVu Serif', 'Times New Roman', serif; color: #111;
       margin: 2em auto; max-width: 54em; padding: 0 1.5em; }
header .ref { font: bold 10pt 'DejaVu Sans', Arial, sans-serif; }
h1 { font-size: 1.5em; margin: .1em 0 .3em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #999; margin: 1.4em 0 .5em; padding-bottom: .15em;
     break-after: avoid; }
h3 { font-size: 1em; margin: .9em 0 .3em; break-after: avoid; }
.outcome { display: inline-block; padding: .2em .7em; border: 2px solid #111; font-weight: bold;
           letter-spacing: .03em; text-transform: uppercase; }
.summary { font-size: 1.1em; margin: .6em 0; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; }
th, td { text-align: left; vertical-align: top; padding: .25em .5em; border: 1px solid #bbb; }
tr { break-inside: avoid; }
th { background: #eee; }
table.facts th, table.sign th { width: 32%; }
tr.group td { background: #f3f3f3; font-weight: bold; }
td.money { text-align: right; }
table.checklist td.tick { width: 3em; text-align: center; }
table.checklist td.time { width: 7em; }
table.figures th:nth-child(1) { width: 46%; } table.figures th:nth-child(2) { width: 18%; }
tr.total td { font-weight: bold; }
td.part { padding-left: 1.5em; }
.box { display: inline-block; width: 1.1em; height: 1.1em; border: 1.5px solid #111; }
.write { display: inline-block; width: 6em; border-bottom: 1px solid #111; height: 1.2em; }
td.write-in { height: 2em; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.3em; margin: .1em 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: .15em 0; break-inside: avoid; }
.mark { font-weight: bold; display: inline-block; width: 1.2em; }
.met .mark { color: #0a6b2d; } .not_met .mark { color: #a00; } .unknown .mark { color: #8a5a00; }
.cite { color: #333; font-size: .92em; }
.muted { color: #666; }
.fact, .reason { font-size: .92em; margin-left: 1.4em; }
.reason { font-style: italic; }
ul.readings li { margin: .3em 0; }
li.unconfirmed { border: 2px solid #8a5a00; background: #fff6e0; padding: .3em .5em;
                 list-style: none; margin-left: -1em; }
.flag { font: bold .85em 'DejaVu Sans', Arial, sans-serif; text-transform: uppercase;
        color: #8a5a00; }
p.notice { border: 2px solid #8a5a00; background: #fff6e0; padding: .3em .5em; }
.caveat { border-left: 4px solid #8a5a00; padding-left: 1.6em; }
#sign-off { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; padding: 0; } a { color: inherit; } }
"""


def css_string(text: str) -> str:
    """Text as a quoted CSS string: anything but ASCII letters and digits as a six-digit hex
    escape (spaces too, as CSS swallows a space after an escape), so case text cannot end the
    string or the style element."""
    return '"' + "".join(c if c.isalnum() and c.isascii() else f"\\{ord(c):06x}"
                         for c in text) + '"'


def page_style(decision: Decision, version: str, produced: str) -> str:
    """A4 pages whose margins carry the case reference, outcome, producer and page number."""
    ref = css_string(f"Decision record - case {decision.id}")
    outcome = css_string(decision.outcome.replace("_", " "))
    made = css_string(f"pocapace {version}, rules {decision.rules_version}; produced {produced}")
    small = "font: 8.5pt 'DejaVu Sans', Arial, sans-serif; color: #333;"
    return (f"@page {{ size: A4; margin: 20mm 16mm 20mm 16mm; "
            f"@top-left {{ content: {ref}; {small} }} "
            f"@top-right {{ content: {outcome}; {small} text-transform: uppercase; }} "
            f"@bottom-left {{ content: {made}; {small} }} "
            f'@bottom-right {{ content: "Page " counter(page) " of " counter(pages); {small} }} }}')
