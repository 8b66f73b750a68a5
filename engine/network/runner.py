"""Runs one case's facts through the compiled Rete network and records every firing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import EvaluationError
from .compiler.variants import Variant
from .host import shared_host
from .ruleset import CompiledRuleSet


@dataclass(slots=True)
class Conclusion:
    """A node's value for one item, and the part behind each firing that gave that value
    (``None``: all parts together; -1: the rule was not in force)."""

    node: str
    key: int
    value: str
    reasons: list = field(default_factory=list)


@dataclass
class RunResult:
    """The conclusions of one network run, by (node, item)."""

    conclusions: dict[tuple[str, int], Conclusion]
    firings: int = 0
    #: For a run served through the run cache: its key's digest and the items' order, which
    #: together fix the conclusions (traces of the same shape are then filled from templates).
    shape: tuple | None = None

    def value(self, node: str, key: int = 0) -> str | None:
        found = self.conclusions.get((node, key))
        return found.value if found else None


class _Recorder:
    """Receives firings from the host, concludes each node once and asserts its conclusion."""

    def __init__(self, ruleset: CompiledRuleSet):
        self.variants = ruleset.variants
        self.referenced = ruleset.referenced
        self.conclusions: dict[tuple[str, int], Conclusion] = {}
        self.accs: set[tuple[str, int]] = set()
        self.firings = 0

    def __call__(self, action_name: str, matched: dict[str, dict], conclude) -> None:
        variant = self.variants[action_name]
        self.firings += 1
        if variant.emits == "acc":
            self._acc(variant, matched, conclude)
            return
        key = int(matched[variant.anchor]["i"]) if variant.anchor else 0
        slot = (variant.node, key)
        concluded = self.conclusions.get(slot)
        if concluded is not None:
            if concluded.value == variant.outcome and variant.reason not in concluded.reasons:
                concluded.reasons.append(variant.reason)
            return
        self.conclusions[slot] = Conclusion(variant.node, key, variant.outcome, [variant.reason])
        if variant.node in self.referenced:
            conclude({"t": "v", "r": variant.node, "k": key, "v": variant.outcome})

    def _acc(self, variant: Variant, matched: dict, conclude) -> None:
        index = int(matched["c"]["k"])
        if (variant.node, index) in self.accs:
            return
        self.accs.add((variant.node, index))
        conclude({"t": "acc", "q": variant.node, "i": index, "next": index + 1,
                  "v": variant.outcome})


def run_facts(ruleset: CompiledRuleSet, facts: list[dict]) -> RunResult:
    """Assert ``facts`` into a fresh session; returns every conclusion reached."""
    host = shared_host()
    host.register(ruleset.engine_name, ruleset.durable_text)
    recorder = _Recorder(ruleset)
    host.run(ruleset.engine_name, facts, recorder)
    outcome = ruleset.qualify(ruleset.files.header.outcome_rule)
    if (outcome, 0) not in recorder.conclusions:
        raise EvaluationError(f"the rule engine reached no conclusion for {outcome}")
    return RunResult(recorder.conclusions, recorder.firings)
