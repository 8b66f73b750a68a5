"""Normalising free-text references so 'Example Act 2001 s.1' and 's 1 example act 2001' meet."""

from __future__ import annotations

import functools
import re

_SECTION_WORDS = re.compile(r"\b(section|sect|sec)\b\.?\s*", re.IGNORECASE)
_PUNCT = re.compile(r"[.,;:'\"]")
_SPACES = re.compile(r"\s+")
_S_NUMBER = re.compile(r"\bs\s+(?=\d)")


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Lower-case, punctuation-free, 'section 1' -> 's1', single spaces.

    >>> normalise("Example Act 2001, s. 1")
    'example act 2001 s1'
    >>> normalise("section 4(3) Example Act 2001")
    's4(3) example act 2001'
    """
    text = _SECTION_WORDS.sub("s", text.strip())
    text = _PUNCT.sub(" ", text).lower()
    text = _S_NUMBER.sub("s", _SPACES.sub(" ", text))
    text = re.sub(r"\bs(\d)", r"s\1", text)
    text = re.sub(r"\s+\(", "(", text)
    return _SPACES.sub(" ", text).strip()


def suggest(reference: str, keys: dict[str, str], limit: int = 3) -> list[str]:
    """Closest known names to ``reference``; ``keys`` maps normalised key -> display name.

    Ties go to candidates that use the same characters (a transposed year such as
    1986 for 1968 is the commonest slip).
    """
    import difflib  # only needed when a name is not found

    query = normalise(reference)
    matches = difflib.get_close_matches(query, list(keys), n=limit * 4, cutoff=0.6)

    def score(candidate: str) -> float:
        ratio = difflib.SequenceMatcher(None, query, candidate).ratio()
        return ratio + (0.05 if sorted(candidate) == sorted(query) else 0.0)

    shown: list[str] = []
    for match in sorted(matches, key=score, reverse=True):
        if keys[match] not in shown:
            shown.append(keys[match])
    return shown[:limit]


_REMEMBERED = 4096


def remembered_suggestions(catalogue, reference: str, shown) -> list[str]:
    """``suggest`` for a catalogue, remembered per written form: a batch export with the same
    misspelling in a thousand rows compares it with every known name once, not a thousand
    times. ``shown`` builds the key -> display mapping only when needed.
    """
    memo: dict[str, list[str]] = catalogue.__dict__.setdefault("_suggested", {})
    key = normalise(reference)
    if key not in memo:
        if len(memo) >= _REMEMBERED:
            memo.clear()
        memo[key] = suggest(reference, shown())
    return memo[key]


class NamedCatalogue:
    """Entries found by id or any of their names; an unknown name gets the closest ones.

    Subclasses say what kind of thing they hold and how to show an entry in a suggestion
    (as methods, so a catalogue pickles into the rules cache).
    """

    kind = "name"

    def __init__(self, entries, names, source: str | None = None):
        """Index ``entries`` by id and by every name ``names(entry)`` gives; with a
        ``source`` (a rule file), an id defined twice or a name shared is a rule-file error."""
        self.by_id, self.keys = {}, {}
        for entry in entries:
            if source and entry.id in self.by_id:
                self._twice(source, f"{self.kind} id '{entry.id}' is defined twice", entry.id)
            self.by_id[entry.id] = entry
            for name in names(entry):
                key = normalise(name)
                if source and self.keys.get(key, entry.id) != entry.id:
                    self._twice(source, f"'{name}' names both {self.keys[key]} and {entry.id}",
                                entry.id)
                self.keys[key] = entry.id

    @staticmethod
    def _twice(source: str, problem: str, entry: str):
        from ...core.errors import RuleFileError

        raise RuleFileError(source, problem, entry)

    def shown(self, entry) -> str:
        return entry.id

    def resolve(self, name: str):
        found = self.keys.get(normalise(name))
        if found:
            return self.by_id[found]
        from ...core.errors import UnknownReferenceError

        def shown():
            return {key: self.shown(self.by_id[eid]) for key, eid in self.keys.items()}

        raise UnknownReferenceError(self.kind, name, remembered_suggestions(self, name, shown))
