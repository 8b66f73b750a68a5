"""The drug catalogue: controlled drugs, their street names, and their class on each day."""

from __future__ import annotations

import datetime as dt

from ..rulefiles import Drug, DrugsFile
from .names import NamedCatalogue, normalise


class DrugCatalogue:
    """Drugs found by name or street name; ``class_on`` answers for any day."""

    def __init__(self, file: DrugsFile, source: str):
        from ..errors import RuleFileError

        self.by_id: dict[str, Drug] = {}
        self.keys: dict[str, str] = {}
        for drug in file.drugs:
            if drug.id in self.by_id:
                raise RuleFileError(source, f"drug id '{drug.id}' is defined twice", drug.id)
            self.by_id[drug.id] = drug
            for name in [drug.id, drug.name, *drug.aliases]:
                key = normalise(name)
                if self.keys.get(key, drug.id) != drug.id:
                    raise RuleFileError(source, f"'{name}' names both {self.keys[key]} and "
                                                f"{drug.id}", drug.id)
                self.keys[key] = drug.id

    kind = "drug"
    resolve = NamedCatalogue.resolve

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
