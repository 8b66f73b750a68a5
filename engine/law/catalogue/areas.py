"""Police areas of England and Wales, found by id, name or common abbreviation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import NamedCatalogue

if TYPE_CHECKING:
    from ..rulefiles import PoliceAreasFile


class AreaCatalogue(NamedCatalogue):
    kind = "police area"

    def __init__(self, file: PoliceAreasFile):
        super().__init__(file.areas, lambda a: [a.id, a.name, *a.aliases])
