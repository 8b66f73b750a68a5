"""Every rule file and catalogue entry loads; each kind of breakage is reported with its place."""

from __future__ import annotations

import shutil

import pytest

from pocapace.engine.api import Engine
from pocapace.engine.core.errors import RuleFileError
from pocapace.engine.law.loader import rules_root
from pocapace.engine.regimes.registry import REGIMES


def test_rules_when_bundled_every_regime_compiles(engine):
    for name in REGIMES:
        ruleset = engine.ruleset(name)
        assert ruleset.definition, name


def test_catalogue_when_bundled_has_at_least_80_offences_with_unique_ids(engine):
    offences = engine.catalogues.offences.by_id
    assert len(offences) >= 80
    assert all(info.display and info.title for info in offences.values())


def test_lists_when_bundled_every_entry_names_a_catalogue_offence(engine):
    for name in REGIMES:
        for listing in engine.ruleset(name).files.lists.values():
            for group in listing.groups:
                for entry in group.entries:
                    names = [entry.offence] if entry.offence else \
                        ([] if entry.of == "this-list" else entry.of)
                    for oid in names:
                        assert oid in engine.catalogues.offences.by_id, (listing.name, oid)


def test_drugs_when_bundled_every_alias_resolves_to_its_drug(engine):
    drugs = engine.catalogues.drugs
    for drug in drugs.by_id.values():
        for alias in drug.aliases:
            assert drugs.resolve(alias).id == drug.id


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(rules_root(), target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def replace(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


BREAKAGES = [
    # (file, old text, new text, words the message must contain)
    ("pace-s63b/conditions.yaml", "    citation: PACE 1984 s63B(1A)(a)\n", "",
     ["conditions.yaml", "arrest-condition.trigger", "citation"]),
    ("pace-s63b/conditions.yaml", "    label: Arrest condition - trigger offence",
     "    label: Arrest condition - trigger offence\n    lable: typo",
     ["conditions.yaml", "arrest-condition.trigger", "lable", "Extra inputs"]),
    ("pace-s63b/conditions.yaml", "{fact: offence.stage, equals: arrested}",
     "{fact: offence.stag, equals: arrested}",
     ["arrest-condition.trigger", "unknown attribute 'stag'"]),
    ("pace-s63b/conditions.yaml", "{fact: offence.stage, equals: arrested}",
     "{fact: offence.stage, equals: detained}",
     ["arrest-condition.trigger", "'detained' is not one of"]),
    ("pace-s63b/routes.yaml", "{rule: arrest-condition.trigger}",
     "{rule: arrest-condition.trigga}", ["routes.yaml", "arrest-condition.trigga", "does not exist"]),
    ("pace-s63b/trigger-offences.yaml", "theft-act-1968/s10,", "theft-act-1968/s10x,",
     ["trigger-offences", "theft-act-1968/s10x", "not in the offence catalogue"]),
    ("pace-s63b/conditions.yaml", "in_force: {from: 2005-12-01}\n    change: an arrest for a trigger",
     "in_force: {from: 2005-12-01, to: 2004-01-01}\n    change: an arrest for a trigger",
     ["arrest-condition.trigger", "before 'from'"]),
    ("catalogue/drugs.yaml", "  - id: morphine", "  - id: cocaine",
     ["drugs.yaml", "cocaine", "defined twice"]),
    ("pace-s63b/ruleset.yaml", "outcome_rule: sample-may-be-taken", "outcome_rule: nothing",
     ["outcome_rule", "nothing"]),
    ("pace-s63b/routes.yaml", "kind: rules\n", "kind: rules\nkind: rules\n",
     ["routes.yaml", "duplicate key 'kind'", "line 2"]),
    ("pace-s63b/routes.yaml", "  - id: route.arrest-trigger\n", "  - id: route.arrest-trigger\n  x: [\n",
     ["routes.yaml", "line"]),
]


@pytest.mark.parametrize("file, old, new, words", BREAKAGES,
                         ids=[f"{b[0]}:{b[3][-1]}" for b in BREAKAGES])
def test_load_when_rule_file_broken_names_file_entry_and_problem(rules_copy, file, old, new,
                                                                 words):
    replace(rules_copy / file, old, new)
    with pytest.raises(RuleFileError) as error:
        engine = Engine(rules_copy)
        for name in REGIMES:
            engine.ruleset(name)
    for word in words:
        assert word in str(error.value)


def test_load_when_rules_reference_each_other_in_a_cycle_reports_cycle(rules_copy):
    replace(rules_copy / "pace-s63b/conditions.yaml",
            "        - {fact: offence.suspects_misuse, is: true}",
            "        - {fact: offence.suspects_misuse, is: true}\n"
            "        - {rule: arrest-condition.authorised}")
    with pytest.raises(RuleFileError, match="cycle"):
        Engine(rules_copy).ruleset("pace-s63b")
