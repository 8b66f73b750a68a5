"""General inchoate offences (conspiracy under the Criminal Law Act 1977 s1 and the rest) are
the inchoate form of the offence named as their ``target:`` (issue 9 point 7)."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from click.testing import CliRunner

from conftest import decide, pace_case
from pocapace.cli.main import main
from pocapace.engine.core.errors import CaseFileError

#: Each general inchoate offence as a user writes it, and the form it stands for.
GENERAL = {
    "Criminal Attempts Act 1981 s.1": "attempt",
    "Criminal Law Act 1977 s.1": "conspiracy",
    "incitement": "incitement",
    "Serious Crime Act 2007 s.44": "encouraging-or-assisting-s44",
    "Serious Crime Act 2007 s.45": "encouraging-or-assisting-s45",
    "Serious Crime Act 2007 s.46": "encouraging-or-assisting-s46",
    "Accessories and Abettors Act 1861 s.8": "aiding-abetting",
    "Magistrates' Courts Act 1980 s.44": "aiding-abetting",
}

PACE_TARGETS = [("Theft Act 1968 s.9", None), ("Theft Act 1968 s.1", None),
                ("Misuse of Drugs Act 1971 s.5(2)", "heroin"), ("Fraud Act 2006 s.1", None)]
POCA_TARGETS = [("Misuse of Drugs Act 1971 s.4(3)", "cocaine"), ("Theft Act 1968 s.1", None),
                ("Firearms Act 1968 s.3(1)", None)]

POCA = {
    "regime": "poca-s75", "id": "P", "jurisdiction": "england-and-wales",
    "at": dt.date(2025, 9, 22), "proceedings_started": dt.date(2025, 3, 3),
    "convictions": [{"offence": "Theft Act 1968 s.1", "benefit": 800,
                     "committed": {"from": dt.date(2024, 10, 1), "to": dt.date(2024, 11, 15)}}],
}


def poca_case(**lists) -> dict:
    """A POCA case: one short theft with £800 benefit, with whole lists replaced by ``lists``."""
    case = copy.deepcopy(POCA)
    case.update(copy.deepcopy(lists))
    return case


def entry(offence: str, drug: str | None = None, **fields) -> dict:
    found = {"offence": offence, **fields}
    if drug is not None:
        found["drug"] = drug
    return found


def general(form: str, target: str, drug: str | None, **fields) -> dict:
    """``target`` entered through the general offence of ``form`` (the first in GENERAL)."""
    name = next(name for name, f in GENERAL.items() if f == form)
    return entry(name, drug, target=target, **fields)


def specific(form: str, target: str, drug: str | None, **fields) -> dict:
    """``target`` entered itself, with ``inchoate: form``."""
    return entry(target, drug, inchoate=form, **fields)


def judged(decision) -> tuple:
    """What a decision finds, without where the facts came from (the earlier occasions keep
    their day and status: their offences are shown as the user wrote them)."""
    routes = [(r.route, r.item, r.offence_id) for r in decision.routes]
    opened = [(r.route, r.item, r.offence_id) for r in decision.open_routes]
    figures = {**decision.figures, "occasions": [(o["day"], o["status"]) for o in
                                                 decision.figures.get("occasions", [])]}
    return (decision.outcome, routes, opened, decision.tests, figures,
            sorted(m.fact for m in decision.missing), [c.rule for c in decision.unconfirmed])


def test_the_table_names_every_general_inchoate_offence_in_the_catalogue(engine):
    catalogues = engine.catalogues
    named = {catalogues.references.resolve(name).info.id: form for name, form in GENERAL.items()}
    assert named == catalogues.inchoate.by_offence


@pytest.mark.parametrize("name", GENERAL)
@pytest.mark.parametrize("build, field", [
    (lambda o: pace_case(offences=[{**o, "stage": "arrested"}]), "offences[0].target"),
    (lambda o: poca_case(convictions=[{**o, "benefit": 1}]), "convictions[0].target"),
    (lambda o: poca_case(taken_into_consideration=[{**o, "benefit": 1}]),
     "taken_into_consideration[0].target"),
    (lambda o: poca_case(previous_convictions=[{**o, "benefit": 1,
                                                "convicted_on": dt.date(2022, 5, 4)}]),
     "previous_convictions[0].target"),
])
def test_a_general_inchoate_offence_without_target_is_an_input_error(engine, name, build, field):
    with pytest.raises(CaseFileError) as caught:
        decide(engine, build({"offence": name}))
    assert caught.value.field.endswith(".target")
    assert caught.value.field == field
    assert "target:" in caught.value.problem
    assert name in caught.value.problem


@pytest.mark.parametrize("data, field", [
    (pace_case(offences=[{"offence": "Theft Act 1968 s.9", "target": "Theft Act 1968 s.1",
                          "stage": "arrested"}]), "offences[0].target"),
    (poca_case(convictions=[{"offence": "Misuse of Drugs Act 1971 s.4(3)", "drug": "cocaine",
                             "target": "Theft Act 1968 s.1", "benefit": 1}]),
     "convictions[0].target"),
    (poca_case(taken_into_consideration=[{"offence": "Theft Act 1968 s.1",
                                          "target": "Theft Act 1968 s.9", "benefit": 1}]),
     "taken_into_consideration[0].target"),
])
def test_target_on_a_substantive_offence_is_an_input_error(engine, data, field):
    with pytest.raises(CaseFileError) as caught:
        decide(engine, data)
    assert caught.value.field == field
    assert "not one" in caught.value.problem


@pytest.mark.parametrize("form", sorted(set(GENERAL.values())))
@pytest.mark.parametrize("target, drug", PACE_TARGETS)
def test_pace_general_offence_with_target_decides_as_the_inchoate_form(engine, form, target,
                                                                       drug):
    def arrested(build):
        return decide(engine, pace_case(offences=[build(form, target, drug, stage="arrested")]))

    assert judged(arrested(general)) == judged(arrested(specific))


@pytest.mark.parametrize("form", sorted(set(GENERAL.values())))
@pytest.mark.parametrize("target, drug", POCA_TARGETS)
def test_poca_general_offence_with_target_decides_as_the_inchoate_form(engine, form, target,
                                                                       drug):
    committed = {"from": dt.date(2024, 10, 1), "to": dt.date(2024, 11, 15)}

    def convicted(build):
        return decide(engine, poca_case(
            convictions=[build(form, target, drug, benefit=800, committed=committed),
                         entry("Theft Act 1968 s.1", benefit=2000, committed=committed)],
            taken_into_consideration=[build(form, target, drug, benefit=300)],
            previous_convictions=[build(form, target, drug, benefit=500,
                                        convicted_on=dt.date(2020, 1, 8)),
                                  entry("Theft Act 1968 s.1", benefit=500,
                                        convicted_on=dt.date(2023, 4, 26))]))

    assert judged(convicted(general)) == judged(convicted(specific))


@pytest.mark.parametrize("form, target, drug, outcome", [
    ("attempt", "Theft Act 1968 s.9", None, "eligible"),
    ("conspiracy", "Theft Act 1968 s.1", None, "not_eligible"),
])
def test_pace_general_offence_with_target_gives_the_law_s_answer(engine, form, target, drug,
                                                                 outcome):
    data = pace_case(offences=[general(form, target, drug, stage="arrested")])
    assert decide(engine, data).outcome == outcome


@pytest.mark.parametrize("form, target, drug, outcome", [
    ("conspiracy", "Misuse of Drugs Act 1971 s.4(3)", "cocaine", "criminal_lifestyle"),
    ("conspiracy", "Theft Act 1968 s.1", None, "no_criminal_lifestyle"),
    ("encouraging-or-assisting-s44", "Misuse of Drugs Act 1971 s.4(3)", "cocaine",
     "criminal_lifestyle"),
    ("encouraging-or-assisting-s45", "Misuse of Drugs Act 1971 s.4(3)", "cocaine",
     "no_criminal_lifestyle"),
])
def test_poca_general_offence_with_target_gives_the_law_s_answer(engine, form, target, drug,
                                                                 outcome):
    committed = {"from": dt.date(2024, 10, 1), "to": dt.date(2024, 11, 15)}
    data = poca_case(convictions=[general(form, target, drug, benefit=800, committed=committed)])
    assert decide(engine, data).outcome == outcome


NO_TARGET = """regime: poca-s75
id: FI-NT
jurisdiction: england-and-wales
at: 2025-09-22
proceedings_started: 2025-03-03
convictions:
  - offence: Criminal Law Act 1977 s.1
    drug: cocaine
    committed: {from: 2024-10-01, to: 2024-11-15}
    benefit: 800.00
"""


def test_check_without_target_exits_2_and_says_what_to_write(tmp_path):
    path = tmp_path / "conspiracy.yaml"
    path.write_text(NO_TARGET)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "conspiracy.yaml" in result.output
    assert "convictions[0].target" in result.output
    assert "target:" in result.output
    assert "inchoate: conspiracy" in result.output
    assert "Traceback" not in result.output
    assert "CRIMINAL LIFESTYLE" not in result.output


def test_an_offence_worded_as_an_inchoate_form_is_told_how_to_write_it(engine):
    data = pace_case(**{"offences": [{"offence": "conspiracy to steal", "stage": "arrested"}]})
    with pytest.raises(CaseFileError) as caught:
        decide(engine, data)
    assert "inchoate: conspiracy" in caught.value.message
    assert 'pocapace offences "steal"' in caught.value.message
