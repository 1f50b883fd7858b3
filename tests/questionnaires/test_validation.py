"""Answer rules on stored answers: types, ranges, choices, required, repeats, "other", and
the questionnaire's logic (relevance, constraints, calculations, choice filters, counts)."""

import textwrap
from pathlib import Path

import pytest

from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.logic import clean_answers, initial_answers
from app.questionnaires.validation import validate_answers
from tests.helpers import STORED_PRE_MEETING

FORMS = Path(__file__).resolve().parents[2] / "forms"
PRE = load_questionnaire_file(FORMS / "pre_meeting.yaml")
POST = load_questionnaire_file(FORMS / "post_meeting.yaml")

COMPLETE_PRE = STORED_PRE_MEETING


def messages(errors: dict) -> dict:
    return {path: [str(m) for m in found] for path, found in errors.items()}


def test_complete_answers_pass():
    assert validate_answers(PRE, COMPLETE_PRE, complete=True) == {}


def test_a_draft_may_be_empty_but_a_submission_may_not():
    assert validate_answers(PRE, {}, complete=False) == {}
    missing = validate_answers(PRE, {}, complete=True)
    assert set(missing) == {
        "focal_point_name",
        "focal_point_position",
        "focal_point_email",
        "priorities",
        "achievements",
        "women_programmes",
        "satisfaction_cooperation",
    }
    assert messages(missing)["priorities"] == ["Give at least 1."]


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("staff_count", -1, "at least 0"),
        ("staff_count", "12", "whole number"),
        ("staff_count", True, "whole number"),
        ("focal_point_email", "amina", "e-mail address"),
        ("focal_point_phone", "call me", "telephone number"),
        ("satisfaction_cooperation", 6, "between 1 and 5"),
        ("challenges", ["funding", "weather"], "among the options"),
        ("women_programmes", True, "one of the options"),
        ("achievements", "x" * 10001, "shorten it to 10,000 at most"),
    ],
)
def test_wrong_values_are_named(code, value, message):
    errors = messages(validate_answers(PRE, {**COMPLETE_PRE, code: value}, complete=False))
    assert list(errors) == [code] and message in errors[code][0]


def test_repeat_items_are_checked_one_by_one():
    answers = {
        **COMPLETE_PRE,
        "priorities": [
            {"title": "x" * 201, "sector": "education"},
            {"title": "Science fairs", "sector": "sport"},
        ],
    }
    errors = messages(validate_answers(PRE, answers, complete=False))
    assert set(errors) == {"priorities-0-title", "priorities-1-sector"}
    assert "200 at most" in errors["priorities-0-title"][0]
    assert errors["priorities-1-sector"] == ["Choose one of the options shown."]


def test_an_item_of_a_repeat_needs_its_required_answers():
    answers = {**COMPLETE_PRE, "proposals": [{"proposal_type": "training"}]}
    errors = validate_answers(PRE, answers, complete=True)
    assert set(errors) == {"proposals-0-proposal", "proposals-0-proposal_sector"}


def test_a_repeat_keeps_within_its_counts():
    six = [{"title": f"Priority {n}", "sector": "science"} for n in range(6)]
    errors = messages(validate_answers(PRE, {**COMPLETE_PRE, "priorities": six}, complete=False))
    assert errors == {"priorities": ["Keep at most 5 of them."]}


def test_other_needs_its_text():
    answers = {**COMPLETE_PRE, "challenges": ["funding", "other"]}
    assert set(validate_answers(PRE, answers, complete=True)) == {"challenges_other"}
    answers["challenges_other"] = "Power cuts"
    assert validate_answers(PRE, answers, complete=True) == {}


def test_answers_to_questions_not_relevant_are_dropped():
    answers = {
        **COMPLETE_PRE,
        "women_programmes": "no",
        "women_rights": ["educational"],
        "challenges": ["funding"],
        "challenges_other": "left from before",
        "unknown_code": "x",
        "priorities": [{"title": "A", "sector": "science", "stray": 1}],
    }
    cleaned = clean_answers(PRE, answers)
    assert "women_rights" not in cleaned and "challenges_other" not in cleaned
    assert "unknown_code" not in cleaned
    assert cleaned["priorities"] == [{"title": "A", "sector": "science"}]
    answers["women_programmes"] = "yes"
    assert clean_answers(PRE, answers)["women_rights"] == ["educational"]


def test_a_new_submission_starts_with_its_minimum_items():
    assert initial_answers(PRE) == {"priorities": [{}]}
    assert initial_answers(POST) == {"actions": [{}]}


def test_post_meeting_dates():
    answers = {
        "meeting_date": "2021-03-08",
        "participants": "Both teams",
        "topics": "Budget",
        "actions": [
            {"action": "Train teachers", "responsible": "Commission", "deadline": "2021-31-12"}
        ],
        "satisfaction_meeting": 4,
        "satisfaction_cooperation": 4,
        "follow_up_meeting": "no",
    }
    assert messages(validate_answers(POST, answers, complete=True)) == {
        "actions-0-deadline": ["Enter a date (year-month-day)."]
    }


def test_dates_before_1900_are_refused():
    answers = {"actions": [{"deadline": "0221-03-08"}]}
    errors = messages(validate_answers(POST, answers, complete=False))
    assert errors == {"actions-0-deadline": ["Enter a date after 1 March 1900."]}


LOGIC = """
code: logic
title: {en: Logic}
choice_lists:
  regions:
    - {value: africa, label: {en: Africa}}
    - {value: arab, label: {en: Arab region}}
  countries:
    - {value: sn, label: {en: Senegal}, properties: {region: africa}}
    - {value: ma, label: {en: Morocco}, properties: {region: arab}}
    - {value: tn, label: {en: Tunisia}, properties: {region: arab}}
sections:
  - code: s
    title: {en: S}
    items:
      - {code: age, type: integer, label: {en: Age}, constraint: ". >= 18 and . < 120",
         constraint_message: {en: "Between 18 and 119.", fr: "Entre 18 et 119."}}
      - {code: email, type: email, label: {en: E-mail},
         required: "${age} > 60"}
      - {code: region, type: select_one, choices: regions, label: {en: Region}}
      - {code: country, type: select_one, choices: countries, label: {en: Country},
         choice_filter: "region = ${region}"}
      - {code: projects, type: integer, label: {en: How many projects}}
      - code: project
        type: repeat
        label: {en: Project}
        repeat_count: "${projects}"
        items:
          - {code: budget, type: decimal, label: {en: Budget}}
          - {code: number, type: calculate, calculation: "position(..)"}
      - {code: total, type: calculate, calculation: "sum(${budget})", label: {en: Total}}
      - {code: items, type: calculate, calculation: "count(${project})"}
  - code: later
    title: {en: Later}
    relevant: "${age} >= 65"
    items:
      - {code: pension, type: yes_no, label: {en: "Retired?"}, required: true}
"""


@pytest.fixture(scope="module")
def logic(tmp_path_factory):
    path = tmp_path_factory.mktemp("logic") / "logic.yaml"
    path.write_text(textwrap.dedent(LOGIC), encoding="utf-8")
    return load_questionnaire_file(path)


def test_constraints_use_their_message(logic):
    errors = validate_answers(logic, {"age": 12}, complete=False)
    assert [str(m) for m in errors["age"]] == ["Between 18 and 119."]
    assert validate_answers(logic, {"age": 30}, complete=False) == {}


def test_required_can_depend_on_answers(logic):
    assert "email" not in validate_answers(logic, {"age": 30}, complete=True)
    assert "email" in validate_answers(logic, {"age": 70}, complete=True)


def test_a_section_that_is_not_relevant_asks_nothing(logic):
    assert "pension" not in validate_answers(logic, {"age": 30}, complete=True)
    assert "pension" in validate_answers(logic, {"age": 70}, complete=True)
    assert "pension" not in clean_answers(logic, {"age": 30, "pension": "yes"})


def test_choice_filters_limit_the_answers(logic):
    ok = {"age": 30, "region": "arab", "country": "ma"}
    assert validate_answers(logic, ok, complete=False) == {}
    wrong = validate_answers(logic, {**ok, "country": "sn"}, complete=False)
    assert [str(m) for m in wrong["country"]] == ["Choose one of the options shown."]


def test_repeat_count_and_calculations(logic):
    answers = {"age": 30, "projects": 3, "project": [{"budget": 10}, {"budget": 2.5}]}
    cleaned = clean_answers(logic, answers)
    assert cleaned["project"] == [
        {"budget": 10, "number": 1},
        {"budget": 2.5, "number": 2},
        {"number": 3},
    ]
    assert cleaned["total"] == 12.5 and cleaned["items"] == 3
    fewer = clean_answers(logic, {**cleaned, "projects": 1})
    assert fewer["project"] == [{"budget": 10, "number": 1}] and fewer["total"] == 10
