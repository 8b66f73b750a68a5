"""An on-disk cache of the loaded catalogues, compiled rule sets and register, so one
``pocapace check`` starts fast. The key covers every rule file and the register (by content),
the engine's own source files (by size and time of change) and the library versions, so any
change to the law or the engine makes a new entry; a damaged or unreadable cache is ignored.
Set POCAPACE_CACHE=off to disable it. Rule-file models are saved as plain records.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from ..law.records import kind

ENV = "POCAPACE_CACHE"


def cache_dir() -> Path | None:
    setting = os.environ.get(ENV, "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pocapace"


def cache_key(rules_version: str, register: Path | None = None) -> str:
    """The entry for these rules, this register (by content) and this build of the engine."""
    import importlib.util

    durable = importlib.util.find_spec("durable")  # its origin, without importing it (logging)
    digest = hashlib.sha256()
    digest.update(rules_version.encode())
    digest.update(f"{sys.version}|{getattr(durable, 'origin', '')}".encode())
    if register is not None:
        try:
            digest.update(hashlib.sha256(Path(register).read_bytes()).digest())
        except OSError:
            digest.update(f"unreadable:{register}".encode())  # loading it reports the error
    engine = Path(__file__).parents[1]  # every engine module: the pickled classes live there
    for path in sorted(engine.rglob("*.py")):  # name, size and time of change: cheap to read
        stat = path.stat()
        digest.update(f"{path.relative_to(engine)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


class PlainPickler(pickle.Pickler):
    """Saves validated rule-file models as plain records (``law.records``): reading the cache
    back then never imports pydantic's rule-file models, the bulk of a warm start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..law.periods import Period
        from ..law.rulefiles import Strict
        from ..law.scenarios import Scenario
        self.models = (Strict, Period)
        self.own_class = Scenario.__module__  # scenarios keep their methods (digest, shown)

    def reducer_override(self, obj):
        if isinstance(obj, self.models) and type(obj).__module__ != self.own_class:
            return object.__new__, (kind(type(obj).__name__),), dict(obj.__dict__)
        return NotImplemented


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
    import tempfile  # (shutil, random, bz2: only the first run of new rules writes)

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
            PlainPickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
        os.replace(file.name, folder / f"{key}.pickle")
    except OSError:
        pass  # a full disk: work without the cache
    finally:
        if os.path.exists(file.name):
            os.unlink(file.name)
