"""Strict reading: duplicate keys fail, money is exact."""

from decimal import Decimal

import pytest

from pocapace.engine.law.yamlio import YamlSyntaxError, load_json_text, load_yaml_text


def test_load_yaml_when_key_duplicated_names_key_and_line():
    with pytest.raises(YamlSyntaxError) as error:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert "duplicate key 'a'" in str(error.value)
    assert "x.yaml, line 3" in str(error.value)


def test_load_yaml_when_fraction_reads_exact_decimal():
    assert load_yaml_text("benefit: 4999.99", "x.yaml") == {"benefit": Decimal("4999.99")}


def test_load_json_when_fraction_reads_exact_decimal():
    assert load_json_text('{"benefit": 4999.99}', "x.json") == {"benefit": Decimal("4999.99")}


def test_load_json_when_key_duplicated_fails():
    with pytest.raises(YamlSyntaxError, match="duplicate key 'a'"):
        load_json_text('{"a": 1, "a": 2}', "x.json")
