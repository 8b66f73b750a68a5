"""Worker processes for a batch: forked from a parent that has already built the engine (so
every bad --codes or --register is reported before any worker starts), chunks decided in
order, and a worker that dies costs one ``fault`` record, never a hang."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool

from .records import InputRecord, OutputRecord

#: decide(records) -> their output records, and fault(record, message) -> a fault record.
Decide = Callable[[list[InputRecord]], list[OutputRecord]]
Fault = Callable[[InputRecord, str], OutputRecord]

_DECIDE: Decide | None = None


def _quiet_worker() -> None:
    """Workers leave interrupts to the parent, which stops them, and end when it ends (a
    parent killed outright cannot stop them, and forked workers would wait for ever)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _run_chunk(records: list[InputRecord]) -> list[OutputRecord]:
    return _DECIDE(records)


class Pool:
    """``jobs`` forked workers deciding chunks; results come back in input order."""

    def __init__(self, jobs: int, decide: Decide, fault: Fault, stopping: Callable[[], bool]):
        global _DECIDE
        _DECIDE = decide
        self.jobs, self.fault, self.stopping = jobs, fault, stopping
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_quiet_worker)

    def results(self, chunks: Iterator[list[InputRecord]]) -> Iterator[list[OutputRecord]]:
        pending: deque = deque()
        for chunk in chunks:
            pending.append((chunk, self.executor.submit(_run_chunk, chunk)))
            if len(pending) >= self.jobs * 4:
                yield self._take(pending)
        while pending:
            yield self._take(pending)

    def _take(self, pending: deque) -> list[OutputRecord]:
        chunk, future = pending[0]
        while True:
            if self.stopping():
                raise KeyboardInterrupt
            try:
                result = future.result(timeout=0.2)
                break
            except TimeoutError:
                continue
            except BrokenProcessPool:
                result = self._after_crash(pending)
                break
        pending.popleft()
        return result

    def _after_crash(self, pending: deque) -> list[OutputRecord]:
        """A worker died: decide the chunk record by record in fresh pools, so only the record
        that kills its worker becomes a fault, and resubmit the chunks behind it."""
        self.stop()
        chunk = pending[0][0]
        result = []
        for record in chunk:
            if self.stopping():
                raise KeyboardInterrupt
            self.executor = self._start()
            try:
                result.extend(self.executor.submit(_run_chunk, [record]).result())
            except BrokenProcessPool:
                result.append(self.fault(record, "the worker process deciding this record "
                                                 "stopped unexpectedly"))
                self.stop()
        self.executor = self._start()
        for n in range(1, len(pending)):
            waiting = pending[n][0]
            pending[n] = (waiting, self.executor.submit(_run_chunk, waiting))
        return result

    def stop(self) -> None:
        """End the workers now (after an interrupt or a crash)."""
        executor = self.executor
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.kill()  # not terminate(): one not yet past _quiet_worker has Stop's handler
        # A worker killed half-way through sending a result leaves the executor's manager
        # thread waiting for the rest of it, and shutdown() waits for that thread. With the
        # parent's own copy of the pipe's writing end closed (the manager never uses it, so
        # this cannot race with it), that wait ends in end-of-file and the pool as broken.
        results = getattr(executor, "_result_queue", None)
        if results is not None:
            results._writer.close()
        executor.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
