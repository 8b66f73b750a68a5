"""A bounded cache of network runs keyed by what the network can see of a case's facts.

The compiled rules compare ordered quantities (ages, days, sums) only with constants, so a
quantity is replaced in the key by its position among those constants: two cases that agree
on every plain value and on the side of every constant each quantity falls give identical
firings. A hit reuses the recorded run; the decision is then built from the case's own facts.
Used by batch evaluation, where a force's export repeats the same situations many times.
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections import OrderedDict
from pathlib import Path

from ..core.cache_folder import save_whole
from ..core.digests import blake2b
from .runner import Conclusion, RunResult

LOW, HIGH = "__lo", "__hi"


def position(value, constants: tuple) -> tuple:
    """(index, exact): where ``value`` falls among sorted ``constants``, and whether on one."""
    index = bisect_left(constants, value)
    return index, index < len(constants) and constants[index] == value


def fact_key(fact: dict, thresholds: dict[str, tuple]) -> tuple:
    items = []
    for name, value in fact.items():
        base = _BASES.get(name, _UNSEEN)
        if base is _UNSEEN:
            base = _BASES[name] = _base(name)
        if base is not None:
            if base is _SID:
                continue
            if value.__class__ is not bool:
                value = position(value, thresholds.get(base, ()))
        items.append((name, value))
    items.sort()
    return tuple(items)


_UNSEEN, _SID = object(), object()
#: Attribute name -> the quantity it bounds (None: a plain value; _SID: left out of the key).
_BASES: dict[str, object] = {}


def _base(name: str):
    if name == "sid":
        return _SID
    return name[:-len(LOW)] if name.endswith(LOW) else \
        name[:-len(HIGH)] if name.endswith(HIGH) else None


def canonical(facts: list[dict], thresholds: dict[str, tuple], scopes: list[str]):
    """The facts with each scope's items in a canonical order, their key, and for each scope
    the original index of every canonical position.

    The rules treat the items of a scope alike ("some offence", "every conviction"), so a case
    and the same case with its offences listed in another order run the same way, up to the
    numbering of the items: one cached run serves both.
    """
    keyed = {}
    for fact in facts:
        keyed.setdefault(fact["t"], []).append((fact_key(fact, thresholds), fact))
    order: dict[str, list[int]] = {}
    out: list[dict] = []
    keys: list[tuple] = []
    for name, entries in keyed.items():
        if name in scopes:
            entries.sort(key=lambda e: tuple(x for x in e[0] if x[0] != "i"))
            order[name] = [fact["i"] for _, fact in entries]
            entries = [(_renumbered(key, new), dict(fact, i=new))
                       for new, (key, fact) in enumerate(entries)]
        out += [fact for _, fact in entries]
        keys += [key for key, _ in entries]
    return out, tuple(keys), order


def _renumbered(key: tuple, index: int) -> tuple:
    """A fact's key with its item number replaced (the key is sorted; the name stays put)."""
    return tuple(("i", index) if name == "i" else (name, value) for name, value in key)


def renumber(run: RunResult, order: dict[str, list[int]], scope_of) -> RunResult:
    """A run on canonically ordered items, with each item given back its original number."""
    moved = {scope: numbers for scope, numbers in order.items()
             if any(n != i for i, n in enumerate(numbers))}
    if not moved:  # already in canonical order: the same conclusions serve
        return RunResult(run.conclusions, run.firings)
    conclusions = {}
    for (node, index), conclusion in run.conclusions.items():
        numbers = moved.get(scope_of(node))
        conclusions[(node, numbers[index] if numbers is not None else index)] = conclusion
    return RunResult(conclusions, run.firings)


class RunCache:
    """Least-recently-used runs, at most ``size`` of them (memory stays bounded).

    Keys are kept as 16-byte digests and runs packed into short byte strings (node number,
    item, value, reasons), so even a large cache costs a few tens of megabytes. Given the
    rule sets' node names, node numbers are the same in every process of the same rules, so
    the packed runs can be saved to ``path`` and read back by a later batch (``load``,
    ``save``): a second batch over the same law starts warm.
    """

    VALUES = ("met", "not_met", "unknown")
    #: Save after this many new runs, or a quarter of the cache if more (a worker has no
    #: end-of-batch hook; losing the last few hundred runs costs only their time). A save
    #: also takes in the runs other workers of the batch saved.
    SAVE_EVERY = 1000

    def __init__(self, size: int = 32768, nodes: list[str] = (), path: Path | None = None):
        self.size = size
        self.runs: OrderedDict[bytes, bytes] = OrderedDict()
        self.hits = self.misses = 0
        self._nodes: list[str] = sorted(nodes)
        self._numbers: dict[str, int] = {node: n for n, node in enumerate(self._nodes)}
        self.path = path
        self._unsaved = 0
        self._fixed = len(self._nodes)  # numbers below this are the same in every process
        #: The most recently used runs, unpacked (conclusions are never changed once made).
        self._unpacked: OrderedDict[bytes, dict] = OrderedDict()

    @staticmethod
    def digest(key: tuple) -> bytes:
        return blake2b(repr(key).encode(), digest_size=16).digest()

    def _number(self, node: str) -> int:
        number = self._numbers.get(node)
        if number is None:
            number = self._numbers[node] = len(self._nodes)
            self._nodes.append(node)
        return number

    def get(self, key: tuple) -> RunResult | None:
        return self.get_digest(self.digest(key))

    def get_digest(self, digest: bytes) -> RunResult | None:
        packed = self.runs.get(digest)
        if packed is None:
            self.misses += 1
            return None
        self.hits += 1
        self.runs.move_to_end(digest)
        conclusions = self._unpacked.get(digest)
        if conclusions is None:
            conclusions = self._unpacked[digest] = self.unpack(packed)
            if len(self._unpacked) > UNPACKED:
                self._unpacked.popitem(last=False)
        else:
            self._unpacked.move_to_end(digest)
        return RunResult(conclusions)

    def put(self, key: tuple, run: RunResult) -> None:
        self.put_digest(self.digest(key), run)

    def put_digest(self, digest: bytes, run: RunResult) -> None:
        packed = self.pack(run)
        if packed is None:
            return
        self.runs[digest] = packed
        if len(self.runs) > self.size:
            self.runs.popitem(last=False)
        self._unsaved += 1
        if self.path is not None and self._unsaved >= max(self.SAVE_EVERY, len(self.runs) // 4):
            self.save()  # less often as the cache grows: each save rewrites the whole file

    def load(self) -> None:
        """Add the runs saved at ``path`` (a missing or damaged file is ignored)."""
        saved = _read_runs(self.path) if self.path is not None else {}
        for digest, packed in reversed(list(saved.items())[-self.size:]):
            if digest not in self.runs:  # older than any run of this process
                self.runs[digest] = packed
                self.runs.move_to_end(digest, last=False)

    def save(self) -> None:
        """Merge this cache's runs into the file at ``path`` (newest kept, at most ``size``),
        replacing it whole so a reader never sees half a file."""
        if self.path is None:
            return
        self._unsaved = 0
        merged = _read_runs(self.path)
        for digest, packed in merged.items():  # runs another worker of this batch has saved
            if digest not in self.runs and len(self.runs) < self.size:
                self.runs[digest] = packed
                self.runs.move_to_end(digest, last=False)
        merged.update(self.runs)
        runs = dict(list(merged.items())[-self.size:])
        save_whole(self.path, MAGIC + b"".join(  # (a read-only or full disk: not saved)
            struct.pack("<16sI", d, len(p)) + p for d, p in runs.items()))

    def pack(self, run: RunResult) -> bytes | None:
        """The run as bytes, or None if it names a node the rule sets did not list (it is
        then not kept: its number would differ in another process)."""
        out = bytearray()
        for c in run.conclusions.values():
            number = self._number(c.node)
            if self._fixed and number >= self._fixed:
                return None
            reasons = [254 if r is None else (r & 0xFF) for r in c.reasons]  # -1 -> 255
            out += struct.pack("<HHBB", number, c.key, self.VALUES.index(c.value),
                               len(reasons))
            out += bytes(reasons)
        return bytes(out)

    def unpack(self, packed: bytes) -> dict:
        conclusions = {}
        offset = 0
        while offset < len(packed):
            number, item, value, count = struct.unpack_from("<HHBB", packed, offset)
            offset += 6
            reasons = [None if r == 254 else (r - 256 if r > 127 else r)
                       for r in packed[offset:offset + count]]
            offset += count
            node = self._nodes[number]
            conclusions[(node, item)] = Conclusion(node, item, self.VALUES[value], reasons)
        return conclusions


#: Runs kept unpacked as well as packed (about 10 KB each, 10 MB in all).
UNPACKED = 1024

#: The first bytes of a saved run cache (the layout's version).
MAGIC = b"pocapace-runs-1\n"


def _read_runs(path: Path) -> dict[bytes, bytes]:
    """The runs saved at ``path``: {digest: packed run}; empty if missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(MAGIC):
        return {}
    runs, offset = {}, len(MAGIC)
    while offset < len(data):
        if offset + 20 > len(data):
            return {}
        digest, length = struct.unpack_from("<16sI", data, offset)
        offset += 20
        if offset + length > len(data):
            return {}
        runs[digest] = data[offset:offset + length]
        offset += length
    return runs
