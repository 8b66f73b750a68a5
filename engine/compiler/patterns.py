"""Three-valued tests as durable_rules expressions: for each condition, when it is
met, not met or unknown, written in durable_rules' JSON pattern language.

An attribute that is absent from a fact is unknown. Ordered quantities are held as
an interval ``<attr>__lo`` .. ``<attr>__hi`` so partial knowledge still decides
(a total known to be at least the threshold, or an age known only to be below a limit).
"""

from __future__ import annotations

from typing import Any

from .expr import InForce, Leaf

STATES = ("met", "not_met", "unknown")
SWAP = {"met": "not_met", "not_met": "met", "unknown": "unknown"}


def key(attr: str) -> str:
    """The fact key for an attribute (durable_rules reads '.' as a path, so none here)."""
    return attr.replace(":", "__")


def lo(attr: str) -> str:
    return f"{key(attr)}__lo"


def hi(attr: str) -> str:
    return f"{key(attr)}__hi"


def _and(*parts: dict) -> dict:
    parts = tuple(p for p in parts if p is not None)
    return parts[0] if len(parts) == 1 else {"$and": list(parts)}


def _or(*parts: dict) -> dict:
    return parts[0] if len(parts) == 1 else {"$or": list(parts)}


def _absent(name: str) -> dict:
    return {"$nex": {name: 1}}


def _present(name: str) -> dict:
    return {"$ex": {name: 1}}


def _cmp(op: str, name: str, value: Any) -> dict:
    return {op: {name: value}}


def _ordered(leaf: Leaf) -> dict[str, dict]:
    low, high, n = lo(leaf.attr), hi(leaf.attr), leaf.value
    met, not_met = {
        "at_least": (_cmp("$gte", low, n), _cmp("$lt", high, n)),
        "above": (_cmp("$gt", low, n), _cmp("$lte", high, n)),
        "below": (_cmp("$lt", high, n), _cmp("$gte", low, n)),
        "at_most": (_cmp("$lte", high, n), _cmp("$gt", low, n)),
    }[leaf.op]
    met_fails = {
        "at_least": _or(_absent(low), _cmp("$lt", low, n)),
        "above": _or(_absent(low), _cmp("$lte", low, n)),
        "below": _or(_absent(high), _cmp("$gte", high, n)),
        "at_most": _or(_absent(high), _cmp("$gt", high, n)),
    }[leaf.op]
    not_met_fails = {
        "at_least": _or(_absent(high), _cmp("$gte", high, n)),
        "above": _or(_absent(high), _cmp("$gt", high, n)),
        "below": _or(_absent(low), _cmp("$lt", low, n)),
        "at_most": _or(_absent(low), _cmp("$lte", low, n)),
    }[leaf.op]
    return {"met": met, "not_met": not_met, "unknown": _and(met_fails, not_met_fails)}


def _plain(leaf: Leaf) -> dict[str, dict]:
    name, value = key(leaf.attr), leaf.value
    if leaf.op == "holds":
        other = "not_met" if value == "met" else "met"
        unknown = _or({name: "unknown"}, _absent(name))
        return {"met": {name: value}, "not_met": {name: other}, "unknown": unknown}
    if leaf.op == "is":
        return {"met": {name: value}, "not_met": {name: not value}, "unknown": _absent(name)}
    values = value if leaf.op == "in" else [value]
    met = _or(*({name: v} for v in values))
    not_met = _and(_present(name), *({"$neq": {name: v}} for v in values))
    return {"met": met, "not_met": not_met, "unknown": _absent(name)}


def leaf_states(leaf: Leaf) -> dict[str, dict | None]:
    """Durable expressions for when the leaf is met, not met and unknown."""
    states = _ordered(leaf) if leaf.kind in ("number", "money", "date") else _plain(leaf)
    if leaf.negated:
        states = {s: states[SWAP[s]] for s in STATES}
    return states


def in_force_states(test: InForce) -> dict[str, dict | None]:
    """Durable expressions on the ``law`` fact for a rule being in force (never unknown)."""
    inside, outside = [], []
    for start, end in test.ranges:
        inside.append(_and(
            _cmp("$gte", lo("day"), start) if start is not None else None,
            _cmp("$lte", lo("day"), end) if end is not None else None,
        ) if (start is not None or end is not None) else {"$ex": {lo("day"): 1}})
        bounds = []
        if start is not None:
            bounds.append(_cmp("$lt", lo("day"), start))
        if end is not None:
            bounds.append(_cmp("$gt", lo("day"), end))
        outside.append(_or(*bounds) if bounds else None)
    met = _or(*inside)
    not_met = None if any(o is None for o in outside) else _and(*outside)
    states = {"met": met, "not_met": not_met, "unknown": None}
    if test.negated:
        states = {s: states[SWAP[s]] for s in STATES}
    return states


def value_state(states: tuple[str, ...], negated: bool) -> dict:
    """Constraint on a conclusion fact's ``v`` for the given (possibly negated) states."""
    wanted = [SWAP[s] if negated else s for s in states]
    return _or(*({"v": s} for s in wanted))


def combine(*parts: dict | None) -> dict | None:
    """AND of expressions; None (impossible) if any part is impossible."""
    if any(p is None for p in parts):
        return None
    return _and(*parts)


def either(*parts: dict | None) -> dict | None:
    """OR of expressions, dropping impossible ones; None if all are impossible."""
    live = [p for p in parts if p is not None]
    return _or(*live) if live else None
