"""The offence catalogue: canonical ids, titles and every accepted way of writing each offence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...core.errors import UnknownReferenceError
from .names import normalise, remembered_suggestions

if TYPE_CHECKING:
    from ..rulefiles import Offence, OffencesFile


@dataclass(frozen=True)
class OffenceInfo:
    """One offence: ``id`` such as ``theft-act-1968/s1``, with how to show and find it."""

    id: str
    act_id: str
    act: str
    section: str
    title: str
    display: str
    category: str
    general: bool
    url: str | None
    parent: str | None = None
    children: tuple[str, ...] = field(default=())


def _display(file: OffencesFile, offence: Offence) -> str:
    if file.section_word == "none":
        return f"{offence.title} ({file.act})"
    word = {"section": "s.", "article": "art.", "paragraph": "para.", "regulation": "reg."}[
        file.section_word]
    return f"{file.act} {word}{offence.section}"


def _written_forms(file: OffencesFile, offence: Offence) -> list[str]:
    if file.section_word == "none":
        return [offence.title, *offence.aliases]
    word = {"section": "s", "article": "art", "paragraph": "para", "regulation": "reg"}[
        file.section_word]
    forms = []
    for act in [file.act, *file.short_names]:
        forms += [f"{act} {word} {offence.section}", f"{word} {offence.section} {act}"]
        if word != "s":
            forms += [f"{act} s {offence.section}", f"s {offence.section} {act}"]
    return forms + list(offence.aliases)


def _parent_section(section: str) -> str | None:
    match = re.fullmatch(r"(.+)\([0-9A-Za-z]+\)", section)
    return match.group(1) if match else None


class OffenceCatalogue:
    """All offences of all catalogue files, found by id, alias or code."""

    def __init__(self, files: list[tuple[str, OffencesFile]]):
        self.by_id: dict[str, OffenceInfo] = {}
        self.keys: dict[str, str] = {}  # normalised written form -> offence id
        self.codes: dict[tuple[str, str], str] = {}
        self._children: dict[str, list[str]] = {}
        self._load(files)

    def _load(self, files: list[tuple[str, OffencesFile]]) -> None:
        from ...core.errors import RuleFileError

        pending: list[tuple[str, OffencesFile, Offence]] = []
        for source, file in files:
            for offence in file.offences:
                pending.append((source, file, offence))
        for source, file, offence in pending:
            oid = f"{file.id}/s{offence.section}" if file.section_word != "none" \
                else f"{file.id}/{offence.section}"
            if oid in self.by_id:
                raise RuleFileError(source, f"offence id '{oid}' is defined twice", oid)
            parent_section = _parent_section(offence.section)
            parent = f"{file.id}/s{parent_section}" if parent_section else None
            self.by_id[oid] = OffenceInfo(
                oid, file.id, file.act, offence.section, offence.title,
                _display(file, offence), offence.category, offence.general, file.url, parent)
            for form in [oid, *_written_forms(file, offence)]:
                self._add_key(source, normalise(form), oid)
            for scheme, codes in offence.codes.items():
                for code in codes:
                    self.codes[(scheme, code.upper())] = oid
        self._link_children()

    def _add_key(self, source: str, key: str, oid: str) -> None:
        from ...core.errors import RuleFileError

        other = self.keys.get(key)
        if other and other != oid:
            raise RuleFileError(source, f"'{key}' would name both {other} and {oid}", oid)
        self.keys[key] = oid

    def _link_children(self) -> None:
        for oid, info in list(self.by_id.items()):
            if info.parent and info.parent not in self.by_id:
                self.by_id[oid] = _replace(info, parent=None)
            elif info.parent:
                self._children.setdefault(info.parent, []).append(oid)
        for pid, kids in self._children.items():
            self.by_id[pid] = _replace(self.by_id[pid], children=tuple(sorted(kids)))

    def find(self, reference: str) -> OffenceInfo | None:
        """The offence a reference names, or None (no suggestions computed)."""
        oid = self.keys.get(normalise(reference))
        return self.by_id[oid] if oid else None

    def resolve(self, reference: str) -> OffenceInfo:
        """The offence a reference names, or UnknownReferenceError with the closest names."""
        found = self.find(reference)
        if found is not None:
            return found
        def displays():
            return {key: self._shown(oid) for key, oid in self.keys.items()}

        raise UnknownReferenceError("offence", reference,
                                    remembered_suggestions(self, reference, displays))

    def _shown(self, oid: str) -> str:
        info = self.by_id[oid]
        return f"{info.display} ({info.id})"

    def lineage(self, oid: str) -> list[str]:
        """``oid``, then the section it is a subsection of, and so on up."""
        found = []
        while oid:
            found.append(oid)
            info = self.by_id.get(oid)
            oid = info.parent if info else None
        return found

    def descends(self, oid: str, ancestor: str) -> bool:
        """Whether ``oid`` is ``ancestor`` or one of its subsections."""
        return ancestor in self.lineage(oid)

    def search(self, query: str) -> list[OffenceInfo]:
        """Offences whose id, title or written forms contain every word of ``query``."""
        words = normalise(query).split()
        hits = []
        for oid, info in self.by_id.items():
            forms = [k for k, v in self.keys.items() if v == oid] + [info.title.lower()]
            text = " ".join(forms)
            if all(w in text for w in words):
                hits.append(info)
        return sorted(hits, key=lambda i: i.id)


def _replace(info: OffenceInfo, **changes) -> OffenceInfo:
    from dataclasses import replace

    return replace(info, **changes)
