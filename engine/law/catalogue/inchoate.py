"""Inchoate forms (attempt, conspiracy, ...): found by name, with the specific forms a
general one covers (encouraging or assisting, section not stated)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import NamedCatalogue

if TYPE_CHECKING:
    from ..rulefiles import InchoateFormsFile


class InchoateCatalogue(NamedCatalogue):
    kind = "inchoate form"

    def __init__(self, file: InchoateFormsFile):
        super().__init__(file.forms, lambda f: [f.id, f.label])
        self.by_offence = {oid: form.id for form in file.forms for oid in form.offences}

    def form_of(self, offence_id: str):
        """The inchoate form a general inchoate offence is (None for any other offence)."""
        found = self.by_offence.get(offence_id)
        return self.by_id[found] if found else None
