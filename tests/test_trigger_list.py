"""The trigger-offence list by date: for 27 July 2004 to 14 January 2007 it is exactly the
seed's Appendix E list; each amendment changes it on its day."""

from __future__ import annotations

import datetime as dt

import pytest

from pocapace.engine.law.catalogue.offences import OffenceInfo
from pocapace.engine.law.lists import Item

D = dt.date

# Appendix E of the MPA scrutiny (2007): the "List of Trigger Offences", transcribed.
SEED_SUBSTANTIVE = {
    "theft-act-1968/s1", "theft-act-1968/s8", "theft-act-1968/s9", "theft-act-1968/s10",
    "theft-act-1968/s12", "theft-act-1968/s12A", "theft-act-1968/s15", "theft-act-1968/s22",
    "theft-act-1968/s25", "misuse-of-drugs-act-1971/s4", "misuse-of-drugs-act-1971/s5(2)",
    "misuse-of-drugs-act-1971/s5(3)", "vagrancy-act-1824/s3", "vagrancy-act-1824/s4",
}
SEED_ATTEMPTS = {"theft-act-1968/s1", "theft-act-1968/s8", "theft-act-1968/s9",
                 "theft-act-1968/s15", "theft-act-1968/s22"}


def in_force(listing, day):
    substantive, attempts = set(), set()
    for group in listing.groups:
        for entry in group.entries:
            if not any(p.contains(day) for p in entry.in_force):
                continue
            if entry.offence:
                substantive.add(entry.offence)
            elif "attempt" in entry.inchoate:
                attempts |= set(entry.of)
    return substantive, attempts


@pytest.mark.parametrize("day", [D(2004, 7, 27), D(2005, 12, 1), D(2007, 1, 14)])
def test_trigger_list_when_2004_to_2007_is_the_seed_list(engine, day):
    listing = engine.ruleset("pace-s63b").files.lists["trigger-offences"]
    assert in_force(listing, day) == (SEED_SUBSTANTIVE, SEED_ATTEMPTS)


def test_trigger_list_when_fraud_act_in_force_swaps_deception_for_fraud(engine):
    listing = engine.ruleset("pace-s63b").files.lists["trigger-offences"]
    substantive, attempts = in_force(listing, D(2007, 1, 15))
    assert "theft-act-1968/s15" not in substantive
    assert {"fraud-act-2006/s1", "fraud-act-2006/s6", "fraud-act-2006/s7"} <= substantive
    assert attempts == SEED_ATTEMPTS  # the 2004 attempts paragraph stood until 31 July 2007


def test_trigger_list_when_2007_order_in_force_attempts_name_fraud_not_deception(engine):
    listing = engine.ruleset("pace-s63b").files.lists["trigger-offences"]
    _, attempts = in_force(listing, D(2007, 8, 1))
    assert attempts == SEED_ATTEMPTS - {"theft-act-1968/s15"} | {"fraud-act-2006/s1"}


def test_trigger_list_when_before_2004_order_has_no_handling_attempts_or_begging(engine):
    listing = engine.ruleset("pace-s63b").files.lists["trigger-offences"]
    substantive, attempts = in_force(listing, D(2004, 7, 26))
    assert attempts == set()
    assert not {"theft-act-1968/s22", "vagrancy-act-1824/s3"} & substantive


def judge(engine, name="trigger-offences", regime="pace-s63b"):
    return engine.ruleset(regime).judges[name]


def item(engine, offence, **kw):
    return Item(engine.catalogues.offences.resolve(offence), **kw)


@pytest.mark.parametrize("drug, day, status", [
    ("diamorphine", D(2010, 1, 1), "met"),
    ("cocaine", D(2010, 1, 1), "met"),
    ("mdma", D(2023, 8, 1), "not_met"),       # Class A, not yet specified
    ("mdma", D(2023, 8, 2), "met"),           # every Class A drug from 2 August 2023
    ("cannabis", D(2023, 9, 1), "not_met"),   # Class B
    ("methylamphetamine", D(2023, 9, 1), "met"),
])
def test_drug_offence_when_drug_and_day_vary(engine, drug, day, status):
    found = judge(engine).member(item(engine, "Misuse of Drugs Act 1971 s.5(2)", drug=drug), day)
    assert found.status == status


def test_drug_offence_when_drug_not_stated_is_unknown_and_asks_for_it(engine):
    found = judge(engine).member(item(engine, "MDA 1971 s.5(2)", drug_path="offences[0].drug"),
                                 D(2020, 1, 1))
    assert found.status == "unknown"
    assert found.missing[0][0] == "offences[0].drug"


def test_general_section_when_all_subsections_listed_is_decided(engine):
    found = judge(engine).member(item(engine, "Misuse of Drugs Act 1971 s.5", drug="diamorphine"),
                                 D(2020, 1, 1))
    assert found.status == "met"


def test_general_section_when_only_some_subsections_listed_is_unknown(engine):
    found = judge(engine, "schedule-2", "poca-s75").member(
        item(engine, "Misuse of Drugs Act 1971 s.5", drug="diamorphine"), D(2020, 1, 1))
    assert found.status == "unknown"  # s5(3) is listed, s5(2) is not


@pytest.mark.parametrize("offence, form, day, status", [
    ("Theft Act 1968 s.9", "attempt", D(2010, 1, 1), "met"),
    ("Theft Act 1968 s.10", "attempt", D(2010, 1, 1), "not_met"),
    ("Theft Act 1968 s.1", "conspiracy", D(2010, 1, 1), "not_met"),
    ("Fraud Act 2006 s.1", "attempt", D(2007, 5, 1), "not_met"),   # the 2007 drafting gap
    ("Fraud Act 2006 s.1", "attempt", D(2007, 8, 1), "met"),
    ("Theft Act 1968 s.15", "attempt", D(2007, 5, 1), "met"),
])
def test_inchoate_when_form_and_day_vary(engine, offence, form, day, status):
    assert judge(engine).member(item(engine, offence, inchoate=form), day).status == status


def test_code_with_alternatives_when_all_listed_is_decided(engine):
    ref = engine.catalogues.references.resolve("HOCR 92/3")
    assert isinstance(ref.info, OffenceInfo) and len(ref.info.children) == 2
    found = judge(engine, "schedule-2", "poca-s75").member(
        Item(ref.info, goods=ref.goods, drug_class=ref.drug_class), D(2020, 1, 1))
    assert found.status == "met"
