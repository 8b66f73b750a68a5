"""What the output can show: the text's width and marks, and text made printable in the
output's encoding (no click, so the quick check path can use it)."""

from __future__ import annotations

import os
import sys


def text_style() -> dict:
    """The text output's width (the terminal's, within reason) and whether the output's
    encoding can show ✓ and ✗."""
    width = max(60, min(terminal_columns(100), 120))
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "✓✗".encode(encoding)
        plain = False
    except (UnicodeEncodeError, LookupError):
        plain = True
    return {"width": width, "plain_marks": plain}


def terminal_columns(fallback: int) -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (COLUMNS, then the
    terminal of standard output, then ``fallback``), without importing shutil, which loads
    the bz2 and lzma libraries (about 5 ms of each check)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = fallback
        columns = columns or fallback
    return columns


def printable(text: str) -> str:
    """The text as the output's encoding can show it (£ as GBP, other signs replaced)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        text = text.replace("£", "GBP ").replace("’", "'").replace("–", "-")
        return text.encode(encoding, errors="replace").decode(encoding, errors="replace")
