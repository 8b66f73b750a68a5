"""Reading an export's lines as bytes: bounded in length, each decoded (or refused) on its own,
with its line number and byte offset for the error record."""

from __future__ import annotations

from collections.abc import Iterator

from ...cases import CONVERT

#: The longest line (one JSON Lines record, one CSV line) read; a longer one is an error record.
MAX_LINE_BYTES = 8 * 1024 * 1024


def lines(stream) -> Iterator[tuple[int, int, bytes | None]]:
    """(line number, byte offset, bytes) of each line of a binary stream; bytes is None for a
    line over MAX_LINE_BYTES (skipped without holding it in memory)."""
    number, offset = 0, 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 20)
                offset += len(line)
            yield number, start, None
            continue
        yield number, start, line


def line_problem(number: int, offset: int, data: bytes | None) -> str | None:
    """Why a line cannot be read (too long, not UTF-8), or None."""
    if data is None:
        return f"line {number} is longer than {MAX_LINE_BYTES // 2**20} MB"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (f"line {number} is not UTF-8 text: byte {offset + exc.start} of the file "
                f"(0x{data[exc.start]:02x}) cannot be read; {CONVERT}")
    return None
