"""Inchoate forms (attempt, conspiracy, ...): found by name, with the specific forms a
general one covers (encouraging or assisting, section not stated)."""

from __future__ import annotations

from ..errors import UnknownReferenceError
from ..rulefiles import InchoateForm, InchoateFormsFile
from .names import normalise, suggest


class InchoateCatalogue:
    def __init__(self, file: InchoateFormsFile):
        self.by_id: dict[str, InchoateForm] = {f.id: f for f in file.forms}
        self.keys = {normalise(n): f.id for f in file.forms for n in (f.id, f.label)}

    def resolve(self, name: str) -> InchoateForm:
        form_id = self.keys.get(normalise(name))
        if form_id:
            return self.by_id[form_id]
        shown = {key: fid for key, fid in self.keys.items()}
        raise UnknownReferenceError("inchoate form", name, suggest(name, shown))
