"""The drug catalogue: controlled drugs, their street names, and their class on each day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .names import NamedCatalogue

if TYPE_CHECKING:
    from ..rulefiles import Drug, DrugsFile


class DrugCatalogue(NamedCatalogue):
    """Drugs found by name or street name; ``class_on`` answers for any day."""

    kind = "drug"

    def __init__(self, file: DrugsFile, source: str):
        super().__init__(file.drugs, lambda d: [d.id, d.name, *d.aliases], source)

    def shown(self, drug: Drug) -> str:
        return drug.name

    def class_on(self, drug_id: str, day: dt.date) -> str:
        """The drug's class on ``day`` ('none' before control)."""
        current = "none"
        for change in self.by_id[drug_id].classes:
            if change.from_ <= day:
                current = change.drug_class
        return current

    def class_change(self, drug_id: str, day: dt.date):
        """The class-change entry in effect on ``day`` (for citing it), or None."""
        found = None
        for change in self.by_id[drug_id].classes:
            if change.from_ <= day:
                found = change
        return found
