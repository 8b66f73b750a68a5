"""Schedule 2 by date: on 1 June 2007 it is exactly the seed's list (Appendix E, "as amended");
today it is the list as amended since."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from pocapace.cli.main import main

# Appendix E of the MPA scrutiny (2007), "Proceeds of Crime Act 2002 Schedule 2 as amended".
SEED_2007 = {
    "misuse-of-drugs-act-1971/s4(2)", "misuse-of-drugs-act-1971/s4(3)",
    "misuse-of-drugs-act-1971/s5(3)", "misuse-of-drugs-act-1971/s8", "misuse-of-drugs-act-1971/s20",
    "customs-and-excise-management-act-1979/s50(2)", "customs-and-excise-management-act-1979/s50(3)",
    "customs-and-excise-management-act-1979/s68(2)", "customs-and-excise-management-act-1979/s170",
    "criminal-justice-international-co-operation-act-1990/s12",
    "criminal-justice-international-co-operation-act-1990/s19",
    "proceeds-of-crime-act-2002/s327", "proceeds-of-crime-act-2002/s328", "terrorism-act-2000/s56",
    "immigration-act-1971/s25", "immigration-act-1971/s25A", "immigration-act-1971/s25B",
    "sexual-offences-act-2003/s57", "sexual-offences-act-2003/s58", "sexual-offences-act-2003/s59",
    "asylum-and-immigration-treatment-of-claimants-etc-act-2004/s4", "firearms-act-1968/s3(1)",
    "forgery-and-counterfeiting-act-1981/s14", "forgery-and-counterfeiting-act-1981/s15",
    "forgery-and-counterfeiting-act-1981/s16", "forgery-and-counterfeiting-act-1981/s17",
    "copyright-designs-and-patents-act-1988/s107(1)",
    "copyright-designs-and-patents-act-1988/s107(2)",
    "copyright-designs-and-patents-act-1988/s198(1)", "copyright-designs-and-patents-act-1988/s297A",
    "trade-marks-act-1994/s92(1)", "trade-marks-act-1994/s92(2)", "trade-marks-act-1994/s92(3)",
    "sexual-offences-act-1956/s33", "sexual-offences-act-1956/s34", "sexual-offences-act-2003/s14",
    "sexual-offences-act-2003/s48", "sexual-offences-act-2003/s49", "sexual-offences-act-2003/s50",
    "sexual-offences-act-2003/s52", "sexual-offences-act-2003/s53", "theft-act-1968/s21",
    "gangmasters-licensing-act-2004/s12(1)", "gangmasters-licensing-act-2004/s12(2)",
}
SEED_INCHOATE = {"attempt", "conspiracy", "incitement", "aiding-abetting"}


def in_force(engine, day):
    listing = engine.ruleset("poca-s75").files.lists["schedule-2"]
    offences, forms = set(), set()
    for group in listing.groups:
        for entry in group.entries:
            if any(p.contains(day) for p in entry.in_force):
                if entry.offence:
                    offences.add(entry.offence)
                else:
                    forms |= set(entry.inchoate)
    return offences, forms


def test_schedule_2_when_june_2007_is_the_seed_list(engine):
    assert in_force(engine, dt.date(2007, 6, 1)) == (SEED_2007, SEED_INCHOATE)


def test_schedule_2_when_today_is_the_list_as_amended(engine):
    offences, forms = in_force(engine, dt.date(2026, 6, 1))
    assert {"modern-slavery-act-2015/s1", "modern-slavery-act-2015/s2",
            "psychoactive-substances-act-2016/s5"} <= offences
    assert not {"sexual-offences-act-2003/s57", "sexual-offences-act-2003/s59A",
                "asylum-and-immigration-treatment-of-claimants-etc-act-2004/s4"} & offences
    assert "encouraging-or-assisting-s44" in forms


def test_rules_cli_when_2007_shows_gangmasters_but_not_modern_slavery():
    result = CliRunner().invoke(main, ["rules", "--regime", "poca-s75", "--at", "2007-06-01"])
    assert "Gangmasters (Licensing) Act 2004 s.12(1)" in result.output
    assert "Modern Slavery Act 2015" not in result.output
