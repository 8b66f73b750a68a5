"""A section of which only some subsections are listed is never taken as listed when the
reference does not say which subsection: every list entry with a subsection is walked."""

from __future__ import annotations

import pytest

from pocapace.engine.law.lists import Item

REGIMES = ["pace-s63b", "poca-s75"]


def subsection_entries(ruleset):
    for name, judge in ruleset.judges.items():
        for group in judge.listing.groups:
            for entry in group.entries:
                if entry.offence and "(" in entry.offence:
                    yield name, judge, group, entry


@pytest.mark.parametrize("regime", REGIMES)
def test_a_parent_section_alone_is_not_listed_unless_every_subsection_is(engine, regime):
    ruleset = engine.ruleset(regime)
    offences = engine.catalogues.offences
    walked = 0
    for _name, judge, group, entry in subsection_entries(ruleset):
        info = offences.by_id[entry.offence]
        assert info.parent, f"{entry.offence} names a subsection but has no parent section"
        parent = offences.by_id[info.parent]
        assert parent.children, f"{parent.id} should list its offence-creating subsections"
        for period in entry.in_force:
            day = period.from_
            drug = "cocaine" if group.qualifier and group.qualifier.drug_in else None
            goods = "firearm" if group.qualifier and group.qualifier.goods_in else None
            whole = judge.member(Item(parent, drug=drug, goods=goods), day).status
            each = {judge.member(Item(offences.by_id[c], drug=drug, goods=goods), day).status
                    for c in parent.children}
            if each != {"met"}:
                assert whole != "met", (
                    f"{regime}: {parent.display} (subsection not stated) is taken as listed "
                    f"on {day}, but not every subsection is: {sorted(parent.children)}")
            else:
                assert whole == "met"
            walked += 1
    assert walked > 0


def test_the_unlisted_copyright_subsections_are_in_the_catalogue(engine):
    children = engine.catalogues.offences.by_id["copyright-designs-and-patents-act-1988/s107"].children
    assert {"copyright-designs-and-patents-act-1988/s107(2A)",
            "copyright-designs-and-patents-act-1988/s107(3)"} <= set(children)
