"""Answer rules on stored answers: types, ranges, choices, required, slots, "other"."""

from pathlib import Path

import pytest

from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.validation import validate_answers

FORMS = Path(__file__).resolve().parents[2] / "forms"
PRE = load_questionnaire_file(FORMS / "pre_meeting.yaml")
POST = load_questionnaire_file(FORMS / "post_meeting.yaml")

COMPLETE_PRE = {
    "focal_point_name": "Amina",
    "focal_point_position": "Secretary-General",
    "focal_point_email": "amina@natcom.example.org",
    "priorities_1_title": "Teacher training",
    "priorities_1_sector": "education",
    "achievements": "Forty schools joined.",
    "women_programmes": True,
    "satisfaction_cooperation": 5,
}


def test_complete_answers_pass():
    assert validate_answers(PRE, COMPLETE_PRE, complete=True) == {}


def test_a_draft_may_be_empty_but_a_submission_may_not():
    assert validate_answers(PRE, {}, complete=False) == {}
    missing = validate_answers(PRE, {}, complete=True)
    assert set(missing) == {
        "focal_point_name",
        "focal_point_position",
        "focal_point_email",
        "priorities_1_title",
        "priorities_1_sector",
        "achievements",
        "women_programmes",
        "satisfaction_cooperation",
    }


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("staff_count", -1, "at least 0"),
        ("staff_count", "12", "whole number"),
        ("staff_count", True, "whole number"),
        ("focal_point_email", "amina", "e-mail address"),
        ("focal_point_phone", "call me", "telephone number"),
        ("satisfaction_cooperation", 6, "between 1 and 5"),
        ("priorities_1_sector", "sport", "one of the options"),
        ("challenges", ["funding", "weather"], "among the options"),
        ("women_programmes", "yes", "yes or no"),
        ("priorities_1_title", "x" * 201, "200 characters"),
    ],
)
def test_wrong_values_are_named(code, value, message):
    errors = validate_answers(PRE, {**COMPLETE_PRE, code: value}, complete=False)
    assert list(errors) == [code] and message in errors[code][0]


def test_a_used_slot_needs_its_required_items():
    answers = {**COMPLETE_PRE, "proposals_2_type": "training"}
    errors = validate_answers(PRE, answers, complete=True)
    assert set(errors) == {"proposals_2_proposal", "proposals_2_sector"}


def test_other_needs_its_text():
    answers = {**COMPLETE_PRE, "challenges": ["funding", "other"]}
    assert set(validate_answers(PRE, answers, complete=True)) == {"challenges_other"}
    answers["challenges_other"] = "Power cuts"
    assert validate_answers(PRE, answers, complete=True) == {}


def test_post_meeting_dates():
    answers = {
        "meeting_date": "2021-03-08",
        "participants": "Both teams",
        "topics": "Budget",
        "actions_1_action": "Train teachers",
        "actions_1_responsible": "Commission",
        "actions_1_deadline": "2021-31-12",
        "satisfaction_meeting": 4,
        "satisfaction_cooperation": 4,
        "follow_up_meeting": False,
    }
    assert validate_answers(POST, answers, complete=True) == {
        "actions_1_deadline": ["Enter a date (year-month-day)."]
    }


def test_dates_before_1900_are_refused():
    errors = validate_answers(POST, {"actions_1_deadline": "0221-03-08"}, complete=False)
    assert errors == {"actions_1_deadline": ["Enter a date after 1 March 1900."]}
