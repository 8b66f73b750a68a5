"""Resolving what a case writes in its ``offence`` field: a catalogue name or an offence code.

A code (a Home Office Counting Rules classification such as ``92/30``, a CJS code, or a
force's own code from a table) may name one offence, or alternatives it does not tell
apart (CEMA s50 or s170); it may also say the drug's class or the goods concerned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UnknownReferenceError
from ..rulefiles import CodeTableFile
from .offences import OffenceCatalogue, OffenceInfo


@dataclass(frozen=True)
class OffenceRef:
    """A resolved offence reference and what its code implies."""

    info: OffenceInfo
    drug_class: str | None = None
    goods: str | None = None
    code: str | None = None
    unconfirmed: bool = False


def _code_key(text: str) -> str:
    return re.sub(r"\s+", "", text).upper()


class ReferenceResolver:
    """Names first (the catalogue), then codes (every code table)."""

    def __init__(self, offences: OffenceCatalogue, tables: dict[str, CodeTableFile]):
        self.offences = offences
        self.tables = dict(tables)

    def add_table(self, table: CodeTableFile) -> None:
        self.tables[table.scheme] = table

    def resolve(self, text: str) -> OffenceRef:
        try:
            return OffenceRef(self.offences.resolve(text))
        except UnknownReferenceError as unknown:
            found = self._by_code(text)
            if found is None:
                raise unknown from None
            return found

    def _by_code(self, text: str) -> OffenceRef | None:
        key = _code_key(text)
        for scheme, table in self.tables.items():
            for prefix in [*table.prefixes, ""]:
                bare = key[len(_code_key(prefix)):] if key.startswith(_code_key(prefix)) else None
                if bare is None:
                    continue
                for code, entry in table.codes.items():
                    if _code_key(code) == bare:
                        return OffenceRef(self._info(scheme, table, code, entry), entry.drug_class,
                                          entry.goods, f"{scheme}:{code}", entry.unconfirmed)
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
