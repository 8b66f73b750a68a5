"""Traces already built, kept as templates: a case whose network run and list findings have
the same shape as an earlier case's gets that case's trace with its own values filled in.

A trace's *shape* (which rules are shown, which parts decided, which facts each one used) is
fixed by the network's conclusions, the number of items in each scope and which list
findings exist and rest on unconfirmed readings. Its *values* (facts as shown, the reasons,
list entries and missing facts of each finding, and the in-force label, which names the day)
come from the case. A template records the shape once and where each value comes from;
``fill`` reads the values from the new case's facts. Only the batch and the service's fast
path use templates; ``Engine.reference_evaluate`` always builds the trace in full, and the
equivalence tests and ``batch --verify-every`` compare the two.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from .model import FactUsed, Missing, TraceNode

#: Template operations, in the order the builder applied them to a node.
DETAIL, ENTRIES, ASK = "detail", "entries", "ask"


@dataclass(slots=True)
class Template:
    """One traced node: the node as first built (never handed out) and its value sources."""

    node: TraceNode
    gate: Any  # the rule's in-force part (its label names the day), or None
    facts: list[tuple[FactUsed, tuple]]  # each fact shown and the (type, item, attr) it shows
    ops: list[tuple]  # (DETAIL | ENTRIES, slot) or (ASK, Missing): reasons, entries, missing
    children: list[Template]


def shape_of(run_shape: tuple, detail: dict) -> tuple:
    """The key of a case's traces: its run's shape and which findings it has and whether each
    rests on an unconfirmed reading (the builder's choice between alternatives reads that)."""
    return run_shape, tuple((slot, bool(getattr(found, "unconfirmed", False)))
                            for slot, found in detail.items())


def fill(template: Template, shown: dict, detail: dict, in_force) -> TraceNode:
    """The trace node of ``template`` with the values of a case (its facts' ``shown`` and
    ``detail``; ``in_force(part)`` gives the in-force label on the case's day): a new node,
    or the recorded one itself where the case changes nothing in it. Trace nodes are not
    changed once built (only the builder changes the nodes it is building)."""
    proto = template.node
    in_force_now = in_force(template.gate) if template.gate is not None else None
    children = [fill(child, shown, detail, in_force) for child in template.children]
    if not template.facts and not template.ops and in_force_now == proto.in_force and all(
            new is old.node for new, old in zip(children, template.children, strict=True)):
        return proto  # nothing of the case in it: the node as recorded serves (never changed)
    reasons: list[str] = []
    entries: list[str] = []
    missing: list[Missing] = []
    for op, value in template.ops:
        if op == ASK:
            missing.append(Missing(fact=value.fact, ask=value.ask))
            continue
        found = detail[value]
        entries += getattr(found, "entries", [])
        if op == DETAIL:
            reasons += found.reasons
            if proto.outcome == "unknown":
                missing += [Missing(fact=path, ask=ask) for path, ask in found.missing]
    return TraceNode(
        rule=proto.rule, label=proto.label, citation=proto.citation, statement=proto.statement,
        outcome=proto.outcome, url=proto.url, item=proto.item, scope=proto.scope,
        in_force=in_force_now, decisive=proto.decisive,
        facts=[FactUsed(f.fact, shown.get(slot, UNKNOWN_VALUE), f.source, f.test, f.decisive)
               for f, slot in template.facts],
        reasons=reasons, interpretation=proto.interpretation, unconfirmed=proto.unconfirmed,
        missing=missing, children=children, entries=entries)


UNKNOWN_VALUE = "not known"
#: New templates between two freezes of the collector's generations (see ``put``).
FREEZE_EVERY = 256


class TraceTemplates:
    """At most ``size`` templates, least recently used dropped first; safe across threads."""

    def __init__(self, size: int = 4096, freeze: bool = False):
        """``freeze`` (a batch worker): every ``FREEZE_EVERY`` new templates, freeze the cyclic
        collector's generations. Templates are long-lived objects made at a steady rate; left
        to the collector, each full collection scans all of them again (measured: 0.5 ms a
        case while templates are being made). Frozen, they are never scanned, and being
        trees without cycles a dropped template is still freed by its refcount. Not for a
        process that inspects the collector (``gc.get_referrers`` skips frozen objects)."""
        self.size, self.freeze = size, freeze
        self._kept: OrderedDict[tuple, Template] = OrderedDict()
        #: Keys seen once (a template is kept from the second sighting: most shapes of a
        #: national export occur once, and recording one costs more than building it).
        self._seen: OrderedDict[tuple, None] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self._new = 0

    def wanted(self, key: tuple) -> bool:
        """Whether to record a template for ``key`` (not kept): True the second time."""
        with self._lock:
            if key in self._seen:
                del self._seen[key]
                return True
            self._seen[key] = None
            if len(self._seen) > 4 * self.size:
                self._seen.popitem(last=False)
            return False

    def get(self, key: tuple) -> Template | None:
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
                self._kept.move_to_end(key)
            return found

    def put(self, key: tuple, template: Template) -> None:
        with self._lock:
            self._kept[key] = template
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)
            self._new += 1
            if self.freeze and self._new >= FREEZE_EVERY:
                self._new = 0
                gc.freeze()
