"""The one durable_rules host of the process, driving the library's C engine directly.

durable_rules' Python layer (Host, Ruleset, Closure, Promise) costs more per firing than
the Rete matching itself, and brings timer threads we do not need. This module keeps the
C engine (``durable_rules_engine``) and replaces that layer with a plain loop: assert a
fact, then take the actions it queued one by one, each of which may assert conclusions
that queue further actions, until none is left. Quirks handled here:

* the ruleset definition is given without its ``run`` keys (the C engine rejects them);
* a fact no rule uses comes back "not handled" (code 1): that is not an error;
* the library is not thread-safe and keeps state per session id: calls are serialised under
  one lock and each evaluation deletes its session's state;
* no timer threads are started (durable's Host starts two per host);
* deleting a session that still has queued actions, or that was never created, aborts the
  whole process (``free(): invalid pointer``): after an error the queue is drained first, and
  a session is deleted only if some fact created it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from itertools import count
from typing import Any

import durable_rules_engine as rete

from ..core.errors import EvaluationError

NOT_HANDLED, OBSERVED = 1, 2

#: on_fire(action name, matched facts by alias, assert) for each firing.
FireHandler = Callable[[str, dict[str, dict], Callable[[dict], None]], None]


class RuleHost:
    """Registers compiled rulesets once and runs sessions one at a time."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = count(1)
        self._handles: dict[str, int] = {}

    def register(self, name: str, definition: dict[str, Any]) -> None:
        """Register a ruleset under ``name`` (once per process)."""
        with self._lock:
            if name in self._handles:
                return
            plain = {rule: {k: v for k, v in body.items() if k != "run"}
                     for rule, body in definition.items()}
            self._handles[name] = rete.create_ruleset(name, json.dumps(plain))

    def run(self, name: str, facts: list[dict], on_fire: FireHandler) -> None:
        """Assert ``facts`` one at a time in a fresh session; ``on_fire`` sees each firing.

        Facts go in singly: durable_rules' batch assert misses joins that also test a value.
        The session's state is deleted afterwards whatever happens.
        """
        with self._lock:
            handle = self._handles[name]
            sid = str(next(self._sessions))
            state = None
            try:
                for fact in facts:
                    offset = self._assert(handle, dict(fact, sid=sid))
                    if offset is not None:
                        state = offset
                        self._drain(handle, sid, offset, on_fire)
            except EvaluationError:
                raise
            except rete.error as exc:
                raise EvaluationError(f"rule engine failure: {exc}") from exc
            finally:
                if state is not None:
                    self._discard(handle, state)
                    rete.delete_state(handle, sid)

    @staticmethod
    def _assert(handle: int, fact: dict) -> int | None:
        code, offset = rete.assert_fact(handle, json.dumps(fact))
        if code == NOT_HANDLED:
            return None
        if code == OBSERVED:
            raise EvaluationError(f"the same fact was asserted twice: {fact}")
        return offset

    def _drain(self, handle: int, sid: str, offset: int, on_fire: FireHandler) -> None:
        """Run every queued action of the session, including those its conclusions queue."""
        started = rete.start_action_for_state(handle, offset)
        if not started:
            return
        messages = json.loads(started[1])

        def conclude(fact: dict) -> None:
            self._assert(handle, dict(fact, sid=sid))

        while messages:
            action, matched = next(iter(messages.items()))
            try:
                on_fire(action, matched, conclude)
            except BaseException:
                rete.abandon_action(handle, offset)
                raise
            following = rete.complete_and_start_action(handle, offset)
            messages = json.loads(following) if following else None


    @staticmethod
    def _discard(handle: int, offset: int) -> None:
        """Take and complete, unrun, any action still queued (only after an error)."""
        queued = rete.start_action_for_state(handle, offset)
        while queued:
            queued = rete.complete_and_start_action(handle, offset)


_HOST: RuleHost | None = None
_HOST_LOCK = threading.Lock()


def shared_host() -> RuleHost:
    """The process-wide host (one per process, created on first use)."""
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = RuleHost()
        return _HOST
