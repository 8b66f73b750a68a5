"""Police areas of England and Wales, found by id, name or common abbreviation."""

from __future__ import annotations

from ..errors import UnknownReferenceError
from ..rulefiles import PoliceArea, PoliceAreasFile
from .names import normalise, suggest


class AreaCatalogue:
    def __init__(self, file: PoliceAreasFile):
        self.by_id: dict[str, PoliceArea] = {a.id: a for a in file.areas}
        self.keys = {normalise(n): a.id for a in file.areas for n in [a.id, a.name, *a.aliases]}

    def resolve(self, name: str) -> PoliceArea:
        area_id = self.keys.get(normalise(name))
        if area_id:
            return self.by_id[area_id]
        shown = {key: self.by_id[aid].id for key, aid in self.keys.items()}
        raise UnknownReferenceError("police area", name, suggest(name, shown))
