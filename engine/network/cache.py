"""An on-disk cache of the loaded catalogues and compiled rule sets, so one ``pocapace check``
starts fast. The key covers every rule file (by content), the engine's own source files (by size
and time of change) and the library versions, so any change to the law or the engine makes a new
entry; a damaged or unreadable cache is ignored. Set POCAPACE_CACHE=off to disable it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

ENV = "POCAPACE_CACHE"


def cache_dir() -> Path | None:
    setting = os.environ.get(ENV, "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pocapace"


def cache_key(rules_version: str) -> str:
    import durable
    import pydantic

    digest = hashlib.sha256()
    digest.update(rules_version.encode())
    digest.update(f"{sys.version}|{pydantic.VERSION}|{getattr(durable, '__file__', '')}".encode())
    engine = Path(__file__).parents[1]  # every engine module: the pickled classes live there
    for path in sorted(engine.rglob("*.py")):  # name, size and time of change: cheap to read
        stat = path.stat()
        digest.update(f"{path.relative_to(engine)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def load(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as file:
            return pickle.load(file)  # noqa: S301 - our own file, keyed by content hash
    except Exception:  # missing, unreadable or from an incompatible build: rebuild
        return None


def save(key: str, state: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp")  # noqa: SIM115
    except OSError:
        return  # a read-only home: work without the cache
    try:
        with file:
            # A state that does not pickle is an engine bug: let it raise (tests catch it).
            pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, folder / f"{key}.pickle")
    except OSError:
        pass  # a full disk: work without the cache
    finally:
        if os.path.exists(file.name):
            os.unlink(file.name)
