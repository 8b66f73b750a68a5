"""Law-change impact: the same case decided under two days' law, and why the answers differ.

The explanation is read off the two runs: the rules whose finding changed although none of
the rules beneath them did. Their change comes from the facts they test on each day (the law
in force, a list's entries, a drug's class, an age), which are shown side by side.
"""

from __future__ import annotations

from typing import Any

from ..network.compiler.expr import Leaf


def changed_rules(ruleset, before, after) -> list[dict[str, Any]]:
    """The lowest rules (and items) whose finding differs between two evaluations."""
    old, new = before.run.conclusions, after.run.conclusions
    changed = {slot for slot in set(old) | set(new)
               if _value(old, slot) != _value(new, slot)}
    found = []
    for node_id, key in sorted(changed):
        node = ruleset.nodes[node_id]
        if node.anonymous:
            continue
        if any((child, ruleset.child_item(node, child, key)) in changed
               for child in _descendants(ruleset, node_id)):
            continue
        found.append(_describe(node, key, before, after, old, new))
    return found


def _value(conclusions, slot) -> str | None:
    found = conclusions.get(slot)
    return found.value if found else None


def _descendants(ruleset, node_id: str) -> list[str]:
    """Named rules beneath a rule, looking through its anonymous parts."""
    out, stack = [], list(ruleset.nodes[node_id].children)
    while stack:
        child = stack.pop()
        out.append(child)
        if ruleset.nodes[child].anonymous:
            stack.extend(ruleset.nodes[child].children)
    return out


def _describe(node, key, before, after, old, new) -> dict[str, Any]:
    entry = node.entry
    out: dict[str, Any] = {
        "rule": node.id, "label": entry.label, "citation": entry.citation,
        "before": _value(old, (node.id, key)), "after": _value(new, (node.id, key)),
        "facts": [],
    }
    if node.scope != "case":
        out["item"] = key
    for part in _leaves(node, before.ruleset):
        index = before.ruleset.fact_index(part.fact, key)
        slot = (part.fact, index, part.attr)
        shown = (before.facts.shown.get(slot, "not known"), after.facts.shown.get(slot,
                                                                                 "not known"))
        reasons = [getattr(e.facts.detail.get(slot), "reasons", None) for e in (before, after)]
        if shown[0] != shown[1] or reasons[0] != reasons[1]:
            out["facts"].append({"fact": f"{part.fact}.{part.attr}", "before": shown[0],
                                 "after": shown[1], "reasons_before": reasons[0] or [],
                                 "reasons_after": reasons[1] or []})
    if not out["facts"] and node.gate is not None:
        out["facts"].append({"fact": "law.in_force", "before": before.facts.day.isoformat(),
                             "after": after.facts.day.isoformat()})
    return out


def _leaves(node, ruleset) -> list[Leaf]:
    leaves = [p for p in node.parts if isinstance(p, Leaf)]
    for child in node.children:
        if ruleset.nodes[child].anonymous:
            leaves += _leaves(ruleset.nodes[child], ruleset)
    return leaves
