"""What would change this: the smallest sets of facts that would turn a negative or undetermined
decision, computed over the rules themselves.

Starting from the outcome rule, the rule tree is walked backwards: to make an ``all`` rule
hold every failing part must hold; for ``any``, one part will do; a fact test says which value
would pass it. Each proposal found this way is then *run through the network* with the changed
facts, and only those that really change the outcome are kept, smallest first. Each change is
described by the ``change:`` text of the rule it serves and the provision it engages.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..network.compiler.expr import Leaf, Ref
from ..network.compiler.patterns import SWAP, hi, key, lo, state_of
from ..network.runner import run_facts

MAX_OPTIONS = 8
MAX_RESULTS = 5
STEP = {"number": 1, "money": 1, "date": 1}


@dataclass(frozen=True)
class Edit:
    """Set one attribute of one fact; ``chain`` = the rules above it that say what they need
    in plain words (``change:``), outermost first."""

    fact: str
    index: int
    attr: str
    value: Any  # plain value, or (low, high) for ordered kinds
    chain: tuple = ()
    #: Plain words for this fact's change when its rule offers alternatives (the rule's own
    #: ``change:`` then speaks of another one), and the id of that rule.
    direct: str | None = None
    holder: str | None = None


@dataclass
class Proposal:
    edits: dict[tuple[str, int, str], Edit] = field(default_factory=dict)

    def merged(self, other: Proposal) -> Proposal | None:
        out = dict(self.edits)
        for slot, edit in other.edits.items():
            if slot in out and out[slot].value != edit.value:
                return None  # contradictory demands on one fact
            out[slot] = edit
        return Proposal(out)


class Walker:
    """Proposes fact changes that would give a rule (for one item) a wanted value."""

    def __init__(self, evaluation):
        self.ruleset, self.run, self.facts = evaluation.ruleset, evaluation.run, evaluation.facts

    def make(self, node_id: str, item: int, want: str, why: tuple = ()) -> list[Proposal]:
        node = self.ruleset.nodes[node_id]
        if self.run.value(node_id, item) == want:
            return [Proposal()]
        if node.gate is not None and node.gate.period_on(self.facts.day) is None:
            return []  # the law of that day: not a fact anyone can change
        if not node.anonymous and node.version is None and node.entry.change:
            why = (*why, node)
        if node.is_quantifier:
            return self._quantified(node, want, why)
        every = (node.op == "all") == (want == "met")
        options = [self._part(node, item, part, want, why) for part in node.parts]
        if every:
            return self._all(options)
        return list(islice((o for opts in options for o in opts), MAX_OPTIONS))

    def _quantified(self, node, want: str, why) -> list[Proposal]:
        child = node.children[0]
        items = range(self.facts.counts.get(node.quantified.scope, 0))
        options = [self.make(child, i, want, why) for i in items]
        if (node.op == "some") == (want == "met"):
            return list(islice((o for opts in options for o in opts), MAX_OPTIONS))
        return self._all(options)

    @staticmethod
    def _all(options: list[list[Proposal]]) -> list[Proposal]:
        """Every part must hold: combine one option of each part, smallest combinations first."""
        combined = [Proposal()]
        for opts in options:
            merged = [m for c in combined for o in opts if (m := c.merged(o)) is not None]
            combined = sorted(merged, key=lambda p: len(p.edits))[:MAX_OPTIONS]
            if not combined:
                return []
        return combined

    def _part(self, node, item: int, part, want: str, why) -> list[Proposal]:
        if isinstance(part, Ref):
            child_item = self.ruleset.child_item(node, part.rule, item)
            return self.make(part.rule, child_item, SWAP[want] if part.negated
                             else want, why)
        if isinstance(part, Leaf):
            index = self.ruleset.fact_index(part.fact, item)
            if state_of(part, self.facts.facts.get((part.fact, index), {})) == want:
                return [Proposal()]
            edit = self._leaf(node, index, part, want, why)
            return [] if edit is None else [Proposal({(edit.fact, edit.index, edit.attr): edit})]
        return []

    def _leaf(self, node, index: int, leaf: Leaf, want: str, why) -> Edit | None:
        """The edit of one fact that would give ``want`` (the caller knows it does not yet)."""
        target = SWAP[want] if leaf.negated else want
        value = _value_for(leaf, target == "met", self.ruleset.schema.types[leaf.fact]
                           .attrs.get(leaf.attr))
        if value is None:
            return None
        direct = _direct_words(leaf, value) if node.op == "any" and len(node.parts) > 1 \
            else None
        return Edit(leaf.fact, index, leaf.attr, value, why or (node,), direct, node.id)


OP_WORDS = {"at_least": "at least", "above": "more than", "below": "less than",
            "at_most": "at most"}


def _direct_words(leaf: Leaf, value: Any) -> str | None:
    """'the person's age being at least 18': an ordered fact's change in plain words."""
    if leaf.op not in OP_WORDS or leaf.attr.startswith(("list:", "set:")):
        return None
    wanted = value[0] if isinstance(value, tuple) else value
    return f"the {leaf.fact}'s {leaf.attr.replace('_', ' ')} being {OP_WORDS[leaf.op]} " \
           f"{leaf.shown}" if wanted is not None else None


def _value_for(leaf: Leaf, passing: bool, attr) -> Any:
    n = leaf.value
    if leaf.op in ("at_least", "above", "below", "at_most"):
        step = STEP[leaf.kind]
        pick = {("at_least", True): n, ("at_least", False): n - step,
                ("above", True): n + step, ("above", False): n,
                ("below", True): n - step, ("below", False): n,
                ("at_most", True): n, ("at_most", False): n + step}[(leaf.op, passing)]
        return (pick, pick)
    if leaf.op == "is":
        return leaf.value if passing else not leaf.value
    if leaf.op == "holds":
        return leaf.value if passing else ("not_met" if leaf.value == "met" else "met")
    values = leaf.value if leaf.op == "in" else [leaf.value]
    if passing:
        return values[0]
    others = [v for v in (attr.values if attr else ()) if v not in values]
    return others[0] if others else None


def apply(facts: list[dict], proposal: Proposal) -> list[dict]:
    changed = copy.deepcopy(facts)
    by_slot = {(f["t"], f.get("i", 0)): f for f in changed}
    for (fact, index, attr), edit in proposal.edits.items():
        target = by_slot.get((fact, index))
        if target is None:
            continue
        if isinstance(edit.value, tuple):
            target[lo(attr)], target[hi(attr)] = edit.value
        else:
            target[key(attr)] = edit.value
    return changed


def would_change(evaluation, run_network: Callable = run_facts) -> list[dict]:
    """Verified, smallest-first fact changes that would change the decision's outcome.

    ``run_network(ruleset, facts)`` runs each proposal (the engine passes its own, so a batch's
    run cache serves these runs too).
    """
    ruleset, run = evaluation.ruleset, evaluation.run
    outcomes = ruleset.files.header.outcomes
    root = ruleset.qualify(ruleset.files.header.outcome_rule)
    current = run.value(root)
    wanted = ["met"] if current == "not_met" else ["met", "not_met"] if current == "unknown" \
        else []
    if ruleset.files.header.gate_rule and \
            run.value(ruleset.qualify(ruleset.files.header.gate_rule)) == "not_met":
        return []  # not applicable: no fact about these convictions changes that
    walker = Walker(evaluation)
    base = evaluation.facts.as_list()
    found: list[tuple[Proposal, str]] = []
    for want in wanted:
        proposals = sorted(walker.make(root, 0, want), key=lambda p: len(p.edits))
        for proposal in proposals:
            if not proposal.edits or any(set(p.edits) <= set(proposal.edits) for p, _ in found):
                continue
            result = run_network(ruleset, apply(base, proposal)).value(root)
            if result != current and result != "unknown":
                found.append((proposal, outcomes[result]))
            if len(found) >= MAX_RESULTS:
                break
    return [_describe(p, outcome, evaluation) for p, outcome in found]


def _describe(proposal: Proposal, outcome: str, evaluation) -> dict[str, Any]:
    """Each group of edits serving one outermost rule is described by the innermost rule that
    still covers them all (an age alone: the age condition; rank and grounds together: the
    inspector's authorisation)."""
    groups: dict[str, list[Edit]] = {}
    for edit in proposal.edits.values():
        groups.setdefault(edit.chain[0].id, []).append(edit)
    changes, provisions, said = [], [], []
    for edits in groups.values():
        common = edits[0].chain
        for edit in edits[1:]:
            size = 0
            while size < min(len(common), len(edit.chain)) and \
                    common[size].id == edit.chain[size].id:
                size += 1
            common = common[:size]
        entry = common[-1].entry
        text = entry.change or entry.label
        if text not in changes:
            changes.append(text)
            provisions.append(entry.citation)
            direct = [e.direct for e in edits if e.direct and e.holder == common[-1].id]
            said.append(" and ".join(direct) if len(direct) == len(edits) else text)
    facts = [_fact_change(evaluation, *slot, edit) for slot, edit in proposal.edits.items()]
    positive = outcome == evaluation.ruleset.files.header.outcomes["met"]
    return {"changes": changes, "outcome": outcome, "provisions": provisions, "facts": facts,
            "says": _says(said, facts, positive)}


def _says(changes: list[str], facts: list[dict], positive: bool) -> str:
    """The change in plain words: 'with the person being 18 or over (1 more)', '£750.00 more
    relevant benefit', 'without a notification of this station for testing on arrest'."""
    more = [f["more"] for f in facts if f.get("more")]
    said = []
    for text in changes:
        if text.startswith("more ") and len(more) == 1:
            said.append(f"{more[0].removesuffix(' more')} {text}")
            more = []
        else:
            said.append(text)
    words = " and ".join(said)
    words = f"with {words}" if positive and not words[0].isdigit() and \
        not words.startswith("£") else words if positive else f"without {words}"
    return words + (f" ({', '.join(more)})" if more else "")


def _fact_change(evaluation, fact: str, index: int, attr: str, edit: Edit) -> dict[str, Any]:
    schema = evaluation.ruleset.schema.types[fact].attrs.get(attr)
    source = schema.source.format(i=index) if schema else f"{fact}.{attr}"
    before = evaluation.facts.shown.get((fact, index, attr), "not known")
    after = edit.value
    out: dict[str, Any] = {"fact": source, "from": before}
    if isinstance(after, tuple):
        low = evaluation.facts.facts.get((fact, index), {}).get(lo(attr))
        amount = after[0]
        if schema is not None and schema.kind == "money":
            out["to"] = f"at least £{amount / 100:,.2f}"
            if low is not None and amount > low:
                out["more"] = f"£{(amount - low) / 100:,.2f} more"
        elif schema is not None and schema.kind == "date":
            import datetime as dt

            out["to"] = str(dt.date.fromordinal(amount))
        else:
            names = {level: name for name, level in (schema.scale if schema else ())}
            out["to"] = names.get(amount, str(amount))
            if low is not None and amount > low and not names:
                out["more"] = f"{amount - low} more"
    elif attr.startswith("list:"):
        out["to"] = f"an offence in the {attr[5:]} list" if after == "met" else \
            f"an offence not in the {attr[5:]} list"
    else:
        out["to"] = {True: "yes", False: "no"}.get(after, str(after))
    return out
