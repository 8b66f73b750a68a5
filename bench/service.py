"""Benchmark: the decision service over HTTP on this machine.

Starts `pocapace serve` with 1 and then 2 worker processes on a free local port and reports,
for single PACE and POCA decisions with `detail=summary` and `detail=full`: the latency of
one client sending one request after another (p50 and p99) and the decisions per second that
several clients at once get. Prints figures; asserts nothing. Every loop is bounded in count
and time, and only 127.0.0.1 is ever sent to.

    python bench/service.py [--requests N] [--clients C]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from service_support import serving, worked  # noqa: E402

CASES = {"pace-s63b": "arrested-adult-theft-trigger",
         "poca-s75": "two-current-thefts-and-two-earlier-occasions-make-5000"}
TIME_CAP = 60.0  # seconds, for any one measurement


def requester(url: str):
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)

    def send(path: str, body: bytes) -> float:
        start = time.perf_counter()
        connection.request("POST", path, body, {"content-type": "application/json"})
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{path} answered {answer.status}")
        return time.perf_counter() - start

    return send, connection


def latency(url: str, path: str, body: bytes, count: int) -> list[float]:
    send, connection = requester(url)
    for _ in range(20):  # warm up the connection and the worker
        send(path, body)
    end = time.monotonic() + TIME_CAP
    times = []
    while len(times) < count and time.monotonic() < end:
        times.append(send(path, body))
    connection.close()
    return times


def throughput(url: str, path: str, body: bytes, count: int, clients: int) -> float:
    share = count // clients
    done = [0] * clients
    end = time.monotonic() + TIME_CAP

    def client(n: int) -> None:
        send, connection = requester(url)
        while done[n] < share and time.monotonic() < end:
            send(path, body)
            done[n] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    bodies = {regime: json.dumps(worked(name)).encode() for regime, name in CASES.items()}
    for workers in (1, 2):
        with serving("--workers", str(workers)) as url:
            print(f"{workers} worker{'s' if workers > 1 else ''}:")
            for regime, body in bodies.items():
                for detail in ("summary", "full"):
                    path = f"/v1/{regime}/decisions?detail={detail}"
                    times = sorted(latency(url, path, body, args.requests // 2))
                    p50 = statistics.median(times)
                    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                    rate = throughput(url, path, body, args.requests, args.clients)
                    print(f"  {regime:10} detail={detail:8} one client: p50 {ms(p50)}, "
                          f"p99 {ms(p99)} ({1 / p50:.0f}/s); {args.clients} clients: "
                          f"{rate:.0f} decisions/s")


if __name__ == "__main__":
    main()
