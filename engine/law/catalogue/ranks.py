"""Police ranks in order, so 'at least the rank of inspector' can be tested."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .names import NamedCatalogue

if TYPE_CHECKING:
    from ..rulefiles import RanksFile


class RankCatalogue(NamedCatalogue):
    kind = "police rank"

    def __init__(self, file: RanksFile):
        super().__init__(file.ranks, lambda r: [r.id, r.label, *r.aliases])

    def shown(self, rank) -> str:
        return rank.label

    def level(self, rank_id: str) -> int:
        return self.by_id[rank_id].level
