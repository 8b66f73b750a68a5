"""The regimes by name (the ``regime`` field of a case file), each imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names are known without importing the regimes' models
    from .base import Regime

MODULES = {
    "pace-s63b": ("pocapace.engine.regimes.pace", "PaceRegime"),
    "poca-s75": ("pocapace.engine.regimes.poca", "PocaRegime"),
}


class _Regimes(Mapping):
    """A read-only mapping that imports a regime's module only when it is asked for."""

    def __init__(self):
        self._loaded: dict[str, Regime] = {}

    def __getitem__(self, name: str) -> Regime:
        if name not in self._loaded:
            module, cls = MODULES[name]
            self._loaded[name] = getattr(importlib.import_module(module), cls)()
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)

    def __contains__(self, name: object) -> bool:
        return name in MODULES


REGIMES = _Regimes()
