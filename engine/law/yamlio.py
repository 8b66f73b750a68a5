"""Strict YAML and JSON reading: duplicate keys are errors, decimals are exact, size is bounded.

A YAML or JSON number with a fraction (``4999.99``) is read as a
:class:`decimal.Decimal` so money is never a float. Dates stay ``datetime.date``.
Documents are refused (with a clear error, before they are built) beyond the limits below:
nesting depth, values after alias expansion, and digits in a number. Keys must be plain
values; NaN, infinities, sets and other exotic tags are refused.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import shown
from .strict_json import MAX_DEPTH, MAX_DIGITS, YamlSyntaxError, load_json_text  # noqa: F401

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Values in one document, counting every use of a YAML alias (an alias bomb is refused).
MAX_VALUES = 200_000
#: Characters in one document of a stream (a batch's YAML export is read document by document).
MAX_DOCUMENT_CHARS = 20 * 1024 * 1024

ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}

KINDS = {"tag:yaml.org,2002:map": yaml.MappingNode, "tag:yaml.org,2002:seq": yaml.SequenceNode}


class StrictLoader(_BaseLoader):
    """SafeLoader that rejects duplicate keys, reads floats as Decimal, and takes only
    true/false as booleans (YAML 1.2), so a key such as ``on:`` stays the word "on"."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def _error(node, problem: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _error(key_node, "a key must be a plain name, not a list or a mapping")
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise _error(key_node, f"duplicate key {shown(key)}")
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_decimal(loader: StrictLoader, node: yaml.ScalarNode) -> Decimal:
    """A fraction as an exact Decimal (.nan and .inf too: the field they are given to refuses
    them, naming the field)."""
    text = loader.construct_scalar(node).replace("_", "").lower()
    text = {".nan": "NaN", ".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity"}.get(
        text, text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _error(node, f"{shown(text)} is not a number") from None
    return _digits(node, value)


def _digits(node, value):
    if len(node.value) > MAX_DIGITS:
        raise _error(node, f"a number of more than {MAX_DIGITS} digits")
    return value


def _checked(base):
    """A SafeLoader constructor whose bad value (2026-02-30, 0xZZ) is a YAML error at its line."""

    def construct(loader: StrictLoader, node: yaml.ScalarNode):
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_DIGITS:
            raise _error(node, f"a value of more than {MAX_DIGITS} characters where a number "
                               "or date is expected")
        try:
            return base(loader, node)
        except (ValueError, TypeError, OverflowError) as exc:
            raise _error(node, f"{shown(getattr(node, 'value', ''))} cannot be read as "
                               f"{node.tag.rsplit(':', 1)[-1]} ({exc})") from None

    return construct


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
for _tag in ("int", "timestamp"):
    StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _checked(
        yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))


def check_node(root: yaml.Node) -> None:
    """Refuse a composed document beyond the limits, before anything is built from it:
    depth, values counting each alias use, recursive aliases and exotic tags."""
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) once done
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            parts = [sizes[id(c)] for c in _children(node)]
            sizes[key] = (1 + sum(p[0] for p in parts), 1 + max((p[1] for p in parts), default=0))
            open_.discard(key)
            values, depth = sizes[key]
            if values > MAX_VALUES:
                raise _error(node, f"the document holds more than {MAX_VALUES:,} values once "
                                   "its aliases are expanded")
            if depth > MAX_DEPTH:
                raise _error(node, f"the document is nested more than {MAX_DEPTH} levels deep")
            continue
        if key in sizes:
            continue
        if key in open_:
            raise _error(node, "an alias refers to the value that contains it")
        if node.tag not in ALLOWED_TAGS:
            raise _error(node, f"the tag {_tag_name(node)} is not allowed here")
        kind = KINDS.get(node.tag, yaml.ScalarNode)
        if not isinstance(node, kind):
            raise _error(node, f"the tag {_tag_name(node)} does not fit the value it is put on")
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return None


def _tag_name(node: yaml.Node) -> str:
    return node.tag.replace("tag:yaml.org,2002:", "!!")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


TAB = "a tab character; YAML is indented with spaces, not tabs"


def _syntax_error(source: str, exc: yaml.YAMLError, text) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    found = text.char_at(mark.index) if mark is not None else ""
    if "'\\t'" in problem or (found == "\t" and "cannot start any token" in problem):
        problem = TAB
    return YamlSyntaxError(source, problem, mark.line + 1 if mark else None)


class _TooLarge(yaml.YAMLError):
    problem = f"a document of more than {MAX_DOCUMENT_CHARS:,} characters"


class _Text:
    """The text the YAML reader reads, without byte order marks (an editor may put one before
    any document), keeping the last part read so an error can say which character it met, and
    refusing a document longer than MAX_DOCUMENT_CHARS before it is all in memory."""

    def __init__(self, stream):
        self.stream, self.start, self.kept = stream, 0, ""
        self.document_start = 0

    def read(self, size: int = -1) -> str:
        if self.start + len(self.kept) - self.document_start > MAX_DOCUMENT_CHARS:
            raise _TooLarge()
        chunk = self.stream.read(size if size >= 0 else MAX_DOCUMENT_CHARS + 1)
        chunk = chunk.replace("\ufeff", "")
        if len(self.kept) > 1 << 16:
            self.start += len(self.kept)
            self.kept = ""
        self.kept += chunk
        return chunk

    def char_at(self, index: int) -> str:
        at = index - self.start
        return self.kept[at] if 0 <= at < len(self.kept) else ""


def load_yaml_text(text: str, source: str) -> Any:
    """Parse one YAML document strictly; ``source`` names it in errors."""
    documents = load_yaml_documents(text, source)
    if len(documents) > 1:
        raise YamlSyntaxError(source, "expected one document, found several", documents[1][0])
    return documents[0][1] if documents else None


def load_yaml_documents(text: str, source: str) -> list[tuple[int, Any]]:
    """Parse a multi-document YAML stream; returns (first line, document) pairs."""
    return list(iter_yaml_documents(text, source))


def iter_yaml_documents(stream, source: str):
    """Yield (first line, document) for each document of a YAML text or open file, one at a time.

    A syntax error is raised as YamlSyntaxError where it is met; the documents before it
    have already been yielded.
    """
    text = _Text(io.StringIO(stream) if isinstance(stream, str) else stream)
    loader = StrictLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            check_node(node)
            text.document_start = text.start + len(text.kept)
            yield node.start_mark.line + 1, loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(source, exc, text) from None
    except RecursionError:
        raise YamlSyntaxError(source, f"nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file strictly."""
    return load_yaml_text(path.read_text(encoding="utf-8"), str(path))


class _Dumper(yaml.SafeDumper):
    """Writes Decimal amounts as plain numbers (4999.99), as they were read."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def dump_yaml(data: Any) -> str:
    """YAML text for people (order kept, block style)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=96)
