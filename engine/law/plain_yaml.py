"""A reader for the plain YAML a case file is written in, without PyYAML.

Loading PyYAML's pure-Python modules is about a tenth of a ``pocapace check``. This reads one
document of block mappings and lists, one-line flow lists and mappings, block text (``>``,
``|``), quoted text and the plain values a case holds (names, whole numbers, exact decimals,
dates, moments, true/false, null), giving exactly what the strict PyYAML reader
(``yamlio``) gives. Anything else (an anchor, a tag, a continued plain line, a duplicate key,
an unusual number, a syntax error) makes it answer None, and the caller reads the text with
PyYAML, whose result and error messages are the only ones. Tests hold it to PyYAML's result
on every worked case and on generated documents.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

#: Nesting beyond this is left to PyYAML (which refuses it past ``yamlio.MAX_DEPTH``).
MAX_DEPTH = 20
#: Characters of a number beyond this are left to PyYAML (which refuses them).
MAX_DIGITS = 40

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.()/\[\]-]*):(?: +(.*))?$")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)$")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_MOMENT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})$")
#: Characters that end the text (the caller's PyYAML then decides): control characters,
#: YAML's other line breaks, tabs, byte order marks, and the markers of the features not read.
_REFUSED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
                      "|^(?:---|\\.\\.\\.|%)", re.MULTILINE)
#: What PyYAML's own resolvers (yaml/resolver.py) read as a number or a moment: a text that
#: begins with a digit and matches none of them is words ("8 whole months"). (Compiled on
#: first use, by ``re``'s own cache: most case files have no such words.)
_NUMBERLIKE = (r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?0b[0-1_]+ |[-+]?0[0-7_]+ |[-+]?(?:0|[1-9][0-9_]*) |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]
     (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""")
_WORDS = {"null": None, "Null": None, "NULL": None, "~": None, "true": True, "True": True,
          "TRUE": True, "false": False, "False": False, "FALSE": False}


class _NotPlain(Exception):
    """The text uses something this reader leaves to PyYAML."""


def read_plain_yaml(text: str) -> list[tuple[int, Any]] | None:
    """[(first line, document)] of a one-document YAML text holding a mapping, as the strict
    PyYAML reader gives it, or None to leave the text to PyYAML."""
    if _REFUSED.search(text):
        return None
    lines = text.split("\n")
    try:
        reader = _Reader(lines)
        start = reader.skip(0)
        if start >= len(lines) or reader.indent(start) != 0:
            return None
        value, end = reader.block(start, 0, 0)
        if not isinstance(value, dict) or reader.skip(end) < len(lines):
            return None
    except (_NotPlain, ValueError, RecursionError):
        return None
    return [(start + 1, value)]


class _Reader:
    def __init__(self, lines: list[str]):
        self.lines = lines

    def indent(self, n: int) -> int:
        line = self.lines[n]
        return len(line) - len(line.lstrip(" "))

    def skip(self, n: int) -> int:
        """The next line from ``n`` holding more than spaces or a comment."""
        while n < len(self.lines):
            content = self.lines[n].strip(" ")
            if content and not content.startswith("#"):
                return n
            n += 1
        return n

    def block(self, n: int, indent: int, depth: int) -> tuple[Any, int]:
        """The mapping or list whose first line is ``n``, at ``indent``; and the line after."""
        if depth > MAX_DEPTH:
            raise _NotPlain
        content = self.lines[n][indent:]
        if content == "-" or content.startswith("- "):
            return self.sequence(n, indent, depth)
        return self.mapping(n, indent, depth, content)

    def mapping(self, n: int, indent: int, depth: int, first: str | None = None
                ) -> tuple[dict, int]:
        result: dict = {}
        while True:
            content = first if first is not None else self.lines[n][indent:]
            first = None
            entry = _entry(content)
            if entry is None:
                raise _NotPlain
            key, rest = entry
            if key in result:
                raise _NotPlain
            result[key], n = self.value(n, indent, rest, depth, in_mapping=True)
            n = self.skip(n)
            if n >= len(self.lines) or self.indent(n) < indent:
                return result, n
            if self.indent(n) > indent:
                raise _NotPlain
            if self.lines[n][indent:].startswith("-"):
                raise _NotPlain

    def sequence(self, n: int, indent: int, depth: int) -> tuple[list, int]:
        result: list = []
        while True:
            content = self.lines[n][indent:]
            if content.strip(" ") == "-":
                item, n = self.nested(n + 1, indent, depth, allow_same=False)
            else:
                rest = content[2:]
                inner = indent + 2 + len(rest) - len(rest.lstrip(" "))
                rest = rest.lstrip(" ")
                if rest.startswith(("-", ">", "|")):
                    raise _NotPlain
                if _entry(rest) is not None:
                    item, n = self.mapping(n, inner, depth + 1, rest)
                else:
                    item, n = self.value(n, indent, rest, depth, in_mapping=False)
            result.append(item)
            n = self.skip(n)
            if n >= len(self.lines) or self.indent(n) < indent:
                return result, n
            if self.indent(n) > indent:
                raise _NotPlain
            content = self.lines[n][indent:]
            if not (content == "-" or content.startswith("- ")):
                return result, n  # (a list at its key's indentation ends at the next key)

    def value(self, n: int, indent: int, rest: str | None, depth: int, in_mapping: bool
              ) -> tuple[Any, int]:
        """The value after ``key:`` or ``-`` on line ``n``; and the line after it."""
        if rest is None or rest.strip(" ") == "" or rest.lstrip(" ").startswith("#"):
            return self.nested(n + 1, indent, depth, allow_same=in_mapping)
        if rest.startswith((">", "|")):
            return self.text_block(n, indent, rest)
        if rest.startswith("[") and "]" not in rest:  # a list continued on the next lines
            while "]" not in rest:
                n += 1
                if n >= len(self.lines) or self.indent(n) <= indent:
                    raise _NotPlain
                more = self.lines[n].strip(" ")
                if more.startswith("#"):
                    raise _NotPlain
                rest = f"{rest} {more}"
        value = _inline(rest)
        following = self.skip(n + 1)
        if following < len(self.lines) and self.indent(following) > indent:
            raise _NotPlain  # a plain value continued on the next line, or a syntax error
        return value, n + 1

    def nested(self, n: int, indent: int, depth: int, allow_same: bool) -> tuple[Any, int]:
        """The block under a ``key:`` or ``-`` with nothing after it (None if there is none).
        A list may sit at its key's own indentation."""
        following = self.skip(n)
        if following >= len(self.lines):
            return None, following
        inner = self.indent(following)
        content = self.lines[following][inner:]
        if inner > indent:
            return self.block(following, inner, depth + 1)
        if allow_same and inner == indent and (content == "-" or content.startswith("- ")):
            return self.sequence(following, indent, depth + 1)
        return None, following

    def text_block(self, n: int, indent: int, header: str) -> tuple[str, int]:
        """A folded (``>``) or literal (``|``) block of text, clipped or stripped (``-``)."""
        if header not in (">", "|", ">-", "|-"):
            raise _NotPlain
        folded, strip = header[0] == ">", header.endswith("-")
        lines, n = [], n + 1
        own = None
        while n < len(self.lines):
            line = self.lines[n]
            if line.strip(" ") == "":
                if own is None or len(line) > own:
                    raise _NotPlain  # leading blank lines, or spaces beyond the indentation
                lines.append(None)
                n += 1
                continue
            at = self.indent(n)
            if own is None:
                if at <= indent:
                    raise _NotPlain  # an empty block
                own = at
            if at < own:
                break
            if at > own and folded:
                raise _NotPlain  # more-indented lines are not folded
            lines.append(line[own:])
            n += 1
        if own is None or n == len(self.lines) and self.lines[-1] != "":
            raise _NotPlain  # (the block ends the text with no line break)
        while lines and lines[-1] is None:
            lines.pop()
            n -= 1
        chunks: list[str] = []
        breaks = 0
        for line in lines:
            if line is None:
                breaks += 1
                continue
            if chunks:
                chunks.append("\n" * breaks if breaks else (" " if folded else "\n"))
                if not folded and breaks:
                    chunks.append("\n")
            breaks = 0
            chunks.append(line)
        return "".join(chunks) + ("" if strip else "\n"), self.skip_blank(n)

    def skip_blank(self, n: int) -> int:
        while n < len(self.lines) and self.lines[n].strip(" ") == "":
            n += 1
        return n


def _entry(content: str) -> tuple[str, str | None] | None:
    """(key, what follows ``key:``, None if nothing) of a mapping entry, or None if
    ``content`` is not one. A quoted key is text whatever it says ("on", "null")."""
    if content[:1] in ("'", '"'):
        key, after = _quoted(content)
        if after != ":" and not after.startswith(": "):
            return None
        return key, after[1:].lstrip(" ") or None
    match = _KEY.match(content)
    if not match or match.group(1) in _WORDS:
        return None
    return match.group(1), match.group(2)


def _inline(rest: str) -> Any:
    """A value written on its key's line: a flow list or mapping, quoted or plain."""
    rest = rest.strip(" ")
    if rest.startswith("["):
        return [_flow_value(item) for item in _flow_items(rest, "]")]
    if rest.startswith("{"):
        result: dict = {}
        for pair in _flow_items(rest, "}"):
            entry = _entry(pair)
            if entry is None or entry[0] in result or entry[1] is None:
                raise _NotPlain
            result[entry[0]] = _flow_value(entry[1].strip(" "))
        return result
    if rest.startswith(("'", '"')):
        body, after = _quoted(rest)
        if after and not after.startswith("#"):
            raise _NotPlain
        return body
    return _plain(_uncommented(rest), flow=False)


def _flow_items(rest: str, close: str) -> list[str]:
    """The items of a one-level flow list or mapping (``rest`` opens it), as written."""
    items, item, quote, at = [], [], None, 1
    while at < len(rest):
        char = rest[at]
        at += 1
        if quote:
            item.append(char)
            if char == quote:
                quote = None
        elif char in ("'", '"'):
            item.append(char)
            quote = char
        elif char in (",", close):
            text = "".join(item).strip(" ")
            if text:
                items.append(text)
            elif char == "," or items:
                raise _NotPlain  # an empty item
            item = []
            if char == close:
                after = rest[at:].strip(" ")
                if after and not after.startswith("#"):
                    raise _NotPlain
                return items
        elif char in "[]{}#":
            raise _NotPlain
        else:
            item.append(char)
    raise _NotPlain


def _flow_value(item: str) -> Any:
    if item[0] in "'\"":
        body, after = _quoted(item)
        if after:
            raise _NotPlain
        return body
    return _plain(item, flow=True)


def _quoted(rest: str) -> tuple[str, str]:
    """The quoted text ``rest`` begins with, and what follows it (stripped)."""
    quote = rest[0]
    if quote == '"':
        end = rest.find('"', 1)
        if end < 0 or "\\" in rest[1:end]:
            raise _NotPlain
        body = rest[1:end]
    else:
        end, parts = 1, []
        while True:
            at = rest.find("'", end)
            if at < 0:
                raise _NotPlain
            parts.append(rest[end:at])
            if rest[at + 1:at + 2] == "'":
                parts.append("'")
                end = at + 2
                continue
            end = at
            break
        body = "".join(parts)
    return body, rest[end + 1:].strip(" ")


def _uncommented(rest: str) -> str:
    at = rest.find(" #")
    return (rest[:at] if at >= 0 else rest).rstrip(" ")


def _plain(text: str, flow: bool) -> Any:
    """A plain value, read as the strict PyYAML reader reads it, or _NotPlain."""
    if text in _WORDS:
        return _WORDS[text]
    if not text:
        if flow:
            raise _NotPlain
        return None
    first = text[0]
    if first.isdigit() or first == "-":
        if len(text) <= MAX_DIGITS:
            if _INT.match(text):
                return int(text)
            if _DECIMAL.match(text):
                return Decimal(text)
            match = _DATE.match(text)
            if match:
                return dt.date(*map(int, match.groups()))
            match = _MOMENT.match(text)
            if match:
                return dt.datetime(*map(int, match.groups()))
        if first == "-" or re.match(_NUMBERLIKE, text, re.X):
            raise _NotPlain
    elif not (first.isalpha() and (first.isascii() or first.isprintable())):
        raise _NotPlain
    if ": " in text or text.endswith(":") or "#" in text and " #" in text:
        raise _NotPlain
    if flow and any(c in text for c in ",[]{}:"):
        raise _NotPlain
    return text
