"""The regimes by name (the ``regime`` field of a case file)."""

from __future__ import annotations

from .base import Regime
from .pace import PaceRegime
from .poca import PocaRegime

REGIMES: dict[str, Regime] = {r.name: r for r in (PaceRegime(), PocaRegime())}
