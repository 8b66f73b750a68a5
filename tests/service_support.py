"""Helpers for the service tests: worked cases as JSON bodies, and a real `pocapace serve`
on a free local port."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

from pocapace.engine.cases import read_cases

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
POCAPACE = Path(sys.executable).with_name("pocapace")


def plain(value):
    """A case as JSON would carry it: dates in ISO form, amounts as decimal strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def worked_cases() -> list[tuple[str, dict, dict]]:
    """(name, case, expectation) of every worked case decided under the law in force."""
    out = []
    for path in sorted(CASES.glob("*/*.yaml")):
        for raw in read_cases(str(path)):
            data = plain(raw.data)
            if not isinstance(data, dict) or "expect" not in data or data.get("assume"):
                continue
            expect = data.pop("expect")
            out.append((path.stem, data, expect))
    return out


def worked(name: str) -> dict:
    """One worked case's body (without its expectation), by file stem."""
    return next(data for stem, data, _ in worked_cases() if stem == name)


@contextlib.contextmanager
def serving(*args: str, timeout: float = 60):
    """`pocapace serve --port 0 ARGS` running; yields its base URL, stops it afterwards."""
    process = subprocess.Popen([str(POCAPACE), "serve", "--port", "0", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        line = process.stdout.readline()
        found = re.search(r"http://[^/]+/", line)
        if not found:
            raise RuntimeError(f"pocapace serve did not start: {line}{process.stderr.read()}")
        url = found.group(0).rstrip("/")
        _wait(url, timeout)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()
        process.stderr.close()


def _wait(url: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > end:
                raise
        time.sleep(0.05)


def post(url: str, path: str, body: dict | list | bytes) -> tuple[int, dict, bytes]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}{path}", data=data, method="POST",
                                     headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
