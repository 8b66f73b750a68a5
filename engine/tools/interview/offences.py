"""Finding the offence a person typed: a name, alias or code, or street wording with an
inchoate form and a drug in it ('attempted burglary', 'possession of crack')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.errors import UnknownReferenceError
from ...law.catalogue.names import normalise

DRUG_WORDINGS = ("{rest} a controlled drug", "{rest} of a controlled drug",
                 "{bare} of a controlled drug", "{bare} a controlled drug")
LIST_LIMIT = 9


@dataclass(frozen=True)
class FoundOffence:
    offence: str
    inchoate: str | None = None
    drug: str | None = None
    #: An offence code as typed ('92/30'): kept as written, for what the code implies.
    code: str | None = None


def find_offence(catalogues, inchoate_words: dict[str, str], words: str) -> FoundOffence:
    from .answers import AnswerError

    references = catalogues.references
    try:
        ref = references.resolve(words)
        return FoundOffence(ref.info.id, code=words.strip() if ref.code else None)
    except UnknownReferenceError as exc:
        first_error = exc
    text = normalise(words)
    inchoate, text = _inchoate(catalogues, inchoate_words, text)
    drug, rest = _drug(catalogues, text)
    for candidate in _wordings(rest, drug is not None):
        info = references.offences.find(candidate)
        if info is None:
            try:
                info = references.resolve(candidate).info
            except UnknownReferenceError:
                continue
        return FoundOffence(info.id, inchoate, drug)
    hits = references.offences.search(rest) if rest else []
    if len(hits) == 1:
        return FoundOffence(hits[0].id, inchoate, drug)
    if hits:
        shown = [{"value": h.id, "label": f"{h.title} ({h.display})"} for h in hits[:LIST_LIMIT]]
        more = f" (the first {LIST_LIMIT} of {len(hits)})" if len(hits) > LIST_LIMIT else ""
        raise AnswerError(f"'{words}' matches several offences{more}: choose one by number, "
                          "or type more of its name.", choices=shown)
    raise AnswerError(first_error.message, first_error.suggestions)


def _inchoate(catalogues, words: dict[str, str], text: str) -> tuple[str | None, str]:
    for phrase in sorted(words, key=len, reverse=True):
        if text.startswith(phrase + " "):
            return words[phrase], text[len(phrase) + 1:]
    return None, text


def _drug(catalogues, text: str) -> tuple[str | None, str]:
    """A drug named in the words (the longest name found), and the words without it."""
    drugs = catalogues.drugs
    best = None
    for name, drug_id in drugs.keys.items():
        if len(name) < 3:
            continue
        found = re.search(rf"(^|\s){re.escape(name)}($|\s)", text)
        if found and (best is None or len(name) > len(best[0])):
            best = (name, drug_id, found)
    if best is None:
        return None, text
    name, drug_id, found = best
    rest = (text[:found.start()] + " " + text[found.end():]).split()
    while rest and rest[-1] in ("of", "a", "some", "the", "with"):
        rest.pop()
    return drug_id, " ".join(rest)


def _wordings(rest: str, drug: bool) -> list[str]:
    if not rest:
        return []
    if not drug:
        return [rest]
    bare = re.sub(r"\s+(of|a)$", "", rest)
    return [rest] + [w.format(rest=rest, bare=bare) for w in DRUG_WORDINGS]
