"""``pocapace offences`` finds an offence by its code and by the drug a code gives the class of."""

from __future__ import annotations

import json

from click.testing import CliRunner

from pocapace.cli.main import main


def search(*args):
    result = CliRunner().invoke(main, ["offences", *args])
    assert result.exit_code == 0, result.output
    return result


def test_a_code_finds_the_offence_it_names():
    found = json.loads(search("HOCR 92/4", "--format", "json").output)
    assert found[0]["code"] == "92/4" and found[0]["drug_class"] == "B"
    assert "Unlawful importation" in search("92/4").output


def test_a_drug_finds_the_codes_of_its_class(engine):
    found = json.loads(search("cocaine", "--format", "json").output)
    hocr = engine.catalogues.references.tables["hocr"].codes
    assert found and {f["code"] for f in found} == {c for c, e in hocr.items()
                                                   if e.drug_class == "A"}
    assert all(f["drug_class"] == "A" for f in found)


def test_nothing_matching_says_so_on_standard_error():
    result = CliRunner().invoke(main, ["offences", "zzzz-no-such-thing"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "No offence or code matches 'zzzz-no-such-thing'" in result.stderr
