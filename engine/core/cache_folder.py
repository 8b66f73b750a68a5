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


def save_whole(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` whole or not at all (a temporary file, then a rename), so a
    reader never sees half a file; False if it could not (a read-only or full disk)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        return False
    return True
