"""Resolving what a case writes in its ``offence`` field: a catalogue name or an offence code.

A code (a Home Office Counting Rules classification such as ``92/30``, a CJS code, or a
force's own code from a table) may name one offence, or alternatives it does not tell
apart (two sections of one Act); it may also say the drug's class or the goods concerned. A
scheme may read a letter after a code as an inchoate form (CJS codes: A attempt, C conspiracy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .offences import OffenceCatalogue, OffenceInfo

if TYPE_CHECKING:
    from ..rulefiles import CodeTableFile


@dataclass(frozen=True)
class OffenceRef:
    """A resolved offence reference and what its code implies."""

    info: OffenceInfo
    drug_class: str | None = None
    goods: str | None = None
    code: str | None = None
    unconfirmed: bool = False
    #: The inchoate form a code's suffix letter gives (a CJS code ending A: attempt).
    inchoate: str | None = None


def _code_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


class ReferenceResolver:
    """Names first (the catalogue), then codes (every code table)."""

    def __init__(self, offences: OffenceCatalogue, tables: dict[str, CodeTableFile]):
        self.offences = offences
        self.tables = dict(tables)
        self._index: dict[str, tuple[str, str]] | None = None

    def add_table(self, table: CodeTableFile) -> None:
        self.tables[table.scheme] = table
        self._index = None

    def resolve(self, text: str) -> OffenceRef:
        info = self.offences.find(text)
        if info is not None:
            return OffenceRef(info)
        found = self.by_code(text)
        if found is not None:
            return found
        return OffenceRef(self.offences.resolve(text))  # raises, with suggestions

    def by_code(self, text: str) -> OffenceRef | None:
        """What ``text`` means as a code (with any inchoate suffix), or None."""
        return self._by_code(text) or self._suffixed(text)

    def with_class(self, drug_class: str) -> list[OffenceRef]:
        """Every code that says the drug is of ``drug_class``, in code order."""
        return [self._entry(scheme, code) for scheme, table in self.tables.items()
                for code, entry in table.codes.items() if entry.drug_class == drug_class]

    def _codes(self) -> dict[str, tuple[str, str]]:
        """Every accepted way of writing every code (bare, or after a scheme prefix)."""
        if self._index is None:
            index: dict[str, tuple[str, str]] = {}
            for scheme, table in self.tables.items():
                for code in table.codes:
                    for prefix in [*table.prefixes, ""]:
                        index.setdefault(_code_key(prefix) + _code_key(code), (scheme, code))
            for (scheme, code), oid in self.offences.codes.items():  # codes in the catalogue
                index.setdefault(_code_key(code), (f"catalogue:{scheme}", oid))
            self._index = index
        return self._index

    def _by_code(self, text: str) -> OffenceRef | None:
        found = self._codes().get(_code_key(text))
        if found is None:
            return None
        scheme, code = found
        if scheme.startswith("catalogue:"):
            return OffenceRef(self.offences.by_id[code], code=f"{scheme[10:]}:{text.strip()}")
        return self._entry(scheme, code)

    def _entry(self, scheme: str, code: str) -> OffenceRef:
        table, entry = self.tables[scheme], self.tables[scheme].codes[code]
        return OffenceRef(self._info(scheme, table, code, entry), entry.drug_class, entry.goods,
                          f"{scheme}:{code}", entry.unconfirmed)

    def _suffixed(self, text: str) -> OffenceRef | None:
        """A code with a suffix letter its scheme reads as an inchoate form (``TH68001A``)."""
        key = _code_key(text)
        for table in self.tables.values():
            form = table.suffixes.get(key[-1:])
            if form is None or table.suffixed is None:
                continue
            bare = key[:-1]
            for prefix in sorted((_code_key(p) for p in table.prefixes), key=len, reverse=True):
                if bare.startswith(prefix) and re.match(table.suffixed, bare[len(prefix):]):
                    bare = bare[len(prefix):]
                    break
            if not re.match(table.suffixed, bare):
                continue
            found = self._by_code(bare)
            if found is not None:
                return replace(found, inchoate=form, code=f"{found.code}{key[-1]}")
        return None

    def _info(self, scheme: str, table: CodeTableFile, code: str, entry) -> OffenceInfo:
        if len(entry.offences) == 1:
            return self.offences.by_id[entry.offences[0]]
        return OffenceInfo(
            id=f"{scheme}:{code}", act_id=scheme, act=table.title, section=code,
            title=entry.title, display=f"{entry.title} ({table.title} {code})",
            category="code", general=True, url=None, children=tuple(entry.offences))

    def check(self) -> list[str]:
        """Codes that name offences missing from the catalogue (for loading checks)."""
        return [f"{scheme} {code}: {oid}" for scheme, table in self.tables.items()
                for code, entry in table.codes.items() for oid in entry.offences
                if oid not in self.offences.by_id]
