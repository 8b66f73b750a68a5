"""pocapace engine: loads the law as data, compiles it into durable_rules, decides cases.

The public entry is here: ``get_engine``, ``Engine`` and the decision types. The packages
below are layered, each importing only from those before it (``tests/test_layout.py``):
``core`` -> ``law`` -> ``network`` -> ``regimes`` -> ``decision`` -> the front door
(``api``, ``cases``) -> ``tools``.
"""

from __future__ import annotations

_PUBLIC = {
    "Engine": "api", "get_engine": "api", "Evaluation": "api",
    "RawCase": "cases", "read_cases": "cases", "validate_case": "cases",
    "Decision": "decision.model", "Route": "decision.model", "Obligation": "decision.model",
    "Missing": "decision.model", "TraceNode": "decision.model", "LawAt": "decision.model",
    "PocapaceError": "core.errors", "CaseFileError": "core.errors",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    """Import the public names on first use, so ``import pocapace.engine`` stays cheap."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'pocapace.engine' has no attribute '{name}'")
    import importlib

    value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value
