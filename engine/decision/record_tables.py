"""What the decision record tabulates: the steps to take in the order they must happen, the
figures behind each relevant-benefit total, and the readings of the law the decision rests on.
Plain data (no HTML), so the record and any other rendering can share them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Decision
from .record_facts import long_iso
from .trace import walk_decisive

#: A custody stage in words (the order they happen in is people.STAGES).
STAGES = {"before-request": "Before the request", "request": "The request",
          "before-sample": "Before the sample is taken", "on-taking": "When the sample is taken",
          "record": "Records to make", "after-test": "After the test"}


def stage_words(stage: str) -> str:
    """A duty's stage in words ('before-request' -> 'Before the request')."""
    return STAGES.get(stage, stage.replace("-", " ").capitalize())


@dataclass
class FigureRow:
    conviction: str
    total: str  # the total's label
    total_amount: str
    citation: str
    part: str
    amount: str
    why: str


PART = re.compile(r"^(?P<own>this offence \()?(?P<list>[a-z_]+)\[(?P<n>\d+)\]\)?"
                  r"(?: \((?P<day>[^)]*)\))?$")
WHY = {"convictions": "another offence of which the defendant is convicted in these proceedings",
       "taken_into_consideration": "an offence taken into consideration in these proceedings",
       "previous_convictions": "an earlier conviction inside the window"}
NAMES = {"convictions": "conviction", "taken_into_consideration": "offence taken into "
         "consideration", "previous_convictions": "earlier conviction"}


def part_words(label: str, note: str = "") -> tuple[str, str]:
    """(what the part is, why it counts) for a relevant-benefit part such as 'convictions[1]'."""
    match = PART.match(label)
    if match is None:
        return label, note
    what = f"{NAMES[match['list']]} {int(match['n']) + 1}" if match["list"] in NAMES \
        else label
    if match["day"]:
        what += f" (convicted on {long_iso(match['day'])})"
    why = "the offence itself" if match["own"] else WHY.get(match["list"], "")
    return (f"this offence ({what})" if match["own"] else what), \
        "; ".join(w for w in (why, note) if w)


def figures_table(decision: Decision) -> list[FigureRow]:
    """Each relevant-benefit total of each conviction, one row per part with why it counts."""
    rows = []
    for entry in decision.figures.get("convictions", []):
        who = f"Conviction {entry['conviction'] + 1}: {entry['offence']}"
        for total in entry.get("relevant_benefit", {}).values():
            for part in total.get("parts", []):
                what, why = part_words(part["part"], part.get("note", ""))
                rows.append(FigureRow(who, total["label"], total["total"],
                                      total.get("citation", ""), what, part["amount"], why))
    return rows


@dataclass
class Reading:
    label: str
    citation: str
    text: str
    unconfirmed: bool


def readings(decision: Decision) -> list[Reading]:
    """The readings of the law the decision rests on, unconfirmed ones first."""
    caveats = {c.rule: c.text for c in decision.unconfirmed}
    found: dict[str, Reading] = {}
    for node in walk_decisive(decision.trace):
        text = caveats.get(node.rule) or node.interpretation
        if text and node.rule not in found:
            found[node.rule] = Reading(node.label, node.citation, text, node.rule in caveats)
    return sorted(found.values(), key=lambda r: not r.unconfirmed)
