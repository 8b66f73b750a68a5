"""The folder pocapace keeps what it has worked out in (compiled rules, saved network runs,
compiled dataclass code): POCAPACE_CACHE, else the user's cache folder; off, 0 or no for none."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "POCAPACE_CACHE"


def cache_dir() -> Path | None:
    setting = os.environ.get(ENV, "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pocapace"
