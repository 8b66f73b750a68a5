"""Runs one case's facts through the compiled Rete network and records every firing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from durable.engine import MessageNotHandledException

from .compiler.variants import Variant
from .errors import EvaluationError
from .host import shared_host
from .ruleset import CompiledRuleSet


@dataclass
class Firing:
    """One rule firing: which compiled rule, for which item, on which facts."""

    variant: Variant
    key: int
    matched: dict[str, dict]


@dataclass
class Conclusion:
    """A node's value for one item, with every firing that gave that value."""

    node: str
    key: int
    value: str
    firings: list[Firing] = field(default_factory=list)


@dataclass
class RunResult:
    conclusions: dict[tuple[str, int], Conclusion]
    firings: list[Firing]

    def value(self, node: str, key: int = 0) -> str | None:
        found = self.conclusions.get((node, key))
        return found.value if found else None


class _Recorder:
    """Receives firings from the host, concludes each node once and asserts its conclusion."""

    def __init__(self, ruleset: CompiledRuleSet):
        self.variants = ruleset.variants
        self.conclusions: dict[tuple[str, int], Conclusion] = {}
        self.accs: set[tuple[str, int]] = set()
        self.firings: list[Firing] = []
        self.errors: list[str] = []

    def __call__(self, action_name: str, closure: Any) -> None:
        variant = self.variants[action_name]
        matched = {alias: dict(fact) for alias, fact in (closure._m or {}).items()}
        if variant.emits == "acc":
            self._acc(variant, matched, closure)
            return
        key = int(matched[variant.anchor]["i"]) if variant.anchor else 0
        firing = Firing(variant, key, matched)
        self.firings.append(firing)
        slot = (variant.node, key)
        concluded = self.conclusions.get(slot)
        if concluded is not None:
            if concluded.value == variant.outcome:
                concluded.firings.append(firing)
            return
        self.conclusions[slot] = Conclusion(variant.node, key, variant.outcome, [firing])
        self._assert(closure, {"t": "v", "r": variant.node, "k": key, "v": variant.outcome})

    def _acc(self, variant: Variant, matched: dict, closure: Any) -> None:
        index = int(matched["c"]["k"])
        self.firings.append(Firing(variant, index, matched))
        if (variant.node, index) in self.accs:
            return
        self.accs.add((variant.node, index))
        self._assert(closure, {"t": "acc", "q": variant.node, "i": index, "next": index + 1,
                               "v": variant.outcome})

    def _assert(self, closure: Any, fact: dict) -> None:
        """Assert a conclusion; durable_rules swallows errors raised in actions, so keep them."""
        try:
            closure.assert_fact(fact)
        except MessageNotHandledException:
            pass  # no rule uses this conclusion: nothing further to derive from it
        except Exception as exc:  # e.g. durable_rules_engine.error (a fixed limit reached)
            self.errors.append(f"asserting {fact}: {type(exc).__name__}: {exc}")


def run_facts(ruleset: CompiledRuleSet, facts: list[dict]) -> RunResult:
    """Assert ``facts`` into a fresh session; returns every conclusion reached."""
    host = shared_host()
    host.register(ruleset.engine_name, ruleset.definition)
    recorder = _Recorder(ruleset)
    host.run(ruleset.engine_name, facts, recorder)
    if recorder.errors:
        raise EvaluationError("rule engine failure: " + "; ".join(recorder.errors[:3]))
    outcome = ruleset.qualify(ruleset.files.header.outcome_rule)
    if (outcome, 0) not in recorder.conclusions:
        raise EvaluationError(f"the rule engine reached no conclusion for {outcome}")
    return RunResult(recorder.conclusions, recorder.firings)
