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
  a session is deleted only if some fact created it;
* any assert creates the session, even of a fact no rule uses; a session in which no rule
  used any fact cannot be deleted (the same abort: its state was never set up), so it stays,
  and no later session id may share the 32-bit hash the engine finds sessions by;
* a fact without an ``id`` gets one hashed from its content, session id included, and the
  engine then tells facts apart by only a 32-bit hash of that id: two different facts can
  collide ("the same fact was asserted twice") depending on how many sessions came before.
  Each fact is given an explicit id from one fixed sequence whose hashes are all distinct.
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


def engine_text(definition: dict[str, Any]) -> str:
    """A ruleset definition as the JSON text the C engine takes (without the ``run`` keys it
    rejects)."""
    return json.dumps({rule: {k: v for k, v in body.items() if k != "run"}
                       for rule, body in definition.items()})


class RuleHost:
    """Registers compiled rulesets once and runs sessions one at a time."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = count(1)
        self._handles: dict[str, int] = {}
        self._kept: set[int] = set()  # hashes of sessions the engine could not delete
        self._loads: Callable[[str], Any] = json.loads
        self._dumps: Callable[[dict], str] = json.dumps

    def many_runs(self) -> None:
        """Read and write the engine's JSON with orjson from now on (a batch or the service:
        about 8% off each run; a single check does without importing it)."""
        import orjson

        def dumps(fact: dict) -> str:  # the text json writes, by orjson where that is plain ASCII
            text = orjson.dumps(fact).decode()
            return text if text.isascii() else json.dumps(fact)

        self._loads, self._dumps = orjson.loads, dumps

    def register(self, name: str, definition: dict[str, Any] | str) -> None:
        """Register a ruleset under ``name`` (once per process): its definition, or the text
        ``engine_text`` made of it."""
        with self._lock:
            if name in self._handles:
                return
            text = definition if isinstance(definition, str) else engine_text(definition)
            self._handles[name] = rete.create_ruleset(name, text)

    def run(self, name: str, facts: list[dict], on_fire: FireHandler) -> None:
        """Assert ``facts`` one at a time in a fresh session; ``on_fire`` sees each firing.

        Facts go in singly: durable_rules' batch assert misses joins that also test a value.
        The session's state is deleted afterwards whatever happens.
        """
        with self._lock:
            session = _Session(self._handles[name], self._new_sid(), self._dumps)
            try:
                for fact in facts:
                    offset = session.assert_fact(fact)
                    if offset is not None:
                        self._drain(session, offset, on_fire)
            except EvaluationError:
                raise
            except rete.error as exc:
                raise EvaluationError(f"rule engine failure: {exc}") from exc
            finally:
                if not session.close():
                    self._kept.add(_fnv1a32(session.sid))

    def _new_sid(self) -> str:
        """A session id whose hash no kept session has."""
        while True:
            sid = str(next(self._sessions))
            if _fnv1a32(sid) not in self._kept:
                return sid

    def _drain(self, session: _Session, offset: int, on_fire: FireHandler) -> None:
        """Run every queued action of the session, including those its conclusions queue."""
        handle = session.handle
        started = rete.start_action_for_state(handle, offset)
        if not started:
            return
        loads = self._loads
        messages = loads(started[1])
        conclude = session.assert_fact

        while messages:
            action, matched = next(iter(messages.items()))
            try:
                on_fire(action, matched, conclude)
            except BaseException:
                rete.abandon_action(handle, offset)
                raise
            following = rete.complete_and_start_action(handle, offset)
            messages = loads(following) if following else None


class _Session:
    """One session: its id, the ids given to its facts, and whether the engine holds its state."""

    def __init__(self, handle: int, sid: str, dumps: Callable[[dict], str] = json.dumps):
        self.handle, self.sid, self.dumps = handle, sid, dumps
        self.count = 0
        self.created = False
        self.state: int | None = None

    def assert_fact(self, fact: dict) -> int | None:
        """Assert one fact; the state offset when it queued work, None when no rule uses it."""
        stamped = dict(fact, sid=self.sid, id=fact_id(self.count))
        self.count += 1
        self.created = True
        code, offset = rete.assert_fact(self.handle, self.dumps(stamped))
        if code == NOT_HANDLED:
            return None
        if code == OBSERVED:
            raise EvaluationError(f"the same fact was asserted twice: {fact}")
        self.state = offset
        return offset

    def close(self) -> bool:
        """Complete, unrun, any action still queued (only after an error), then delete the
        state; False for a session the engine holds and cannot delete."""
        if self.state is None:
            return not self.created
        queued = rete.start_action_for_state(self.handle, self.state)
        while queued:
            queued = rete.complete_and_start_action(self.handle, self.state)
        rete.delete_state(self.handle, self.sid)
        return True


_FACT_IDS: list[str] = []
_FACT_HASHES: set[int] = set()
_TRIED = count()


def _fnv1a32(text: str) -> int:
    """The engine's own 32-bit hash of a fact id (fnv1Hash32 in durable_rules' state.c)."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def fact_id(n: int) -> str:
    """The n-th fact id of a session: the same in every session, no two with the same hash."""
    while len(_FACT_IDS) <= n:
        text = f"f{next(_TRIED)}"
        digest = _fnv1a32(text)
        if digest not in _FACT_HASHES:
            _FACT_HASHES.add(digest)
            _FACT_IDS.append(text)
    return _FACT_IDS[n]


_HOST: RuleHost | None = None
_HOST_LOCK = threading.Lock()


def shared_host() -> RuleHost:
    """The process-wide host (one per process, created on first use)."""
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = RuleHost()
        return _HOST
