"""An on-disk cache of the loaded catalogues, compiled rule sets and register, so one
``pocapace check`` starts fast. The key covers every rule file and the register (by content),
the engine's own source files (by size and time of change) and the library versions, so any
change to the law or the engine makes a new entry; a damaged or unreadable cache is ignored.
Set POCAPACE_CACHE=off to disable it. Rule-file models are saved as plain records.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.cache_folder import ENV, cache_dir, save_whole  # noqa: F401 (ENV: for its users)
from ..core.digests import sha256
from ..law.records import kind


def cache_key(rules_version: str, register: Path | None = None) -> str:
    """The entry for these rules, this register (by content) and this build of the engine."""
    digest = sha256()
    digest.update(rules_version.encode())
    if register is not None:
        try:
            digest.update(sha256(Path(register).read_bytes()).digest())
        except OSError:
            digest.update(f"unreadable:{register}".encode())  # loading it reports the error
    digest.update(_engine_build())
    return digest.hexdigest()[:24]


def remembered_version(root: Path, scenario_digest: str, compute: Callable[[], str]) -> str:
    """``compute()`` (the rules' version: a hash of every rule file's bytes), or the version
    it gave before for rule files of the same paths, sizes and times of change (os.stat: no
    file is read), remembered in the cache folder."""
    folder = cache_dir()
    if folder is None:
        return compute()
    digest = sha256(f"{os.path.abspath(root)}|{scenario_digest}".encode())
    for line in _stats(str(root), ".yaml"):
        digest.update(line.encode())
    path = folder / f"version-{digest.hexdigest()[:24]}"
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        pass
    version = compute()
    save_whole(path, version.encode("ascii"))
    return version


@functools.cache
def _engine_build() -> bytes:
    """This Python, durable-rules' install and the engine's modules (read once a process: the
    modules it runs are the ones it has imported)."""
    import importlib.util

    durable = importlib.util.find_spec("durable")  # its origin, without importing it (logging)
    lines = [f"{sys.version}|{getattr(durable, 'origin', '')}", *_engine_files()]
    return "".join(lines).encode()


def _engine_files() -> list[str]:
    """Every engine module (the pickled classes live there) by path, size and time of change,
    sorted: cheap to read (os.walk and os.stat, a quarter of pathlib's rglob and stat)."""
    return _stats(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".py")


def _stats(root: str, suffix: str) -> list[str]:
    """Each file under ``root`` ending in ``suffix``: its path, size, times of change (its
    content's and its own, which no program can set back) and inode, sorted."""
    found, skip = [], len(root) + 1
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        for name in files:
            if name.endswith(suffix):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                found.append(f"{path[skip:]}|{stat.st_size}|{stat.st_mtime_ns}|"
                             f"{stat.st_ctime_ns}|{stat.st_ino}")
    return sorted(found)


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


#: The layout of a cache entry: (FORMAT, the catalogues and register pickled, each regime's
#: compiled rule set pickled on its own, naming the objects it shares with the catalogues by
#: their place in the first pickle), so a check reads only the rule set its case needs.
FORMAT = "pocapace-cache-2"
#: Values a rule set may hold copies of rather than share (immutable, or named by reference).
_COPIED = (str, bytes, int, float, bool, tuple, frozenset, type(None), type)


class LazyRulesets(dict):
    """The compiled rule sets by regime name, each unpickled when first asked for. One that
    cannot be read back is reported absent, so the engine compiles it afresh."""

    def __init__(self, blobs: dict[str, bytes], shared: dict[int, Any]):
        super().__init__()
        self._blobs, self._shared = blobs, shared

    def _read(self, name: str) -> bool:
        blob = self._blobs.pop(name, None)
        if blob is not None:
            try:
                unpickler = pickle.Unpickler(io.BytesIO(blob))
                unpickler.persistent_load = self._shared.__getitem__
                super().__setitem__(name, unpickler.load())  # noqa: S301 - our own file
            except Exception:  # damaged: the engine compiles this regime again
                pass
        return dict.__contains__(self, name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._read(name)

    def __getitem__(self, name: str) -> Any:
        self._read(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default

    def _all(self) -> None:
        for name in list(self._blobs):
            self._read(name)

    def __iter__(self):
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def keys(self):
        self._all()
        return super().keys()

    def values(self):
        self._all()
        return super().values()

    def items(self):
        self._all()
        return super().items()

    def __eq__(self, other: object) -> bool:
        self._all()
        return super().__eq__(other)

    __hash__ = None

    def copy(self) -> dict:
        return dict(self.items())

    def __reduce__(self):
        return dict, (dict(self.items()),)


def _dumps(obj: Any, shared: dict[int, tuple[int, Any]] | None = None) -> tuple[bytes, dict]:
    """``obj`` pickled (rule-file models as plain records), referring to the objects of
    ``shared`` (a pickler's memo) by their place in it; and this pickler's memo."""
    buffer = io.BytesIO()
    pickler = PlainPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if shared is not None:
        def persistent_id(value: Any) -> int | None:
            if isinstance(value, _COPIED):
                return None
            found = shared.get(id(value))
            return found[0] if found is not None and found[1] is value else None
        pickler.persistent_id = persistent_id
    # A state that does not pickle is an engine bug: let it raise (tests catch it).
    pickler.dump(obj)
    return buffer.getvalue(), pickler.memo.copy()


def load(key: str) -> Any | None:
    """(catalogues, rule sets by regime, register) from the cache entry ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as file:
            layout, head, blobs = pickle.load(file)  # noqa: S301 - our own file, keyed by content hash
        if layout != FORMAT:
            return None
        unpickler = pickle.Unpickler(io.BytesIO(head))
        catalogues, register = unpickler.load()  # noqa: S301
        return catalogues, LazyRulesets(blobs, unpickler.memo.copy()), register
    except Exception:  # missing, unreadable or from an incompatible build: rebuild
        return None


def save(key: str, state: Any) -> None:
    import tempfile  # (shutil, random, bz2: only the first run of new rules writes)

    folder = cache_dir()
    if folder is None:
        return
    catalogues, rulesets, register = state
    head, shared = _dumps((catalogues, register))
    blobs = {name: _dumps(ruleset, shared)[0] for name, ruleset in rulesets.items()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file = tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp")  # noqa: SIM115
    except OSError:
        return  # a read-only home: work without the cache
    try:
        with file:
            pickle.dump((FORMAT, head, blobs), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, folder / f"{key}.pickle")
    except OSError:
        pass  # a full disk: work without the cache
    finally:
        if os.path.exists(file.name):
            os.unlink(file.name)
