"""Reading answers as people type them: UK dates, offences by name or street wording,
stations and areas by name, yes / no / don't know, and a number from a list offered."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ...core.errors import UnknownReferenceError
from ...law.catalogue.names import normalise
from ...law.rulefiles import QuestionsFile
from .choices import stations

DONT_KNOW = {"don't know", "dont know", "do not know", "dk", "unknown", "not known", "?",
             "n/k", "nk", "skip"}
YES = {"y", "yes", "true", "yeah", "yep"}
NO = {"n", "no", "false", "nope"}
NONE = {"no", "none", "n", "no more", "nothing else", "that's all", "thats all"}
MONTHS = {m: n for n, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_SHORT = {m[:3]: n for m, n in MONTHS.items()} | {"sept": 9}
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_WORDED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(.*?)[\sT,]+(?:at\s+)?(\d{1,2})[:.](\d{2})$")
@dataclass
class Parsed:
    """An answer read: values for case-file paths, or "don't know", or "no more items"."""

    values: dict[str, Any] = field(default_factory=dict)
    unknown: bool = False
    ends_list: bool = False


class AnswerError(ValueError):
    """An answer that cannot be read: what was expected, with suggestions or a numbered list."""

    def __init__(self, message: str, suggestions: list[str] = (),
                 choices: list[dict[str, str]] = ()):
        super().__init__(message)
        self.message, self.suggestions, self.choices = message, list(suggestions), list(choices)


def parse_answer(engine, questions: QuestionsFile, question, text: str,
                 offered: list[dict[str, str]], case: dict, now: dt.datetime):
    """The answer to ``question`` as a ``Parsed`` (values by case-file path)."""
    words = " ".join(text.strip().split())
    lowered = words.lower()
    if not words:
        raise AnswerError("Please give an answer (or \"don't know\").")
    if lowered in DONT_KNOW:
        return Parsed(unknown=True)
    if question.ends_list and lowered in NONE:
        return Parsed(ends_list=True)
    listed = offered or question.choices
    if words.isdigit() and listed and question.answer not in ("money",):
        number = int(words)
        if not 1 <= number <= len(listed):
            raise AnswerError(f"Choose a number from 1 to {len(listed)}.", choices=listed)
        words = listed[number - 1]["value"]
        lowered = words.lower()
        if lowered == "unknown":
            return Parsed(unknown=True)
    reader = _READERS[question.answer]
    values = reader(engine, questions, question, words, case, now)
    if question.record:
        values = {question.path: {} if values[question.path] else None}
    return Parsed(values=values)


# ------------------------------------------------------------ the readers, one per answer type

def read_yes_no(engine, questions, question, words, case, now) -> dict[str, Any]:
    lowered = words.lower()
    if lowered in YES:
        return {question.path: True}
    if lowered in NO:
        return {question.path: False}
    raise AnswerError("Answer yes, no or don't know.")


def read_date(engine, questions, question, words, case, now) -> dict[str, Any]:
    return {question.path: parse_day(words, now).isoformat()}


def read_datetime(engine, questions, question, words, case, now) -> dict[str, Any]:
    return {question.path: parse_moment(words, now).isoformat(timespec="minutes")}


def parse_day(words: str, now: dt.datetime) -> dt.date:
    """14/03/2026, 14 March 2026, 14 Mar 2026, 2026-03-14, today or now."""
    text = words.strip().lower()
    if text in ("today", "now"):
        return now.date()
    if text == "yesterday":
        return now.date() - dt.timedelta(days=1)
    try:
        if match := _NUMERIC.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := _WORDED.match(text):
            month = MONTHS.get(match.group(2)) or _MONTH_SHORT.get(match.group(2))
            if month:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
        if match := _ISO.match(text):
            return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise AnswerError(f"'{words}' is not a date that exists.") from None
    raise AnswerError(f"'{words}' is not a date I can read: write it as 14/03/2026 or "
                      "14 March 2026 (or today).")


def parse_moment(words: str, now: dt.datetime) -> dt.datetime:
    """A day with an optional time (14/03/2026 22:10), or now."""
    text = words.strip().lower()
    if text == "now":
        return now
    match = _TIME.match(text)
    if match:
        day = parse_day(match.group(1), now)
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise AnswerError(f"'{words}' has a time that does not exist.")
        return dt.datetime.combine(day, dt.time(hour, minute))
    return dt.datetime.combine(parse_day(text, now), dt.time())


def read_money(engine, questions, question, words, case, now) -> dict[str, Any]:
    text = words.lower().replace("£", "").replace(",", "").strip()
    if text in ("none", "nothing", "nil"):
        text = "0"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise AnswerError(f"'{words}' is not an amount: write it as 1250 or £1,250.00.") \
            from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise AnswerError(f"'{words}' is not an amount in pounds and pence.")
    return {question.path: str(amount.quantize(Decimal("0.01")))}


def read_committed(engine, questions, question, words, case, now) -> dict[str, Any]:
    """One day, or a period: 'from 01/01/2019 to 30/06/2019' or '01/01/2019 - 30/06/2019'."""
    text = re.sub(r"^(on|from|between)\s+", "", words.strip(), flags=re.IGNORECASE)
    parts = re.split(r"\s+(?:to|until|and|-)\s+", text, flags=re.IGNORECASE)
    if len(parts) == 1:
        return {question.path: {"on": parse_day(parts[0], now).isoformat()}}
    if len(parts) == 2:
        first, last = parse_day(parts[0], now), parse_day(parts[1], now)
        if last < first:
            raise AnswerError(f"The period ends ({last:%d/%m/%Y}) before it begins "
                              f"({first:%d/%m/%Y}).")
        return {question.path: {"from": first.isoformat(), "to": last.isoformat()}}
    raise AnswerError("Give one day (14/03/2020) or a period (01/01/2019 to 30/06/2019).")


def read_choice(engine, questions, question, words, case, now) -> dict[str, Any]:
    lowered = normalise(words)
    for choice in question.choices:
        if lowered in (normalise(choice["value"]), normalise(choice["label"])) or \
                normalise(choice["label"]).startswith(lowered) and len(lowered) >= 3:
            return {question.path: choice["value"]}
    stems = {"arrest": "arrested", "charge": "charged", "a": "arrested", "c": "charged"}
    if lowered in stems and any(c["value"] == stems[lowered] for c in question.choices):
        return {question.path: stems[lowered]}
    raise AnswerError(f"'{words}' is not one of the choices.", choices=question.choices)


def read_inchoate(engine, questions, question, words, case, now) -> dict[str, Any]:
    if words.lower() in NONE:
        return {question.path: None}
    form = questions.inchoate_words.get(words.lower())
    return {question.path: form or _catalogued(engine.catalogues.inchoate, words).id}


def _catalogued(catalogue, words: str, choices=()):
    try:
        return catalogue.resolve(words)
    except UnknownReferenceError as exc:
        raise AnswerError(f"{exc.message}", exc.suggestions, choices) from None


def read_rank(engine, questions, question, words, case, now) -> dict[str, Any]:
    return {question.path: _catalogued(engine.catalogues.ranks, words).id}


def read_drug(engine, questions, question, words, case, now) -> dict[str, Any]:
    return {question.path: _catalogued(engine.catalogues.drugs, words).id}


def read_place(engine, questions, question, words, case, now) -> dict[str, Any]:
    """A station named in the register gives its area too; otherwise a police area."""
    base = question.path.rsplit(".", 1)[0]
    key = normalise(words).removesuffix(" police station").removesuffix(" station")
    for area, station in stations(engine.register):
        if key in (normalise(station), normalise(station.replace("-", " "))):
            return {f"{base}.police_area": area, f"{base}.station": station}
    return {question.path: _catalogued(engine.catalogues.areas, words).id}


def read_station(engine, questions, question, words, case, now) -> dict[str, Any]:
    key = normalise(words).removesuffix(" police station").removesuffix(" station")
    for choice in question.choices:
        if key in (normalise(choice["value"]), normalise(choice["label"])):
            return {question.path: choice["value"]}
    return {question.path: key.replace(" ", "-")}


def read_offence(engine, questions, question, words, case, now) -> dict[str, Any]:
    """An offence by name, alias, code or street wording ('attempted burglary', 'supplying
    cocaine'); several offences matching give a numbered list to choose from."""
    from .offences import find_offence

    base = question.path.rsplit(".", 1)[0]
    found = find_offence(engine.catalogues, questions.inchoate_words, words)
    form = engine.catalogues.inchoate.form_of(found.offence)
    if form is not None:
        raise AnswerError(f"That is {form.label} in general: type the offence it was aimed at, "
                          f"with the form, e.g. '{form.label} to commit burglary' or "
                          "'conspiracy to supply cocaine'.")
    values = {f"{base}.offence": found.code or _written(engine.catalogues.offences,
                                                         found.offence),
              f"{base}.inchoate": found.inchoate}
    if found.drug:
        values[f"{base}.drug"] = found.drug
    return values


def _written(offences, offence_id: str) -> str:
    """How the case file writes the offence: as its section ("Example Act 2001 s.1") where that
    names it, else by its id."""
    display = offences.by_id[offence_id].display
    found = offences.find(display)
    return display if found is not None and found.id == offence_id else offence_id


_READERS = {
    "offence": read_offence, "stage": read_choice, "date": read_date,
    "datetime": read_datetime, "yes-no": read_yes_no, "place": read_place,
    "station": read_station, "rank": read_rank, "drug": read_drug,
    "drug-class": read_choice, "goods": read_choice, "inchoate": read_inchoate,
    "money": read_money, "committed": read_committed, "earlier-taken-under": read_choice,
}

__all__ = ["AnswerError", "Parsed", "parse_answer", "parse_day", "parse_moment"]
