"""The promise kept for good: mutated worked cases (the generator of bench/fuzz.py) through
`check` and `batch` give exit 0 or 2, never a traceback, a message naming a field or line for
every exit 2, and exactly one output record per input record, in order, none a fault."""

from __future__ import annotations

import importlib.util
import pathlib
import random

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocapace.cli.main import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)
CASES = fuzz.seeds()
SETTINGS = dict(deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=100, **SETTINGS)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_check_of_a_fuzzed_case_file_decides_or_refuses_with_a_field(folder, seed):
    suffix, data = fuzz.generate(random.Random(seed), CASES)
    problem = fuzz.check_problem(CliRunner(), main, folder, suffix, data)
    assert problem in ("decided", "refused"), (problem, suffix, data[:400])


@settings(max_examples=6, **SETTINGS)
@given(seed=st.integers(min_value=0, max_value=2**32), size=st.integers(1, 30))
def test_batch_of_fuzzed_records_gives_one_record_each_in_order(folder, seed, size):
    rng = random.Random(seed)
    lines = [fuzz.record_line(rng, CASES) for _ in range(size)]
    assert fuzz.batch_problem(CliRunner(), main, folder, lines) == []


def test_the_fuzz_generator_makes_every_class_of_bad_input():
    rng = random.Random(7)
    texts = [fuzz.generate(rng, CASES)[1] for _ in range(400)]
    joined = b"\n".join(texts)
    for marker in (b"\xef\xbb\xbf", b"\t", b"&", b"*", b"!!set", b"? [a, b]", b"9999-12-31",
                   b"0001-01-01", b"NaN", b"[[[[[", b'"id": 1, "id": 2'):
        assert marker in joined, marker
