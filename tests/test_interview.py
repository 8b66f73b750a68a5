"""The guided interview: the next decisive question, answers as people type them, and the
promise that only facts the undetermined decision lists as missing are ever asked."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from pocapace.engine.cases import read_cases, validate_case
from pocapace.engine.core.errors import RuleFileError
from pocapace.engine.law.rulefiles import QuestionsFile
from pocapace.engine.law.validation import validate_rule_file
from pocapace.engine.regimes.registry import REGIMES
from pocapace.engine.tools.interview import Answers, Interview, Parsed, next_step
from pocapace.engine.tools.interview.answers import AnswerError, parse_day, parse_moment
from pocapace.engine.tools.interview.partial import value_at

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKED = sorted((ROOT / "cases" / "pace-s63b").glob("*.yaml")) + \
    sorted((ROOT / "cases" / "poca-s75").glob("*.yaml"))
NOW = dt.datetime(2026, 3, 14, 10, 20)


def from_worked_case(raw: dict, model, question) -> Parsed:
    """The answer a worked case gives to a question: its value at the question's path (a
    field the case leaves out is "don't know", unless the case file reads absence as "no")."""
    data = model.model_dump(mode="json", by_alias=True)
    if question.ends_list and question.item >= len(raw.get(question.ends_list) or []):
        return Parsed(ends_list=True)
    base = question.path.rsplit(".", 1)[0]
    value = value_at(data, question.path)
    if question.answer == "offence":
        given = value_at(raw, question.path)
        return Parsed(values={question.path: given, f"{base}.inchoate":
                              value_at(raw, f"{base}.inchoate"),
                              f"{base}.target": value_at(raw, f"{base}.target")})
    if question.record:
        return Parsed(values={question.path: {} if value else None})
    return Parsed(unknown=True) if value is None else Parsed(values={question.path: value})


def interview_for(engine, raw):
    regime, model = validate_case(raw)
    start = {"at": raw.data["at"]} if "at" in raw.data else {}
    return Interview(engine.under(model.assume), regime.name, case=start), model


@pytest.mark.parametrize("path", WORKED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_interview_from_an_empty_case_reaches_each_worked_case_outcome(engine, path):
    raw = read_cases(str(path))[0]
    interview, model = interview_for(engine, raw)
    for _ in range(60):
        step = interview.step()
        if step.decided:
            break
        question = step.question
        assert question.fact in step.missing, f"asked {question.fact}, not missing"
        interview.record(question, from_worked_case(raw.data, model, question))
    assert step.decided
    assert step.decision.outcome == raw.data["expect"]["outcome"]


def answer_all(interview, answers: list[str]) -> tuple:
    asked = []
    for text in answers:
        step = interview.step()
        if step.decided:
            break
        asked.append(step.question.path)
        interview.answer(step.question, text)
    return interview.step(), asked


def test_adult_arrested_for_theft_in_a_notified_area_is_eligible_in_six(engine):
    step, asked = answer_all(Interview(engine, "pace-s63b", NOW),
                             ["theft", "arrested", "02/05/1987", "Brixton", "no", "no"])
    assert step.decided and step.decision.outcome == "eligible"
    assert len(asked) <= 6


def test_13_year_old_is_not_eligible_in_three(engine):
    step, asked = answer_all(Interview(engine, "pace-s63b", NOW),
                             ["burglary", "charged", "1 June 2012"])
    assert step.decided and step.decision.outcome == "not_eligible"
    assert len(asked) <= 3


def test_supplying_cocaine_is_a_criminal_lifestyle_in_four(engine):
    step, asked = answer_all(Interview(engine, "poca-s75", dt.datetime(2025, 6, 1)),
                             ["supplying cocaine", "02/03/2024", "no", "no"])
    assert step.decided and step.decision.outcome == "criminal_lifestyle"
    assert len(asked) <= 4
    assert step.complete


def test_first_question_of_an_empty_case_is_the_offence_with_its_provision(engine):
    step = next_step(engine, "pace-s63b", Answers({"at": "2026-03-14T10:20"}, set(), set()))
    question = step.question.to_json_dict()
    assert question["path"] == "offences[0].offence"
    assert question["answer"] == "offence"
    assert "s63B" in question["provision"]
    assert step.to_json_dict()["decided"] is False


def test_a_fact_that_cannot_change_the_outcome_is_never_asked(engine):
    """A 13-year-old: the offence and stage no longer matter once the age is known."""
    answers = Answers({"at": "2026-03-14T10:20", "person": {"date_of_birth": "2012-06-01"}},
                      set(), set())
    step = next_step(engine, "pace-s63b", answers)
    assert step.decided and step.decision.outcome == "not_eligible"


def test_dont_know_for_the_date_of_birth_asks_the_apparent_age_instead(engine):
    interview = Interview(engine, "pace-s63b", NOW)
    step, _ = answer_all(interview, ["theft", "arrested", "don't know"])
    assert step.question.path == "person.appears_under_18"
    assert step.question.fact == "person.date_of_birth"


def test_dont_know_everywhere_ends_undetermined_and_cannot_be_saved(engine):
    interview = Interview(engine, "pace-s63b", NOW)
    step, asked = answer_all(interview, ["don't know"] * 30)
    assert step.decided and step.decision.outcome == "undetermined"
    assert not step.complete and "offence" in step.incomplete
    assert len(asked) == len(set(asked))


def test_saved_answers_give_the_same_decision_through_the_case_file(engine):
    from pocapace.engine.cases import parse_cases

    interview = Interview(engine, "pace-s63b", NOW)
    step, _ = answer_all(interview, ["criminal damage", "arrested", "02/05/1987", "Brixton",
                                     "no", "no", "yes", "inspector", "yes", "no"])
    raw = parse_cases(interview.save_text(), "saved.yaml")[0]
    assert engine.decide_raw(raw).outcome == step.decision.outcome == "eligible"


@pytest.mark.parametrize("text, expected", [
    ("14/03/2026", dt.date(2026, 3, 14)), ("14 March 2026", dt.date(2026, 3, 14)),
    ("14 Mar 2026", dt.date(2026, 3, 14)), ("2026-03-14", dt.date(2026, 3, 14)),
    ("1/6/2012", dt.date(2012, 6, 1)), ("today", NOW.date()), ("now", NOW.date()),
])
def test_uk_dates_are_read(text, expected):
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "14/13/2026", "March 14", "soon"])
def test_dates_that_cannot_be_read_say_how_to_write_them(text):
    with pytest.raises(AnswerError):
        parse_day(text, NOW)


def test_a_date_and_time_is_read():
    assert parse_moment("13/03/2026 22:00", NOW) == dt.datetime(2026, 3, 13, 22, 0)
    assert parse_moment("now", NOW) == NOW


def first_question(engine, regime="pace-s63b"):
    interview = Interview(engine, regime, NOW)
    return interview, interview.step().question


@pytest.mark.parametrize("text, offence, inchoate, drug", [
    ("theft", "theft-act-1968/s1", None, None),
    ("Theft Act 1968 s.1", "theft-act-1968/s1", None, None),
    ("attempted burglary", "theft-act-1968/s9", "attempt", None),
    ("possession of crack", "misuse-of-drugs-act-1971/s5(2)", None, "cocaine"),
    ("supplying heroin", "misuse-of-drugs-act-1971/s4(3)", None, "diamorphine"),
])
def test_offences_are_read_by_name_alias_section_or_street_wording(engine, text, offence,
                                                                    inchoate, drug):
    interview, question = first_question(engine)
    interview.answer(question, text)
    item = interview.answers.case["offences"][0]
    named = engine.catalogues.references.resolve(item["offence"]).info.id
    assert (named, item["inchoate"], item.get("drug")) == (offence, inchoate, drug)
    assert "/" not in item["offence"]  # the case file says the section, as people write it


def test_an_offence_code_is_kept_as_written_for_what_it_implies(engine):
    interview, question = first_question(engine, "poca-s75")
    interview.answer(question, "92/30")
    assert interview.answers.case["convictions"][0]["offence"] == "92/30"


def test_an_ambiguous_offence_offers_a_numbered_list_and_a_number_picks_from_it(engine):
    interview, question = first_question(engine)
    with pytest.raises(AnswerError) as caught:
        interview.answer(question, "assault")
    choices = caught.value.choices
    assert len(choices) > 1
    interview.offer(caught.value)
    interview.answer(question, "2")
    chosen = interview.answers.case["offences"][0]["offence"]
    assert engine.catalogues.references.resolve(chosen).info.id == choices[1]["value"]


def test_a_mistyped_offence_is_refused_with_suggestions(engine):
    interview, question = first_question(engine)
    with pytest.raises(AnswerError) as caught:
        interview.answer(question, "Theft Act 1986 s.1")
    assert "Theft Act 1968 s.1" in " ".join(caught.value.suggestions)
    assert "offences" not in interview.answers.case


def test_a_station_by_name_gives_its_area_and_an_area_by_name_is_read(engine):
    interview = Interview(engine, "pace-s63b", NOW)
    answer_all(interview, ["theft", "arrested", "02/05/1987"])
    question = interview.step().question
    assert question.path == "detention.police_area"
    interview.answer(question, "Brixton police station")
    assert interview.answers.case["detention"] == {"police_area": "metropolitan",
                                                   "station": "brixton"}
    other = Interview(engine, "pace-s63b", NOW)
    answer_all(other, ["theft", "arrested", "02/05/1987", "Kent"])
    assert other.answers.case["detention"] == {"police_area": "kent"}


@pytest.mark.parametrize("text, value", [("yes", True), ("Y", True), ("no", False),
                                         ("n", False), ("2", False)])
def test_yes_and_no_are_read(engine, text, value):
    interview = Interview(engine, "pace-s63b", NOW)
    step, _ = answer_all(interview, ["theft", "arrested", "02/05/1987", "Brixton"])
    interview.answer(step.question, text)
    assert value_at(interview.answers.case, step.question.path) is value


def test_a_yes_no_question_refuses_other_words(engine):
    interview = Interview(engine, "pace-s63b", NOW)
    step, _ = answer_all(interview, ["theft", "arrested", "02/05/1987", "Brixton"])
    with pytest.raises(AnswerError):
        interview.answer(step.question, "perhaps")


def test_every_question_fills_a_field_of_its_regimes_case_file(engine):
    for name, regime in REGIMES.items():
        for question in engine.ruleset(name).files.questions.questions:
            model = regime.case_model
            for part in question.path.split("."):
                field = model.model_fields.get(part.removesuffix("[]")) or next(
                    f for f in model.model_fields.values() if f.alias == part)
                model = _inner_model(field.annotation)
            assert question.provision


def _inner_model(annotation):
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def test_a_questions_file_with_an_unknown_key_fails_to_load():
    data = {"kind": "questions", "description": "d", "questions": [
        {"path": "person.date_of_birth", "ask": "When born?", "help": "A date.",
         "answer": "date", "provision": "PACE", "wording": "oops"}]}
    with pytest.raises(RuleFileError) as caught:
        validate_rule_file(QuestionsFile, data, "rules/x/questions.yaml")
    assert "wording" in caught.value.message


def test_next_step_takes_a_plain_partial_case_and_gives_json(engine):
    import json

    step = next_step(engine, "pace-s63b", {"at": "2026-03-14T10:20",
                                           "offences": [{"offence": "theft", "inchoate": None}]})
    data = json.loads(json.dumps(step.to_json_dict()))
    assert data["question"]["path"] == "offences[0].stage"
    assert {"value": "charged", "label": "charged"} in data["question"]["choices"]
    again = Answers.from_json({"case": {"at": "2026-03-14T10:20"}, "unknown": [],
                               "closed": ["offences"]})
    assert again.to_json_dict()["closed"] == ["offences"]


def test_a_period_that_ends_before_it_begins_is_refused_and_asked_again(engine):
    interview = Interview(engine, "poca-s75", dt.datetime(2024, 6, 17))
    step, _ = answer_all(interview, ["Fraud Act 2006 s.1"])
    question = step.question
    assert question.path == "convictions[0].committed"
    with pytest.raises(AnswerError) as caught:
        interview.answer(question, "31/10/2023 to 01/03/2023")
    assert "before it begins" in caught.value.message
    assert interview.step().question.path == "convictions[0].committed"
