"""What a decision says to the people who act on it, as plain data any rendering can use
(the text output, the HTML record, a web page): the custody checklist in the order things
must happen, the one plain reason, the facts still needed and the POCA figures table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from .model import Decision, FactUsed, TraceNode
from .trace import walk_decisive

#: The order in which the stages of a custody officer's duties happen.
STAGES = ("before-sample", "before-request", "request", "on-taking", "record")
#: Within "before-request": the appropriate adult must be there for what follows it,
#: and the person is told of an authorisation before being warned.
FIRST_IN_STAGE = ("obligation.appropriate-adult", "obligation.inform-authorisation",
                  "obligation.warning")
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?\b")
#: Each list of a case file, one entry of it in words.
ITEMS = {"offences": "offence", "convictions": "conviction",
         "taken_into_consideration": "offence taken into consideration",
         "previous_convictions": "earlier conviction"}


def path_words(path: str) -> str:
    """A case field's path in words: 'offences[0].inspector_authorisation.oral' ->
    'offence 1: inspector authorisation: oral'."""
    path = re.sub(r"([a-z_]+)\[(\d+)\]",
                  lambda m: f"{ITEMS.get(m[1], m[1])} {int(m[2]) + 1}", path)
    return path.replace(".", ": ").replace("_", " ")


#: A case-file path into an item (offences[0].stage): said in words (``path_words``).
_ITEM_PATH = re.compile(rf"\b(?:{'|'.join(ITEMS)})\[\d+\](?:\.[a-z_]+)*")


@dataclass
class ChecklistStep:
    """One step of a custody officer's checklist, in the order things happen."""

    number: int
    stage: str
    action: str
    citation: str
    detail: str
    #: None when the duty applies; otherwise the facts it still depends on.
    depends_on: list[str] | None = None
    offence: int | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def checklist(decision: Decision) -> list[ChecklistStep]:
    """The decision's obligations in the order they must be carried out (one step per duty,
    however many offences it arises for)."""
    def order(duty) -> tuple:
        stage = STAGES.index(duty.stage) if duty.stage in STAGES else len(STAGES)
        rule = duty.rule.split(".", 1)[-1]
        within = FIRST_IN_STAGE.index(rule) if rule in FIRST_IN_STAGE else len(FIRST_IN_STAGE)
        return stage, within

    steps: list[ChecklistStep] = []
    seen: set[str] = set()
    for duty in sorted(decision.obligations, key=order):
        if duty.rule in seen:
            continue
        seen.add(duty.rule)
        pending = None if duty.status == "applies" else list(duty.missing)
        steps.append(ChecklistStep(len(steps) + 1, duty.stage or "", duty.label,
                                   duty.citation, " ".join(duty.text.split()), pending,
                                   duty.item))
    return steps


def what_follows(decision: Decision) -> list[dict]:
    """Notes and consequences that follow the decision: label, citation, text."""
    out = [{"label": n.label, "citation": n.citation, "text": " ".join(n.text.split()),
            "depends_on": None if n.status == "applies" else list(n.missing)}
           for n in decision.notes]
    out += [{"label": c["label"], "citation": c["citation"], "text": " ".join(c["text"].split()),
             "depends_on": None} for c in decision.consequences]
    return out


# ------------------------------------------------------------ why

def threshold(fact: FactUsed) -> str | None:
    """'at least 18' from a test such as 'person.age is at least 18'."""
    if not fact.test:
        return None
    found = re.search(r" is ((?:at least|at most|above|below) .+)$", fact.test)
    return found.group(1) if found else None


def fact_words(fact: FactUsed) -> str:
    """A fact as people read it: the case-file path (or list) and its value, with the
    threshold it was held against."""
    if " in " in fact.fact:
        listed = fact.fact.split(" in ", 1)[1].replace("-", " ")
        found = re.fullmatch(r"(yes|no|not known) \((.+)\)", fact.value)
        if found:
            verdict = {"yes": "is", "no": "is not", "not known": "may or may not be"}
            return f"{found.group(2)} {verdict[found.group(1)]} in the {listed} list"
        return f"in the {listed} list: {dates(fact.value)}"
    limit = threshold(fact)
    money = re.fullmatch(r"(.+?) ([\d.]+)", limit or "")
    if money and "£" in fact.value:
        limit = f"{money.group(1)} £{float(money.group(2)):,.2f}"
    shown = dates(fact.value) if "[]" in fact.source or ", " in fact.source else \
        f"{fact.source}: {dates(fact.value)}"
    return f"{shown}, {limit} needed" if limit else shown


def reason(decision: Decision) -> str | None:
    """The one plain reason for a negative decision: the failing condition nearest to
    being met (the one the smallest change would fix), with its facts."""
    if decision.trace.outcome == "unknown" or decision.met_labels():
        return None
    failing = decision.trace.outcome
    nodes = [n for n in walk_decisive(decision.trace)
             if n.outcome == failing and any(f.decisive for f in n.facts)]
    for change in fact_changes(decision)[:1]:
        for node in nodes:
            if node.citation in change["provisions"]:
                return _reason_text(node)
    return _reason_text(nodes[0]) if nodes else None


def _reason_text(node: TraceNode) -> str:
    facts = "; ".join(plain(fact_words(f)) for f in node.facts if f.decisive)
    label = re.sub(r" \(.*? from \d{4}-\d{2}-\d{2}\)$", "", node.label)
    label = re.sub(r" \(as enacted .*\)$", "", label)
    return f"{label} [{node.citation}]: {facts}" if facts else f"{label} [{node.citation}]"


def fact_changes(decision: Decision) -> list[dict]:
    """The would-change suggestions that change facts (not which list an offence is in),
    each once however many convictions it is found for."""
    out, seen = [], set()
    for change in decision.would_change:
        if any(f["to"].startswith("an offence ") for f in change["facts"]):
            continue
        text = change.get("says") or " and ".join(change["changes"])
        if text not in seen:
            seen.add(text)
            out.append(change)
    return out


def still_needed(decision: Decision) -> list[str]:
    """The facts an undetermined decision waits on, in plain words with their paths."""
    out = []
    for missing in decision.missing:
        path = missing.fact
        out.append(f"{missing.ask} ({path})" if not path.startswith("law:")
                   else f"{plain(missing.ask)} (a question of law: {path[4:].strip()})")
    return out


# ------------------------------------------------------------ POCA figures

@dataclass
class FigureRow:
    """One row of the figures table: what, the figure, the provision, and a note."""

    label: str
    value: str
    citation: str = ""
    note: str = ""
    depth: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def figures_table(decision: Decision, explain: bool = False) -> list[FigureRow]:
    """The figures of a lifestyle decision, statement-ready: the threshold, the window,
    then per offence of conviction each test and the relevant benefit with its parts."""
    figures = decision.figures
    rows: list[FigureRow] = []
    threshold_figure = figures.get("relevant_benefit_threshold")
    if threshold_figure:
        rows.append(FigureRow("Relevant benefit threshold", threshold_figure["amount"],
                              threshold_figure["citation"]))
    window = figures.get("window")
    if window:
        span = f"{day(window['first_day'])} to {day(window['last_day'])}" \
            if window.get("first_day") else plain(window.get("note", "not known"))
        rows.append(FigureRow("Six-year window for earlier convictions", span,
                              window["citation"], "its first day is the relevant day "
                              "(s10(8))" if window.get("first_day") else ""))
    for occasion in figures.get("occasions", []):
        rows.append(FigureRow(f"Earlier conviction on {day(occasion['day'])}",
                              occasion["status"], "",
                              ", ".join(occasion.get("offences", []))))
    tests = decision.tests
    for entry in figures.get("convictions", []):
        rows += _conviction_rows(entry, [t for t in tests if t["conviction"] ==
                                         entry["conviction"]], explain)
    readings = {c.citation: c.text for c in decision.unconfirmed}
    for row in rows:  # the reading a figure rests on, beside it, where it is not confirmed
        if row.citation in readings and not row.note:
            row.note = "rests on a reading not confirmed: " + \
                readings[row.citation].split(". ")[0].rstrip(".")
    return rows


def _conviction_rows(entry: dict, tests: list[dict], explain: bool) -> list[FigureRow]:
    n = entry["conviction"] + 1
    rows = [FigureRow(f"Conviction {n}", entry["offence"])]
    rows.append(FigureRow("Committed", dates(entry["committed"]), depth=1))
    period = offence_period(entry["committed"])
    if period:
        rows.append(FigureRow("Offence period", period, depth=1))
    rows.append(FigureRow("Benefit from this offence", entry["benefit"], depth=1))
    for test in tests:
        rows.append(FigureRow(f"Test {test['test']}: {test['label']}", FINDING[test["outcome"]],
                              test["citation"], depth=1))
    shown_all = explain or any(t["outcome"] != "not_met" for t in tests)
    for figure in entry.get("relevant_benefit", {}).values():
        rows.append(FigureRow(figure["label"], figure["total"], figure["citation"], depth=1))
        if shown_all:
            for part in figure.get("parts", []):
                rows.append(FigureRow(plain(part["part"]), part["amount"], "",
                                      plain(part.get("note", "")), depth=2))
    return rows


FINDING = {"met": "met", "not_met": "not met", "unknown": "not known"}


def offence_period(committed: str) -> str | None:
    """'8 months and 0 days' for a period given by its first and last day (inclusive)."""
    from dateutil.relativedelta import relativedelta

    found = [dt.date(int(y), int(m), int(d)) for y, m, d, *_ in _ISO_DAY.findall(committed)]
    if len(found) != 2:
        return None
    span = relativedelta(found[1] + dt.timedelta(days=1), found[0])
    months = span.years * 12 + span.months
    return f"{months} month{'s' if months != 1 else ''} and {span.days} " \
           f"day{'s' if span.days != 1 else ''}"


# ------------------------------------------------------------ plain words

def day(text: str | None) -> str:
    if not text:
        return "not known"
    return dates(text)


def dates(text: str) -> str:
    """ISO days (and times) in a text as people write them: 14 March 2026 (10:20)."""
    def one(match: re.Match) -> str:
        year, month, d, hour, minute = match.groups()
        try:
            shown = dt.date(int(year), int(month), int(d)).strftime("%-d %B %Y")
        except ValueError:
            return match.group(0)
        return f"{shown} {hour}:{minute}" if hour else shown

    return _ISO_DAY.sub(one, text)


def plain(text: str) -> str:
    """Case-file paths and dates in a text as people say them (conviction 1, not
    convictions[0]; 14 March 2026)."""
    return dates(_ITEM_PATH.sub(lambda m: path_words(m.group(0)), text))
