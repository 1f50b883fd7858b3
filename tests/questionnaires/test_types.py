"""Each question type held to its behaviour through the registry, on a questionnaire with every
type (tests/questionnaires/forms/every_type.yaml): what it accepts and refuses, what it
stores, how it reads on a page, in the workbook and in the secretariat's summary, and the
demo's sample answers."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.demo.answers import Demo, generate_answers
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.logic import clean_answers, initial_answers
from app.questionnaires.types import ITEM_TYPES
from app.questionnaires.validation import validate_answers

TODAY = dt.date(2026, 12, 2)
DEFINITION = load_questionnaire_file(Path(__file__).resolve().parent / "forms" / "every_type.yaml")
GOOD = {
    "name": "Ada",
    "story": "A long story",
    "mail": "ada@example.org",
    "phone": "+212 5 37 00 00 00",
    "site": "https://example.org",
    "staff": 4,
    "budget": 10000.5,
    "founded": "2001-05-02",
    "agree": "yes",
    "colour": "other",
    "colour_other": "Mauve",
    "warm_colour": "red",
    "colours": ["red", "blue"],
    "order": ["blue", "red"],
    "satisfaction": 7,
    "opinion_cost": "1",
    "opinion_time": "3",
    "contact_name": "Bob",
    "projects": [{"project_title": "Schools"}],
    "visits": [{"visit_place": "Rabat"}, {"visit_place": "Fès"}, {}, {}],
}


def cleaned(answers: dict) -> dict:
    return clean_answers(DEFINITION, answers, today=TODAY)


def errors_of(answers: dict, complete: bool = True) -> dict[str, list[str]]:
    found = validate_answers(DEFINITION, cleaned(answers), complete=complete, today=TODAY)
    return {path: [str(m) for m in messages] for path, messages in found.items()}


def node(code: str):
    return DEFINITION.node_by_code[code]


def test_the_fixture_has_every_type_of_the_registry():
    assert {n.item.type for n in DEFINITION.nodes} == set(ITEM_TYPES)


def test_good_answers_of_every_type_are_accepted_and_stored_in_their_shape():
    answers = cleaned(GOOD)
    assert errors_of(GOOD) == {}
    assert answers["agree"] == "yes"  # a yes_no stores the codes yes and no
    assert answers["colours"] == ["red", "blue"] and answers["order"] == ["blue", "red"]
    assert answers["colour_other"] == "Mauve"  # "other, specify" beside its choice
    assert (answers["opinion_cost"], answers["opinion_time"]) == ("1", "3")  # a matrix: flat
    assert answers["projects"] == [{"project_title": "Schools"}]  # a repeat: list of objects
    assert answers["per_head"] == 2500.125 and answers["hidden_total"] == 5  # calculated
    assert [v.get("visit_number") for v in answers["visits"]] == [1, 2, 3, 4]  # position(..)
    assert "intro" not in answers and "contact" not in answers  # a note, a group: no answer


@pytest.mark.parametrize(
    ("code", "answer", "message"),
    [
        ("mail", "ada@", "Enter an e-mail address like name@example.org."),
        ("site", "ftp://example.org", "Enter a web address starting with https:// or http://."),
        ("phone", "call me", "Enter a telephone number, like +33 1 23 45 67 89."),
        ("staff", 3, "An even number."),  # the constraint's own message
        ("staff", 502, "Enter a number of at most 500."),
        ("budget", 0.1, "Enter a number of at least 0.5."),
        ("founded", "2001-13-02", "Enter a date (year-month-day)."),
        ("satisfaction", 11, "Choose a point between 0 and 10."),
        ("colours", ["red", "blue", "green"], "This answer is not accepted."),
        ("order", ["red", "red"], "Each option can be given one rank only."),
    ],
)
def test_each_type_refuses_what_it_cannot_take(code, answer, message):
    assert errors_of({**GOOD, code: answer}).get(code) == [message]


def test_required_answers_and_repeat_counts_are_asked_only_when_complete():
    empty = {"visits": []}
    draft = errors_of(empty, complete=False)
    assert draft == {}
    submitted = errors_of({"staff": 12, "projects": [{}]}, complete=True)
    assert "name" in submitted  # required: true
    assert "agree" in submitted  # required: ${staff} > 10
    assert "projects-0-project_title" in submitted  # required inside the repeat's first item
    assert errors_of({"staff": 12})["projects"] == ["Give at least 1."]  # min_count
    assert "agree" not in errors_of({"staff": 4, "name": "Ada"}, complete=True)


def test_relevance_drops_answers_and_defaults_start_new_submissions():
    answers = cleaned({**GOOD, "agree": "no"})
    assert "opinion_cost" not in answers  # the matrix is relevant only when agree = yes
    assert "contact_name" not in cleaned({**GOOD, "name": ""})  # the group's relevant
    assert "colour" not in cleaned({**GOOD, "staff": 13})  # the whole section's relevant
    assert initial_answers(DEFINITION)["colours"] == ["red", "blue"]
    assert initial_answers(DEFINITION)["name"] == "Unknown"
    assert initial_answers(DEFINITION)["projects"] == [{}]  # min_count 1


def test_a_choice_filter_accepts_only_the_choices_it_lets_through():
    assert "warm_colour" not in errors_of(GOOD)  # red is warm
    refused = errors_of({**GOOD, "warm_colour": "blue"})["warm_colour"]
    assert refused == ["Choose one of the options shown."]
    assert "warm_colour" not in errors_of({**GOOD, "agree": "no", "warm_colour": "blue"})


@pytest.mark.parametrize(
    ("code", "lang", "shown"),
    [
        ("budget", "fr", "10\u202f000,5"),
        ("budget", "en", "10,000.5"),
        ("founded", "fr", "2 mai 2001"),
        ("agree", "ar", "نعم"),
        ("colour", "fr", "Autre — Mauve"),
        ("colours", "fr", "Rouge; Bleu"),
        ("order", "en", "1. Blue; 2. Red"),
        ("satisfaction", "en", "7 / 10"),
        ("opinions", "en", "The cost: Disagree; The time: Agree"),
    ],
)
def test_an_answer_reads_in_the_readers_language(code, lang, shown):
    item = node(code)
    assert item.kind.display(item.item, cleaned(GOOD), DEFINITION, lang).replace(
        "\xa0", "\u202f"
    ) == shown.replace("\xa0", "\u202f")


def test_export_columns_per_type():
    answers = cleaned(GOOD)

    def columns(code):
        item = node(code)
        return (
            item.kind.export_headers(item.item, DEFINITION, "en"),
            item.kind.export_cells(item.item, answers, DEFINITION, "en"),
        )

    assert columns("agree") == (["Do you agree?"], [True])
    assert columns("founded") == (["Founded"], [dt.date(2001, 5, 2)])
    assert columns("colour") == (["Colour", "Colour — Please specify"], ["Other", "Mauve"])
    headers, cells = columns("colours")
    assert headers == ["Colours", "Colours: Red", "Colours: Blue", "Colours: Green"]
    assert cells == ["Red; Blue", 1, 1, 0]  # one 0/1 column per choice, for pivot tables
    assert columns("order") == (["Rank the colours — 1", "Rank the colours — 2"], ["Blue", "Red"])
    assert columns("opinions")[0] == ["Opinions — The cost", "Opinions — The time"]
    assert columns("satisfaction") == (["Satisfaction"], [7])


def test_summaries_count_what_the_secretariat_reads():
    sets = [cleaned(GOOD), cleaned({**GOOD, "satisfaction": 3, "colours": ["red"]}), {}]

    def summary(code):
        item = node(code)
        rows = item.kind.summary(item.item, sets, DEFINITION, "en")
        return {str(label): value for label, value, _counted in rows}

    assert summary("colours") == {"Red": 2, "Blue": 1, "Green": 0}
    rating = summary("satisfaction")
    assert (rating["3"], rating["7"], rating["Mean"]) == (1, 1, 5.0)
    assert summary("agree") == {"Yes": 2, "No": 0}
    assert summary("budget")["Answered"] == 2 and summary("budget")["Mean"] == 10000.5
    assert summary("order")["Ranked first: Blue"] == 2
    assert summary("opinions")["The cost: Disagree"] == 2


@pytest.mark.parametrize("seed", range(8))
def test_the_demos_sample_answers_are_valid_for_every_type(seed):
    commission = SimpleNamespace(iso2="MA", name_en="Morocco", region="arab")
    meeting = SimpleNamespace(date=dt.date(2026, 3, 8), meeting_date=dt.date(2026, 3, 8))
    for lang in ("en", "fr", "ar"):
        answers = generate_answers(
            DEFINITION, random.Random(seed), lang, commission, meeting, complete=True
        )
        found = validate_answers(DEFINITION, answers, complete=True, today=TODAY)
        assert found == {}, (lang, answers, found)
    # every type that takes a typed or chosen answer proposes a sample of its own
    demo = Demo(random.Random(seed), "fr", commission, meeting)
    for item_node in DEFINITION.nodes:
        kind = item_node.kind
        if (
            kind.answers
            and not kind.holds_items
            and item_node.item.type not in ("file", "calculate")
        ):
            assert kind.sample_answers(item_node.item, DEFINITION, demo), item_node.item.code
