"""Three-valued tests as durable_rules expressions: for each condition, when it is
met, not met or unknown, written in durable_rules' JSON pattern language.

An attribute that is absent from a fact is unknown. Ordered quantities are held as
an interval ``<attr>__lo`` .. ``<attr>__hi`` so partial knowledge still decides
(a total known to be at least the threshold, or an age known only to be below a limit).
"""

from __future__ import annotations

import operator
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


#: For each ordered test, which bound decides "met" and "not met", and how it compares with
#: the constant. The network's patterns and the Python reading below both come from this.
ORDERED = {
    "at_least": (("lo", "$gte"), ("hi", "$lt")),
    "above": (("lo", "$gt"), ("hi", "$lte")),
    "below": (("hi", "$lt"), ("lo", "$gte")),
    "at_most": (("hi", "$lte"), ("lo", "$gt")),
}
OPPOSITE = {"$gte": "$lt", "$gt": "$lte", "$lt": "$gte", "$lte": "$gt"}
COMPARE = {"$gte": operator.ge, "$gt": operator.gt, "$lt": operator.lt, "$lte": operator.le}
BOUND = {"lo": lo, "hi": hi}


def _ordered(leaf: Leaf) -> dict[str, dict]:
    n = leaf.value
    (met_bound, met_op), (not_bound, not_op) = ORDERED[leaf.op]
    met_name, not_name = BOUND[met_bound](leaf.attr), BOUND[not_bound](leaf.attr)
    met_fails = _or(_absent(met_name), _cmp(OPPOSITE[met_op], met_name, n))
    not_met_fails = _or(_absent(not_name), _cmp(OPPOSITE[not_op], not_name, n))
    return {"met": _cmp(met_op, met_name, n), "not_met": _cmp(not_op, not_name, n),
            "unknown": _and(met_fails, not_met_fails)}


def state_of(leaf: Leaf, fact: dict) -> str:
    """A fact test's finding on one fact, read in Python exactly as the patterns decide it."""
    if leaf.kind in ("number", "money", "date"):
        found = []
        for bound, op in ORDERED[leaf.op]:
            value = fact.get(BOUND[bound](leaf.attr))
            found.append(value is not None and COMPARE[op](value, leaf.value))
        state = "met" if found[0] else "not_met" if found[1] else "unknown"
    else:
        value = fact.get(key(leaf.attr))
        if value is None or (leaf.op == "holds" and value == "unknown"):
            state = "unknown"
        elif leaf.op == "in":
            state = "met" if value in leaf.value else "not_met"
        else:
            state = "met" if value == leaf.value else "not_met"
    return SWAP[state] if leaf.negated else state


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
