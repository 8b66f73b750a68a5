"""Police ranks in order, so 'at least the rank of inspector' can be tested."""

from __future__ import annotations

from ..errors import UnknownReferenceError
from ..rulefiles import Rank, RanksFile
from .names import normalise, suggest


class RankCatalogue:
    def __init__(self, file: RanksFile):
        self.by_id: dict[str, Rank] = {r.id: r for r in file.ranks}
        self.keys = {normalise(n): r.id for r in file.ranks for n in [r.id, r.label, *r.aliases]}

    def resolve(self, name: str) -> Rank:
        rank_id = self.keys.get(normalise(name))
        if rank_id:
            return self.by_id[rank_id]
        shown = {key: self.by_id[rid].label for key, rid in self.keys.items()}
        raise UnknownReferenceError("police rank", name, suggest(name, shown))

    def level(self, rank_id: str) -> int:
        return self.by_id[rank_id].level
