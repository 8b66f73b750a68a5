"""Strict YAML and JSON reading: duplicate keys are errors, decimals are exact.

A YAML or JSON number with a fraction (``4999.99``) is read as a
:class:`decimal.Decimal` so money is never a float. Dates stay ``datetime.date``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import PocapaceError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(PocapaceError):
    """A YAML or JSON document cannot be read; carries the source name and line."""

    def __init__(self, source: str, problem: str, line: int | None = None):
        where = f"{source}, line {line}" if line else source
        super().__init__(f"Cannot read {where}: {problem}")
        self.source, self.problem, self.line = source, problem, line


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


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False):
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _construct_decimal(loader: StrictLoader, node: yaml.ScalarNode) -> Decimal:
    text = loader.construct_scalar(node).replace("_", "")
    return Decimal(text)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _syntax_error(source: str, exc: yaml.YAMLError) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return YamlSyntaxError(source, problem, mark.line + 1 if mark else None)


def load_yaml_text(text: str, source: str) -> Any:
    """Parse one YAML document strictly; ``source`` names it in errors."""
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - StrictLoader is safe
    except yaml.YAMLError as exc:
        raise _syntax_error(source, exc) from None


def load_yaml_documents(text: str, source: str) -> list[tuple[int, Any]]:
    """Parse a multi-document YAML stream; returns (first line, document) pairs."""
    return list(iter_yaml_documents(text, source))


def iter_yaml_documents(stream, source: str):
    """Yield (first line, document) for each document of a YAML text or open file, one at a time.

    A syntax error is raised as YamlSyntaxError where it is met; the documents before it
    have already been yielded.
    """
    loader = StrictLoader(stream)
    try:
        while loader.check_node():
            node = loader.get_node()
            yield node.start_mark.line + 1, loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _syntax_error(source, exc) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML file strictly."""
    return load_yaml_text(path.read_text(encoding="utf-8"), str(path))


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key '{key}'")
        result[key] = value
    return result


def load_json_text(text: str, source: str) -> Any:
    """Parse JSON strictly: duplicate keys rejected, fractions read as Decimal."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as exc:
        raise YamlSyntaxError(source, exc.msg, exc.lineno) from None
    except ValueError as exc:
        raise YamlSyntaxError(source, str(exc)) from None


class _Dumper(yaml.SafeDumper):
    """Writes Decimal amounts as plain numbers (4999.99), as they were read."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def dump_yaml(data: Any) -> str:
    """YAML text for people (order kept, block style)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, width=96)
