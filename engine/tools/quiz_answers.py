"""How a quiz reads a trainee's answer and orders its cases: answers matched forgivingly (case,
spaces, hyphens and underscores do not matter; initials or a clear start will do), and cases
shuffled with near-twins kept apart."""

from __future__ import annotations

import random
import re
from typing import Any

from ..cases import RawCase

#: What a trainee never sees before answering: the answer, the notes and what names the case.
HIDDEN = ("expect", "notes", "title", "tags")
TWIN_DIFFERENCES = 2  # cases whose facts differ in at most this many values are near-twins


def squash(text: str) -> str:
    """'Not eligible', 'not_eligible' and 'not-eligible' all -> 'noteligible'."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def initials(option: str) -> str:
    return "".join(w[0] for w in re.split(r"[^0-9A-Za-z]+", option.lower()) if w)


def _tails(options: list[str]) -> dict[str, str]:
    """What tells options apart once a prefix they all share is taken off ('a' for s75(2)(a))."""
    squashed = [squash(o) for o in options]
    common = 0
    while len(options) > 1 and all(len(s) > common for s in squashed) and \
            len({s[common] for s in squashed}) == 1:
        common += 1
    return {o: s[common:] for o, s in zip(options, squashed, strict=True)} if common else {}


def match(answer: str, options: list[str]) -> str | None:
    """The option an answer names: the whole option, its initials, what tells it apart from
    the others, or an unambiguous start; None if it names none or several."""
    said = squash(answer)
    if not said:
        return None
    for forms in ({o: squash(o) for o in options}, {o: initials(o) for o in options},
                  _tails(options)):
        found = [o for o, form in forms.items() if form == said]
        if len(found) == 1:
            return found[0]
    starts = [o for o in options if squash(o).startswith(said)]
    return starts[0] if len(starts) == 1 else None


def accepted_forms(options: list[str]) -> str:
    """'not eligible (or n, ne)' for each option: the short forms ``match`` takes for it."""
    shown = []
    for option in options:
        start = _shortest_start(option, options)
        short = sorted({form for form in (initials(option), _tails(options).get(option, ""),
                                          start if len(start) <= 2 else "")
                        if form and form != squash(option) and match(form, options) == option},
                       key=lambda f: (len(f), f))
        words = option.replace("_", " ")
        shown.append(f"{words} (or {', '.join(short)})" if short else words)
    return "; ".join(shown)


def _shortest_start(option: str, options: list[str]) -> str:
    whole = squash(option)
    for size in range(1, len(whole)):
        if match(whole[:size], options) == option:
            return whole[:size]
    return ""


def leaves(value: Any, path: str = "") -> dict[str, str]:
    """Every scalar of a case's facts by its path."""
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            if not path and key in (*HIDDEN, "id"):
                continue
            out.update(leaves(item, f"{path}.{key}" if path else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for n, item in enumerate(value):
            out.update(leaves(item, f"{path}[{n}]"))
        return out or {path: "[]"}
    return {path: str(value)}


def near_twins(one: RawCase, other: RawCase) -> bool:
    """Two cases of one regime whose facts differ in only a value or two: asked back to back,
    the first would give the second away."""
    a, b = leaves(one.data), leaves(other.data)
    if a.get("regime") != b.get("regime"):
        return False
    return sum(a.get(k) != b.get(k) for k in a.keys() | b.keys()) <= TWIN_DIFFERENCES


def shuffled(raws: list[RawCase], seed: int | None) -> list[RawCase]:
    """The cases in a random order (repeatable with ``seed``), no near-twins back to back
    where that can be helped."""
    pool = list(raws)
    random.Random(seed).shuffle(pool)
    ordered: list[RawCase] = []
    while pool:
        pick = next((n for n, raw in enumerate(pool)
                     if not ordered or not near_twins(ordered[-1], raw)), None)
        if pick is not None:
            ordered.append(pool.pop(pick))
            continue
        raw = pool.pop(0)  # every case left is a twin of the last: fit it in earlier
        ordered.insert(next((n for n in range(len(ordered))
                             if not near_twins(ordered[n], raw) and
                             (n == 0 or not near_twins(ordered[n - 1], raw))), len(ordered)), raw)
    return ordered
