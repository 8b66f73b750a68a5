"""Benchmark: the decision service over HTTP on this machine.

Starts `pocapace serve` with 1 and then 2 worker processes on a free local port and reports,
for single PACE and POCA decisions with `detail=summary` and `detail=full`: the latency of
one client sending one request after another (p50 and p99), the decisions per second that
several clients at once get, and the CPU the workers spent per decision (so the capacity of
idle cores can be told apart from a busy machine's). Prints figures; asserts nothing. Every
loop is bounded in count and time, and only 127.0.0.1 is ever sent to.

    python bench/service.py [--requests N] [--clients C]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from service_support import serving, worked  # noqa: E402

CASES = {"pace-s63b": "arrested-adult-theft-trigger",
         "poca-s75": "two-current-thefts-and-two-earlier-occasions-make-5000"}
TIME_CAP = 60.0  # seconds, for any one measurement
TICK = os.sysconf("SC_CLK_TCK")


class Client:
    """One keep-alive connection sending a prepared request: as little client CPU as can be,
    since the clients share the machine's two cores with the workers."""

    def __init__(self, url: str, path: str, body: bytes):
        host, port = url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.request = (f"POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: "
                        f"application/json\r\ncontent-length: {len(body)}\r\n\r\n").encode() + body

    def send(self) -> float:
        start = time.perf_counter()
        self.sock.sendall(self.request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += self.sock.recv(65536)
        head, _, rest = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head.decode(errors="replace"))
        length = int(re.search(rb"content-length: (\d+)", head, re.IGNORECASE).group(1))
        while len(rest) < length:
            rest += self.sock.recv(65536)
        return time.perf_counter() - start

    def close(self) -> None:
        self.sock.close()


def worker_pids(url: str) -> list[int]:
    port = url.rsplit(":", 1)[1]
    listing = subprocess.run(["ss", "-tlnpH", f"sport = :{port}"], capture_output=True,
                             text=True).stdout
    return sorted({int(p) for p in re.findall(r"pid=(\d+)", listing)})


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def latency(url: str, path: str, body: bytes, count: int) -> list[float]:
    client = Client(url, path, body)
    for _ in range(50):  # warm the connection, the worker and its run cache
        client.send()
    end = time.monotonic() + TIME_CAP
    times = []
    while len(times) < count and time.monotonic() < end:
        times.append(client.send())
    client.close()
    return times


def throughput(url: str, path: str, body: bytes, count: int, clients: int,
               pids: list[int]) -> tuple[float, float]:
    """(decisions per second, worker CPU seconds per decision) with ``clients`` at once."""
    share = count // clients
    done = [0] * clients
    end = time.monotonic() + TIME_CAP
    connections = [Client(url, path, body) for _ in range(clients)]

    def run(n: int) -> None:
        while done[n] < share and time.monotonic() < end:
            connections[n].send()
            done[n] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    cpu = cpu_seconds(pids)
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    used = cpu_seconds(pids) - cpu
    for connection in connections:
        connection.close()
    return sum(done) / elapsed, used / max(sum(done), 1)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    bodies = {regime: json.dumps(worked(name)).encode() for regime, name in CASES.items()}
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for workers in (1, 2):
        with serving("--workers", str(workers)) as url:
            pids = worker_pids(url)
            print(f"{workers} worker{'s' if workers > 1 else ''}:")
            for regime, body in bodies.items():
                for detail in ("summary", "full"):
                    path = f"/v1/{regime}/decisions?detail={detail}"
                    times = sorted(latency(url, path, body, args.requests // 4))
                    p50 = statistics.median(times)
                    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
                    rate, cpu = throughput(url, path, body, args.requests, args.clients, pids)
                    print(f"  {regime:10} detail={detail:8} one client: p50 {ms(p50)}, "
                          f"p99 {ms(p99)}; {args.clients} clients: {rate:.0f} decisions/s, "
                          f"worker CPU {ms(cpu)} a decision")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
