"""The plain YAML reader (``law.plain_yaml``) gives exactly what the strict PyYAML reader gives,
or leaves the text to it: on every YAML file shipped, and on generated and mutated documents
full of YAML's traps (words that are numbers, dates that are not, keys that are booleans)."""

from __future__ import annotations

import datetime as dt
import pathlib
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocapace.engine.core.errors import PocapaceError
from pocapace.engine.law.plain_yaml import read_plain_yaml
from pocapace.engine.law.yamlio import load_yaml_documents

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHIPPED = sorted([*(ROOT / "cases").rglob("*.yaml"), *(ROOT / "rules").rglob("*.yaml")])


def same(a, b) -> bool:
    """Equal and of the same types all the way down (1 is not True, 1.0 not 1.00)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def agrees(text: str) -> bool:
    """The plain reader declines the text, or gives PyYAML's documents for it."""
    plain = read_plain_yaml(text)
    if plain is None:
        return True
    try:
        reference = load_yaml_documents(text, "x.yaml")
    except PocapaceError:
        return False
    return same(plain, reference)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_yaml_file_reads_as_pyyaml_reads_it(path):
    assert agrees(path.read_text(encoding="utf-8"))


def test_nearly_every_worked_case_is_read_without_pyyaml():
    cases = [p for p in SHIPPED if p.read_text(encoding="utf-8").startswith("regime:")]
    plain = [p for p in cases if read_plain_yaml(p.read_text(encoding="utf-8")) is not None]
    assert len(plain) >= 0.95 * len(cases)


def test_the_values_a_case_holds():
    text = ("regime: pace-s63b\nat: 2026-03-14T10:20:00\nborn: 1987-05-02\nn: 12\nm: -3\n"
            "benefit: 4999.99\nyes: true\nno: False\nnothing:\nalso: ~\nname: Zoë O'Neil\n"
            "quoted: 'it''s: #1'\ndq: \"a: b # c\"\nlist: [a, 'b c', 2]\n"
            "map: {from: 2023-02-01, \"on\": 2024-01-01}\nwords: 8 whole months (2023)\n"
            "notes: >\n  one\n  two\n\n  three\nlit: |-\n  a\n    b\n")
    [(line, data)] = read_plain_yaml(text)
    assert line == 1 and agrees(text)
    assert data["at"] == dt.datetime(2026, 3, 14, 10, 20) and data["benefit"] == Decimal(
        "4999.99") and data["yes"] is True and data["nothing"] is None
    assert data["notes"] == "one two\nthree\n" and data["lit"] == "a\n  b"
    assert data["map"] == {"from": dt.date(2023, 2, 1), "on": dt.date(2024, 1, 1)}


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "---\na: 1\n", "a: 1\n---\nb: 2\n",
    "a: 007\n", "a: 0x1F\n", "a: 1:30\n", "a: .5\n", "a: 2026-02-30\n",
    "a: 2026-03-14 10:20:00 +01:00\n", "a: b\n  c\n", "a:\n\tb: 1\n",
    "a: \"x\\ny\"\n", "a: [1, [2]]\n", "a: {b: {c: 1}}\n", "- a\n", "a: b: c\n", "null: 1\n",
    "a: >\n\n  x\n", "a: >\n  x\n    y\n", "a: [a,\nb]\n", "a: 'x\n  y'\n", "? a\n: b\n",
    "a: 1 # c\n  b: 2\n", "a: x\ufeff\n", "a: x\u2028y\n", "a: -\n", "a: - b\n",
    "a: " + "9" * 41 + "\n", "a: >+\n  x\n\n",
])
def test_what_it_leaves_to_pyyaml(text):
    assert read_plain_yaml(text) is None


KEYS = st.sampled_from(["a", "b", "on", "off", "yes", "null", "True", "x_y", "x-y", "k.1",
                        "s75(2)(c)", "t[1]", "'q'", '"on"', "1", "-k", "a b", "é"])
SCALARS = st.sampled_from([
    "x", "Theft Act 1968 s.1", "8 whole months", "1:30", "007", "0x1F", "1e3", "1.", ".5",
    "-", "- a", "a: b", "a #b", "a#b", "~", "yes", "Null", "null", "TRUE", "2026-02-30",
    "2026-3-4", "2026-03-14", "2026-03-14 10:20:00", "2026-03-14T10:20", "2026-03-14T10:20:00Z",
    "+5", "-0", "-0.0", "1_000", "12", "4999.99", "£5", "Émile", "'x'", '"y"', "'it''s'",
    '"a\\nb"', "[a, b]", "[a,]", "[]", "{a: 1}", "{}", "{on: 2024-01-01}", ">", "|", "&x",
    "*x", "!!str x", "%x", "@x", "`x`", "x:", "x :y", "a, b", "[a, 'b, c']", "['x'y]", "",
    "1" * 45, "a" * 45, "x  # note", "'#'", "' '",
])


@st.composite
def documents(draw, depth=0):
    lines = []
    indent = " " * draw(st.sampled_from([2, 4, 1])) if depth else ""
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        kind = draw(st.sampled_from(["scalar"] * 4 + (["map", "list", "text"] if depth < 3
                                                      else [])))
        if kind == "scalar":
            lines.append(f"{key}: {draw(SCALARS)}".rstrip(" "))
        elif kind == "map":
            lines.append(f"{key}:")
            lines += draw(documents(depth + 1))
        elif kind == "list":
            lines.append(f"{key}:")
            dash = " " * draw(st.sampled_from([0, 2]))
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.booleans()):
                    lines.append(f"{dash}- {draw(SCALARS)}".rstrip(" "))
                else:
                    inner = draw(documents(depth + 2))
                    pad = dash + "  "
                    lines.append(f"{dash}- {inner[0].lstrip(' ')}")
                    lines += [pad + line.lstrip(" ") if line.startswith(inner[0][:len(
                        inner[0]) - len(inner[0].lstrip(' '))]) else line for line in inner[1:]]
        else:
            lines.append(f"{key}: {draw(st.sampled_from(['>', '|', '>-', '|-']))}")
            for _ in range(draw(st.integers(1, 4))):
                lines.append(draw(st.sampled_from(["  one", "  two words", "", "    more",
                                                   "  # not a comment", "  x: y", "   "])))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "", "  # indented comment"])))
    return [indent + line if line.strip() else line for line in lines]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_generated_documents_read_as_pyyaml_reads_them(lines, final_newline):
    assert agrees("\n".join(lines) + ("\n" if final_newline else ""))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([p for p in SHIPPED if "cases" in p.parts][:60]), st.data())
def test_mutated_worked_cases_read_as_pyyaml_reads_them(path, data):
    text = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        change = data.draw(st.sampled_from([" ", "\n", ":", "-", "'", '"', "#", "[", "]", "{",
                                            ",", "0", "x", "", "  ", "\t"]))
        cut = data.draw(st.integers(0, 2))
        text = text[:at] + change + text[at + cut:]
    assert agrees(text)
