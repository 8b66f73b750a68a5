"""The one durable_rules host of the process, with every quirk of the library handled here.

* durable_rules starts two background timer threads per host; we need no timers or
  queued events, so ``_run`` is overridden and no thread is ever started.
* ``Ruleset`` deletes the ``run`` key of the definition it is given: we pass a deep copy.
* ``MessageNotHandledException`` has an empty ``str()``: caught by type, never shown.
* Exceptions raised inside actions are stored and re-raised by the host call: we
  catch them and raise :class:`EvaluationError`.
* The library is not thread-safe and keeps state per session id: every call is
  serialised under one lock, and each evaluation deletes its session's state.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from itertools import count
from typing import Any

from durable import engine as durable

from .errors import EvaluationError

FireHandler = Callable[[str, Any], None]


class _QuietHost(durable.Host):
    """A durable_rules Host without timer threads, dispatching every action to one handler."""

    def __init__(self, handler: FireHandler):
        self._handler = handler
        super().__init__()

    def _run(self) -> None:  # durable_rules would start two timer threads here
        return None

    def get_action(self, action_name: str):
        handler = self._handler

        def action(closure):
            handler(action_name, closure)

        return action


class RuleHost:
    """Registers compiled rulesets once and runs sessions one at a time."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = count(1)
        self._current: Any = None
        self._host = _QuietHost(self._dispatch)
        self._registered: set[str] = set()

    def register(self, name: str, definition: dict[str, Any]) -> None:
        """Register a ruleset under ``name`` (once per process)."""
        with self._lock:
            if name in self._registered:
                return
            # Ruleset deletes each rule's "run" key: give it a copy (a JSON round trip is fast).
            self._host.register_rulesets({name: json.loads(json.dumps(definition))})
            self._registered.add(name)

    def run(self, name: str, facts: list[dict], on_fire: FireHandler) -> None:
        """Assert ``facts`` in a fresh session of ruleset ``name``; ``on_fire`` sees each firing.

        The session's state is deleted afterwards whatever happens.
        """
        with self._lock:
            sid = str(next(self._sessions))
            self._current = on_fire
            try:
                self._assert_all(name, [dict(f, sid=sid) for f in facts])
            finally:
                self._current = None
                self._delete(name, sid)

    def _assert_all(self, name: str, facts: list[dict]) -> None:
        # One fact at a time: durable_rules' batch assert_facts misses joins that also test
        # a value (seen with 2.0.28), so a batch would silently lose conclusions.
        for fact in facts:
            try:
                self._host.assert_fact(name, fact)
            except durable.MessageNotHandledException:
                continue  # no rule uses this fact on its own; later facts may join it
            except EvaluationError:
                raise
            except Exception as exc:  # raised inside an action, re-raised by durable_rules
                raise EvaluationError(f"rule engine failure: {type(exc).__name__}: "
                                      f"{exc}") from exc

    def _delete(self, name: str, sid: str) -> None:
        try:
            self._host.delete_state(name, sid)
        except Exception:  # state never created (no fact accepted): nothing to clear
            pass

    def _dispatch(self, action_name: str, closure: Any) -> None:
        if self._current is None:
            raise EvaluationError(f"rule {action_name} fired outside an evaluation")
        self._current(action_name, closure)


_HOST: RuleHost | None = None
_HOST_LOCK = threading.Lock()


def shared_host() -> RuleHost:
    """The process-wide host (one per process, created on first use)."""
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = RuleHost()
        return _HOST
