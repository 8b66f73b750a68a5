"""CJS offence codes as forces export them: ``AAYYNNN`` with an optional eighth letter read as
the inchoate form (A attempt, B aiding and abetting, C conspiracy, I incitement)."""

from __future__ import annotations

import pytest
from test_inchoate_target import judged

from conftest import decide, pace_case
from pocapace.engine.core.errors import CaseFileError, UnknownReferenceError
from pocapace.engine.law.rulefiles import CodeEntry, CodeTableFile

FORCE = {"TH68001": "theft-act-1968/s1", "TH68009": "theft-act-1968/s9"}


@pytest.fixture
def coded(engine):
    """The engine with a force's CJS codes loaded (as ``--codes`` loads them), then removed."""
    references = engine.catalogues.references
    saved = dict(references.tables)
    references.add_table(CodeTableFile(
        kind="code-table", scheme="user", title="force codes", source="test",
        codes={code: CodeEntry(offences=[oid], title=oid) for code, oid in FORCE.items()}))
    yield engine
    references.tables = saved
    references._index = None


def arrested(offence: str, **fields) -> dict:
    return pace_case(offences=[{"offence": offence, "stage": "arrested", **fields}])


def test_every_suffix_letter_names_an_inchoate_form(engine):
    table = engine.catalogues.references.tables["cjs"]
    assert set(table.suffixes) == {"A", "B", "C", "I"}
    assert all(form in engine.catalogues.inchoate.by_id for form in table.suffixes.values())


@pytest.mark.parametrize("letter, form", [("A", "attempt"), ("B", "aiding-abetting"),
                                          ("C", "conspiracy"), ("I", "incitement")])
@pytest.mark.parametrize("written", ["{code}{letter}", "{code} {letter}", "CJS {code}{letter}",
                                     "{lower}{letter_lower}"])
def test_a_suffixed_code_resolves_to_its_offence_and_inchoate_form(coded, letter, form,
                                                                    written):
    text = written.format(code="TH68009", letter=letter, lower="th68009",
                          letter_lower=letter.lower())
    ref = coded.catalogues.references.resolve(text)
    assert (ref.info.id, ref.inchoate) == ("theft-act-1968/s9", form)


def test_a_code_without_suffix_has_no_inchoate_form(coded):
    ref = coded.catalogues.references.resolve("TH68001")
    assert (ref.info.id, ref.inchoate) == ("theft-act-1968/s1", None)


@pytest.mark.parametrize("text", ["TH68001X", "TH6800A", "ZZ99999A"])
def test_an_unknown_letter_or_code_stays_unknown(coded, text):
    with pytest.raises(UnknownReferenceError):
        coded.catalogues.references.resolve(text)


@pytest.mark.parametrize("letter, form", [("A", "attempt"), ("C", "conspiracy")])
def test_a_suffixed_code_decides_as_the_offence_with_inchoate(coded, letter, form):
    by_code = decide(coded, arrested(f"TH68009{letter}"))
    by_field = decide(coded, arrested("Theft Act 1968 s.9", inchoate=form))
    assert judged(by_code) == judged(by_field)


def test_an_inchoate_field_agreeing_with_the_suffix_is_accepted(coded):
    assert judged(decide(coded, arrested("TH68009A", inchoate="attempt"))) == \
        judged(decide(coded, arrested("TH68009A")))


def test_an_inchoate_field_contradicting_the_suffix_is_an_input_error(coded):
    with pytest.raises(CaseFileError) as caught:
        decide(coded, arrested("TH68009A", inchoate="conspiracy"))
    assert caught.value.field == "offences[0].inchoate"
    assert "TH68009A" in caught.value.problem and "contradicts" in caught.value.problem
