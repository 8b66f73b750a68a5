"""Running the service: the rules are loaded once, the socket is bound, and then worker
processes are forked, each an event loop deciding one request at a time.

durable_rules is not thread-safe, so the service scales by processes, never threads: forking
after the load means every worker starts with the compiled rule sets already in memory
(shared copy-on-write) and no worker pays for loading them.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable

import uvicorn

from .config import Service


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (OSError when it cannot be had)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def run(service: Service, sock: socket.socket, workers: int,
        announce: Callable[[str], None] = print) -> None:
    """Serve on ``sock`` with ``workers`` processes until interrupted or terminated."""
    from . import create_app

    app = create_app(service)
    host, port = sock.getsockname()[:2]
    announce(f"pocapace service on http://{_shown(host)}:{port}/ (rules version "
             f"{service.version}, {workers} worker{'s' if workers != 1 else ''}); Ctrl-C stops it")
    if workers == 1:
        _worker(app, sock)
        return
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            try:
                _worker(app, sock)
            finally:
                os._exit(0)
        children.append(pid)
    _supervise(children)


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _worker(app, sock: socket.socket) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


def _supervise(children: list[int]) -> None:
    """Wait for the workers; a signal to the parent is passed on to every one of them."""
    def stop(signum, frame):
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    for pid in children:
        while True:
            try:
                _, code = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
        status = status or os.waitstatus_to_exitcode(code)
    sys.exit(0 if status in (0, -signal.SIGTERM, -signal.SIGINT) else 1)
