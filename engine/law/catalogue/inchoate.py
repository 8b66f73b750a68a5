"""Inchoate forms (attempt, conspiracy, ...): found by name, with the specific forms a
general one covers (encouraging or assisting, section not stated)."""

from __future__ import annotations

from ..rulefiles import InchoateFormsFile
from .names import NamedCatalogue


class InchoateCatalogue(NamedCatalogue):
    kind = "inchoate form"

    def __init__(self, file: InchoateFormsFile):
        super().__init__(file.forms, lambda f: [f.id, f.label])
