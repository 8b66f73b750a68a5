"""Network runs saved one file each, for single checks: a check reads the one run it needs
(a few hundred bytes) instead of creating the C engine's rule set (about 16 ms for PACE) and
running the facts through it. Runs are keyed and packed as the batch's run cache keys and
packs them (``memo``); the folder is named by the rules' cache key, so other rules, another
law scenario or another engine build never see them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.cache_folder import save_whole
from .memo import RunCache
from .runner import RunResult

if TYPE_CHECKING:
    from .ruleset import CompiledRuleSet

#: Runs kept; past this, the older half is removed (4,096 runs are about 3 MB).
LIMIT = 4096


class RunFiles:
    """Runs on disk under ``folder``, one file per key digest (which names the rule set). A
    run's nodes are numbered among its own rule set's nodes, so a check of one regime never
    loads another's rules."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._codecs: dict[str, RunCache] = {}
        self.hits = self.misses = 0
        #: Run the network for a saved run too, and fail if they differ (``check --verify``).
        self.verify = False

    def _codec(self, ruleset: CompiledRuleSet) -> RunCache:
        codec = self._codecs.get(ruleset.name)
        if codec is None:
            codec = self._codecs[ruleset.name] = RunCache(0, list(ruleset.nodes))
        return codec

    def get(self, digest: bytes, ruleset: CompiledRuleSet) -> RunResult | None:
        try:
            packed = (self.folder / digest.hex()).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return RunResult(self._codec(ruleset).unpack(packed))

    def put(self, digest: bytes, run: RunResult, ruleset: CompiledRuleSet) -> None:
        """Save a run (whole, or not at all; a read-only or full disk saves nothing)."""
        packed = self._codec(ruleset).pack(run)
        if packed is None:
            return
        if save_whole(self.folder / digest.hex(), packed):
            self._bound()

    def _bound(self) -> None:
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        if len(names) <= LIMIT:
            return
        dated = sorted((self._modified(name), name) for name in names)
        for _, name in dated[:len(dated) // 2]:
            try:
                os.remove(self.folder / name)
            except OSError:
                pass

    def _modified(self, name: str) -> float:
        try:
            return os.stat(self.folder / name).st_mtime
        except OSError:
            return 0.0
