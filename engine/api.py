"""The engine's front door: load the rules once, then decide cases.

>>> engine = get_engine()                                  # doctest: +SKIP
>>> decision = engine.decide_raw(read_cases("case.yaml")[0])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cases import RawCase, input_hashes, validate_case
from .core.digests import sha256
from .core.errors import EvaluationError
from .decision.compose import compose_decision
from .decision.model import Decision
from .decision.trace_templates import TraceTemplates
from .law.loader import (
    Catalogues,
    load_catalogues,
    load_regime,
    load_register,
    rules_root,
    rules_version,
)
from .network import cache
from .network.facts import FactSet
from .network.host import shared_host
from .network.memo import RunCache, canonical, renumber
from .network.ruleset import CompiledRuleSet, compile_ruleset
from .network.run_files import RunFiles
from .network.runner import RunResult, run_facts
from .regimes import plain
from .regimes.base import Context, Regime
from .regimes.registry import REGIMES

if TYPE_CHECKING:
    from .law.rulefiles import RegisterFile
    from .law.scenarios import Scenario

REGISTER_ENV = "POCAPACE_REGISTER"
DEFAULT_REGISTER = Path("registers") / "notification-register.yaml"


@dataclass
class Evaluation:
    """A decision with the conclusions and facts it came from."""

    decision: Decision
    run: RunResult
    ruleset: CompiledRuleSet
    facts: FactSet


class Engine:
    """Catalogues, registers and compiled rule sets for one process."""

    def __init__(self, root: Path | None = None, register: Path | None = None,
                 scenario: str | None = None):
        self.root = root or rules_root()
        #: The law scenario assumed (None: the law in force).
        self.scenario: Scenario | None = None
        if scenario:
            from .law.scenarios import load_scenario
            self.scenario = load_scenario(scenario, self.root)
        self.version = cache.remembered_version(
            self.root, self.scenario.digest() if self.scenario else "",
            lambda: rules_version(self.root, self.scenario))
        self._lock = threading.Lock()
        self.runs: RunCache | None = None
        self.run_files: RunFiles | None = None
        self.traces: TraceTemplates | None = None
        self._plans: dict[str, Any] = {}  # network.items plans by rule set
        #: Compute "what would change this" (several extra network runs per decision).
        self.explain_changes = True
        #: A user's offence code table the catalogue also reads (a batch's --codes).
        self.code_table: Path | None = None
        self._hashes: tuple | None = None
        self.register_path = register or self._default_register()
        self.register: RegisterFile | None = None
        self.catalogues, self._rulesets, self.register = self._load()

    def _load(self) -> tuple[Catalogues, dict[str, CompiledRuleSet], RegisterFile | None]:
        """Catalogues, every compiled rule set and the register: from the cache, or loaded
        and compiled (the register is part of the key, by content)."""
        key = cache.cache_key(self.version, self.register_path)
        state = cache.load(key)
        if state is not None:
            return state
        self.catalogues, self._rulesets = load_catalogues(self.root), {}
        for name in REGIMES:
            self.ruleset(name)
        register = load_register(self.register_path) if self.register_path else None
        cache.save(key, (self.catalogues, self._rulesets, register))
        return self.catalogues, self._rulesets, register

    def input_hashes(self) -> dict[str, str]:
        """The content hashes of the register and code table this engine's decisions depend
        on (they change outcomes, not ``rules_version``), read once."""
        key = (self.register_path, self.code_table)
        if self._hashes is None or self._hashes[0] != key:
            self._hashes = (key, input_hashes(*key))
        return self._hashes[1]

    def under(self, scenario: str | None) -> Engine:
        """The engine with the same rules folder and register under another law scenario
        (None: the law in force)."""
        current = self.scenario.id if self.scenario else None
        if scenario == current:
            return self
        return get_engine(self.register_path, self.root, scenario)

    def _default_register(self) -> Path | None:
        env = os.environ.get(REGISTER_ENV)
        if env:
            return Path(env)
        bundled = self.root / DEFAULT_REGISTER
        return bundled if bundled.exists() else None

    def ruleset(self, regime: str) -> CompiledRuleSet:
        """The compiled rule set of a regime (compiled on first use, then kept)."""
        with self._lock:
            if regime not in self._rulesets:
                files = load_regime(self.root, regime, self.scenario)
                schema = REGIMES[regime].schema(self.catalogues, list(files.lists),
                                                list(files.dated_sets))
                compiled = compile_ruleset(files, schema, self.catalogues)
                compiled.case_spec = plain.described(REGIMES[regime].case_model)
                self._rulesets[regime] = compiled
            return self._rulesets[regime]

    def validate(self, raw: RawCase) -> tuple[Regime, Any]:
        """``cases.validate_case``, reading a plainly valid case without pydantic."""
        return validate_case(raw, lambda regime: self.ruleset(regime).case_spec)

    def _run(self, ruleset: CompiledRuleSet, facts: list[dict]) -> RunResult:
        if self.runs is None:
            if self.run_files is not None:
                return self._run_from_files(ruleset, facts)
            return run_facts(ruleset, facts)
        scopes = ruleset.files.header.scopes
        ordered, key, order = canonical(facts, ruleset.thresholds, scopes)
        digest = self.runs.digest((ruleset.name, key))
        run = self.runs.get_digest(digest)
        if run is None:
            run = self._per_item(ruleset, ordered) or run_facts(ruleset, ordered)
            self.runs.put_digest(digest, run)
        run = renumber(run, order, lambda node: ruleset.nodes[node].scope)
        run.shape = (digest, tuple((scope, tuple(o)) for scope, o in order.items()))
        return run

    def _run_from_files(self, ruleset: CompiledRuleSet, facts: list[dict]) -> RunResult:
        """The run saved by an earlier check of a case the rules cannot tell apart from this
        one, or a new run, saved (``keep_runs_on_disk``)."""
        ordered, key, order = canonical(facts, ruleset.thresholds, ruleset.files.header.scopes)
        digest = RunCache.digest((ruleset.name, key))
        run = self.run_files.get(digest, ruleset)
        if run is None:
            run = run_facts(ruleset, ordered)
            self.run_files.put(digest, run, ruleset)
        elif self.run_files.verify:
            fresh = run_facts(ruleset, ordered).conclusions
            if fresh != run.conclusions:
                raise EvaluationError(f"the network run saved in {self.run_files.folder} for "
                                      "this case differs from a fresh run; remove that folder "
                                      "and report it")
        return renumber(run, order, lambda node: ruleset.nodes[node].scope)

    def keep_runs_on_disk(self, verify: bool = False) -> None:
        """Save each network run in the rules cache folder and reuse the saved run of a case
        the rules cannot tell apart (single checks: ``network.run_files``); ``verify`` also
        runs the network and fails loudly if the saved run differs."""
        folder = cache.cache_dir()
        if folder is None or self.runs is not None:
            return
        if self.run_files is None:
            self.run_files = RunFiles(folder / f"runs-{cache.cache_key(self.version)}")
        self.run_files.verify = verify

    def _per_item(self, ruleset: CompiledRuleSet, ordered: list[dict]) -> RunResult | None:
        """The run of a case decided per item (``network.items``), or None where the rule
        set does not allow it or the case has no items."""
        from .network import items

        if ruleset.name not in self._plans:
            self._plans[ruleset.name] = items.plan(ruleset)
        plan = self._plans[ruleset.name]
        if plan is None:
            return None
        return items.decide(plan, ordered, lambda layer, facts: self._layer_run(
            ruleset, layer, facts))

    def _layer_run(self, ruleset: CompiledRuleSet, layer: str, facts: list[dict]) -> RunResult:
        key = canonical(facts, ruleset.thresholds, ruleset.files.header.scopes)[1]
        # an item run is the run of a one-item case: one cache entry serves both
        digest = self.runs.digest((ruleset.name, key) if layer == "item"
                                  else (ruleset.name, layer, key))
        run = self.runs.get_digest(digest)
        if run is None:
            run = run_facts(ruleset, facts)
            self.runs.put_digest(digest, run)
        return run

    def remember_runs(self, size: int = 65536, persist: bool = False,
                      traces: int = 1024, freeze: bool = False) -> None:
        """Reuse network runs between cases whose facts the rules cannot tell apart (batch).

        At most ``size`` runs are kept (about 600 bytes each: 65,536 is about 40 MB). With
        ``persist`` (batch: one thread per process), the runs are also saved in the rules
        cache folder under the rules' cache key (rules, scenario and engine build), so the
        next batch over the same law starts warm. The traces of the last ``traces`` shapes of
        case are kept as templates too (``decision.trace_templates``; ``freeze``: a batch
        worker's templates are kept out of the cyclic collector's scans)."""
        nodes = [node for name in REGIMES for node in self.ruleset(name).nodes]
        folder = cache.cache_dir() if persist else None
        path = folder / f"runs-{cache.cache_key(self.version)}.bin" if folder else None
        shared_host().many_runs()
        self.runs = RunCache(size, nodes, path)
        self.runs.load()
        self.traces = TraceTemplates(traces, freeze)

    def decide_raw(self, raw: RawCase, at: dt.datetime | None = None) -> Decision:
        """Validate and decide one raw case (raises CaseFileError on bad input)."""
        regime, case = validate_case(raw)
        return self.decide(regime, case, raw.where, at)

    def decide(self, regime: Regime, case: Any, source: str,
               at: dt.datetime | None = None, changes: bool | None = None) -> Decision:
        """Decide a validated case; ``changes=False`` leaves out "what would change this"
        (its extra network runs) where nothing will show it."""
        return self.evaluate(regime, case, source, at, changes).decision

    def evaluate(self, regime: Regime, case: Any, source: str,
                 at: dt.datetime | None = None, changes: bool | None = None) -> Evaluation:
        """Decide a validated case, keeping the run's conclusions (for worked-case checks)."""
        return self._evaluate(regime, case, source, at, self._run, self.traces, changes)

    def reference_evaluate(self, regime: Regime, case: Any, source: str,
                           at: dt.datetime | None = None, changes: bool | None = None
                           ) -> Evaluation:
        """Decide a case the full, slow way, every cache and shortcut bypassed: the meaning
        each fast path must reproduce exactly (``batch --verify-every``, the equivalence
        tests)."""
        return self._evaluate(regime, case, source, at, run_facts, None, changes)

    def _evaluate(self, regime: Regime, case: Any, source: str, at: dt.datetime | None,
                  run: Callable[[CompiledRuleSet, list[dict]], RunResult],
                  templates: TraceTemplates | None,
                  changes: bool | None = None) -> Evaluation:
        ruleset = self.ruleset(regime.name)
        ctx = Context(self.catalogues, ruleset, self.register, source)
        moment = regime.moment(case, at)
        facts = regime.build_facts(case, moment, ctx)
        result = run(ruleset, facts.as_list())
        decision = compose_decision(regime, case, ctx, facts, result, moment, self.version,
                                    input_hash(case), templates)
        decision.input = {"source": source, **self.input_hashes()}
        evaluation = Evaluation(decision, result, ruleset, facts)
        if self.explain_changes if changes is None else changes:
            from .decision.wouldchange import would_change

            decision.would_change = would_change(evaluation, run)
        return evaluation


def input_hash(case: Any) -> str:
    """A short hash of the validated case, so a decision can be matched to its input."""
    data = case.model_dump(mode="json", exclude={"expect", "notes", "title", "tags", "assume"})
    return sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


_ENGINES: dict[tuple, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(register: Path | None = None, root: Path | None = None,
               scenario: str | None = None) -> Engine:
    """The process's engine for a given register, rules folder and law scenario (created
    once each)."""
    key = (str(register) if register else os.environ.get(REGISTER_ENV), str(root), scenario)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(root, register, scenario)
        return _ENGINES[key]
