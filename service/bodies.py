"""Reading request bodies: bounded in size, parsed as strictly as case files are."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

from pocapace.engine.core.errors import PocapaceError
from pocapace.engine.law.yamlio import load_json_text

from .problems import Problem

SOURCE = "the request body"
FORM = "application/x-www-form-urlencoded"


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or a 413 problem as soon as it is known to pass ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_big(int(declared), limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_big(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(size: int, limit: int) -> Problem:
    return Problem(413, f"The request body has {size} bytes or more; the limit is {limit} "
                        "bytes. Send fewer cases at a time.", limit_bytes=limit)


def text_of(body: bytes, what: str = SOURCE) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, f"Cannot read {what}: it is not UTF-8 text (byte {exc.start}).") \
            from None


def parse_json(body: bytes, what: str = SOURCE) -> Any:
    """JSON as the command line reads it (amounts as exact decimals, duplicate keys refused),
    or a 400 problem in its words."""
    text = text_of(body, what)
    if not text.strip():
        raise Problem(400, f"Cannot read {what}: it is empty; send a case as JSON.")
    try:
        return load_json_text(text, what)
    except PocapaceError as exc:
        raise Problem(400, exc.message) from None


def form_field(body: bytes, name: str) -> bytes:
    """One field of a form-encoded body (as bytes to parse), or a 400 problem."""
    values = parse_qs(text_of(body)).get(name)
    if not values:
        raise Problem(400, f"Cannot read the form: it has no field '{name}'.")
    return values[0].encode()
