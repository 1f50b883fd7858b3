"""Each question type held to its behaviour through the registry, on a questionnaire with every
type (tests/questionnaires/forms/every_type.yaml): what it accepts and refuses, what it reads
from a posted form and stores, how it reads on a page, on paper, in the workbook and in the
secretariat's summary, and the demo's sample answers."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import Form

from app.demo.answers import Demo, generate_answers
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.logic import clean_answers, initial_answers
from app.questionnaires.types import ITEM_TYPES
from app.questionnaires.types.file import Upload
from app.questionnaires.validation import validate_answers
from app.questionnaires.wtforms_builder import answers_from_form, build_form_class, form_data

PROJECT = Path(__file__).resolve().parents[2]
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
#: a stored file answer, as the save service describes an attachment
REPORT = {"id": 7, "name": "report.pdf", "size": 1200, "type": "application/pdf", "sha256": "ab"}
PDF = b"%PDF-1.4\n%%EOF\n"


def cleaned(answers: dict) -> dict:
    return clean_answers(DEFINITION, answers, today=TODAY)


def errors_of(answers: dict, complete: bool = True) -> dict[str, list[str]]:
    found = validate_answers(DEFINITION, cleaned(answers), complete=complete, today=TODAY)
    return {path: [str(m) for m in messages] for path, messages in found.items()}


def node(code: str):
    return DEFINITION.node_by_code[code]


def answering_nodes():
    """The nodes that store answers of their own (not notes, groups or repeats)."""
    return [n for n in DEFINITION.nodes if n.kind.answers and not n.kind.holds_items]


def level_of(code: str, answers: dict) -> dict:
    """The answers a question sees: the submission's, or its repeat's first item."""
    repeats = node(code).repeats
    return answers[repeats[0]][0] if repeats else answers


def with_report(answers: dict) -> dict:
    projects = [{**answers["projects"][0], "project_report": REPORT}, *answers["projects"][1:]]
    return {**answers, "projects": projects}


def posted(pairs) -> tuple[dict, dict, object]:
    """(answers, parse errors, form) read from what a browser posts, as the save view does."""
    form = build_form_class(DEFINITION, "en")(formdata=MultiDict(pairs))
    form.validate()
    answers, errors = answers_from_form(DEFINITION, form)
    return answers, {path: [str(m) for m in messages] for path, messages in errors.items()}, form


def test_the_fixture_has_every_type_of_the_registry():
    assert {n.item.type for n in DEFINITION.nodes} == set(ITEM_TYPES)


def test_every_type_is_drawn_by_a_macro_of_the_widgets():
    widgets = (PROJECT / "app" / "web" / "templates" / "questions" / "_widgets.html").read_text(
        encoding="utf-8"
    )
    macros = set(re.findall(r"{% macro (\w+)\(", widgets))
    drawn = {n.item.code: n.kind.macro_for(n.item) for n in DEFINITION.nodes}
    assert set(drawn.values()) <= macros
    assert drawn["colour"] == "choice_dropdown" and drawn["warm_colour"] == "choice_radios"


def test_good_answers_of_every_type_are_accepted_and_stored_in_their_shape():
    answers = cleaned(GOOD)
    assert errors_of(GOOD) == {}
    assert answers["agree"] == "yes"  # a yes_no stores the codes yes and no
    assert answers["colours"] == ["red", "blue"] and answers["order"] == ["blue", "red"]
    assert answers["colour_other"] == "Mauve"  # "other, specify" beside its choice
    assert (answers["opinion_cost"], answers["opinion_time"]) == ("1", "3")  # a matrix: flat
    assert "opinions" not in answers
    assert answers["projects"] == [{"project_title": "Schools"}]  # a repeat: list of objects
    assert answers["per_head"] == 2500.125 and answers["hidden_total"] == 5  # calculated
    assert [v.get("visit_number") for v in answers["visits"]] == [1, 2, 3, 4]  # position(..)
    assert "intro" not in answers and "contact" not in answers  # a note, a group: no answer
    assert errors_of(with_report(GOOD)) == {}  # a file: the description of its attachment


@pytest.mark.parametrize(
    ("code", "answer"),
    [
        ("name", "N" * 80),  # max_length: 80
        ("story", "Line one\nLine two"),
        ("mail", "a.b+c@mail.example.org"),
        ("phone", "0537000000"),
        ("phone", "+33 (0)1 23-45.67"),
        ("site", "https://example.org"),
        ("site", "http://example.org/a?b=c#d"),
        ("site", "HTTPS://EXAMPLE.ORG"),
        ("staff", 0),
        ("staff", 500),
        ("budget", 0.5),
        ("budget", 7),  # a whole number is a decimal too
        ("founded", "1900-03-01"),
        ("agree", "no"),
        ("colour", "red"),
        ("colours", ["green"]),
        ("order", ["green"]),  # fewer ranks than asked: the question is not required
        ("satisfaction", 0),
        ("satisfaction", 10),
        ("opinion_time", "2"),
    ],
)
def test_each_type_accepts_what_a_person_may_answer(code, answer):
    assert code not in errors_of({**GOOD, code: answer})


@pytest.mark.parametrize(
    ("code", "answer", "message"),
    [
        ("name", 12, "Enter text."),
        (
            "name",
            "N" * 81,
            "This answer has 81 characters; shorten it to 80 at most. Nothing of it was saved "
            "yet: it is all still in the box.",
        ),
        ("mail", "ada@", "Enter an e-mail address like name@example.org."),
        ("mail", "ada@example", "Enter an e-mail address like name@example.org."),
        ("mail", "a da@example.org", "Enter an e-mail address like name@example.org."),
        ("site", "ftp://example.org", "Enter a web address starting with https:// or http://."),
        ("site", "javascript:alert(1)", "Enter a web address starting with https:// or http://."),
        ("site", "https://", "Enter a web address starting with https:// or http://."),
        ("site", "https://exa mple.org", "Enter a web address starting with https:// or http://."),
        ("phone", "call me", "Enter a telephone number, like +33 1 23 45 67 89."),
        ("phone", "1234", "Enter a telephone number, like +33 1 23 45 67 89."),
        ("phone", "+33 1 23 45 67 89 ext 2", "Enter a telephone number, like +33 1 23 45 67 89."),
        ("staff", 3, "An even number."),  # the constraint's own message
        ("staff", 502, "Enter a number of at most 500."),
        ("staff", -2, "Enter a number of at least 0."),
        ("staff", 4.5, "Enter a whole number."),
        ("staff", "4", "Enter a whole number."),
        ("staff", True, "Enter a whole number."),
        ("budget", 0.1, "Enter a number of at least 0.5."),
        ("budget", "7", "Enter a number."),
        ("budget", 10**16, "Enter a number of at most 15 digits."),
        ("founded", "2001-13-02", "Enter a date (year-month-day)."),
        ("founded", "2001-02-30", "Enter a date (year-month-day)."),
        ("founded", "02/05/2001", "Enter a date (year-month-day)."),
        ("founded", "1899-12-31", "Enter a date after 1 March 1900."),
        ("agree", "true", "Choose one of the options shown."),
        ("colour", "purple", "Choose one of the options shown."),
        ("colours", ["red", "blue", "green"], "This answer is not accepted."),
        ("colours", "red", "Choose among the options shown."),
        ("colours", ["purple"], "Choose among the options shown."),
        ("order", ["red", "red"], "Each option can be given one rank only."),
        ("order", ["purple"], "Choose among the options shown."),
        ("order", ["blue", "red", "green"], "Keep at most 2 of them."),  # ranks: 2
        ("satisfaction", 11, "Choose a point between 0 and 10."),
        ("satisfaction", -1, "Choose a point between 0 and 10."),
        ("satisfaction", "7", "Choose a point between 0 and 10."),
        ("satisfaction", 7.5, "Choose a point between 0 and 10."),
        ("satisfaction", True, "Choose a point between 0 and 10."),
        ("opinion_cost", "4", "Choose one of the options shown."),  # a row, by its own code
    ],
)
def test_each_type_refuses_what_it_cannot_take(code, answer, message):
    assert errors_of({**GOOD, code: answer}).get(code) == [message]


@pytest.mark.parametrize(
    ("field", "sent", "stored"),
    [
        ("name", ["  Ada \r\n"], "Ada"),
        ("story", ["Line one\r\nLine two\r\n"], "Line one\nLine two"),  # as browsers send it
        ("mail", ["ada@example.org"], "ada@example.org"),
        ("phone", ["+212 5 37"], "+212 5 37"),
        ("site", ["https://example.org"], "https://example.org"),
        ("staff", ["12"], 12),
        ("budget", ["10000.5"], 10000.5),
        ("budget", ["3.0"], 3),
        ("founded", ["2001-05-02"], "2001-05-02"),
        ("agree", ["no"], "no"),
        ("warm_colour", ["red"], "red"),
        ("colours", ["blue", "red", "blue"], ["blue", "red"]),  # once each, in order
        ("order", ["green", "", "red"], ["green", "red"]),  # a rank left blank moves up
        ("satisfaction", ["0"], 0),
        ("satisfaction", ["10"], 10),
        ("satisfaction", ["11"], "11"),  # not a point: kept to be refused (see below)
        ("opinion_cost", ["2"], "2"),
        ("contact_name", ["Bob"], "Bob"),  # in a group: at the top of the answers
        ("name", [""], None),  # blank: no answer at all
        ("colours", [], None),
        ("satisfaction", [""], None),
    ],
)
def test_each_type_reads_what_the_browser_posts(field, sent, stored):
    answers, errors, _form = posted([(field, value) for value in sent])
    assert errors == {}
    assert answers.get(field) == stored


def test_an_unreadable_number_or_date_is_kept_as_typed_with_its_error():
    answers, errors, form = posted(
        [("staff", "12abc"), ("budget", "1,5"), ("founded", "02/05/2001"), ("name", "Ada")]
    )
    assert errors == {
        "staff": ["Enter a whole number."],
        "budget": ["Enter a number."],
        "founded": ["Enter a date (year-month-day)."],
    }
    assert {"staff", "budget", "founded"}.isdisjoint(answers) and answers["name"] == "Ada"
    # what the page shows back in the boxes
    assert [form[f]._value() for f in ("staff", "budget", "founded")] == [
        "12abc",
        "1,5",
        "02/05/2001",
    ]
    huge, errors, _form = posted([("budget", "1E+999999999")])
    assert errors == {} and errors_of(huge, complete=False) == {
        "budget": ["Enter a number of at most 15 digits."]
    }
    assert errors_of(posted([("satisfaction", "11")])[0], complete=False) == {
        "satisfaction": ["Choose a point between 0 and 10."]
    }


@pytest.mark.parametrize(("low", "high"), [(0, 10), (1, 5), (10, 20)])
def test_a_rating_reads_every_point_of_its_scale_and_nothing_else(low, high):
    kind, question = node("satisfaction").kind, changed("satisfaction", min=low, max=high)
    assert kind.problems(question, DEFINITION, ()) == []
    form_class = type("RatingForm", (Form,), kind.form_fields(question, DEFINITION, "en"))
    for point in range(low - 1, high + 2):
        form = form_class(formdata=MultiDict([("satisfaction", str(point))]))
        answers, errors = kind.read_form(question, form)
        message = kind.check_value(answers["satisfaction"], question, DEFINITION)
        if low <= point <= high:
            assert (answers, errors, message) == ({"satisfaction": point}, {}, None)
        else:
            assert str(message) == f"Choose a point between {low} and {high}."


def test_a_matrix_is_read_flat_and_each_row_checked_on_its_own():
    answers, errors, _form = posted([("opinion_cost", "1"), ("opinion_time", "9")])
    assert errors == {}
    rows = {code: answers[code] for code in ("opinion_cost", "opinion_time")}
    assert rows == {"opinion_cost": "1", "opinion_time": "9"} and "opinions" not in answers
    assert errors_of({**GOOD, **rows}) == {"opinion_time": ["Choose one of the options shown."]}
    assert errors_of({**GOOD, "opinion_time": None}) == {
        "opinion_time": ["Answer every row."]  # required: every row
    }
    assert DEFINITION.describe_path("opinion_time", "fr") == "Avis — Le temps"


def test_other_please_specify_is_stored_beside_its_choice_and_only_with_it():
    answers, errors, _form = posted([("colour", "other"), ("colour_other", "  Mauve \r\n")])
    assert errors == {} and (answers["colour"], answers["colour_other"]) == ("other", "Mauve")
    assert "colour_other" not in cleaned({**GOOD, "colour": "red"})  # dropped with "other"
    assert errors_of({**GOOD, "colour_other": ""}) == {
        "colour_other": ["Say what the other answer is."]
    }
    assert errors_of({**GOOD, "colour_other": ""}, complete=False) == {}  # a draft may wait
    assert errors_of({**GOOD, "colour_other": "x" * 501}) == {
        "colour_other": ["Shorten this answer to 500 characters at most."]
    }
    assert DEFINITION.describe_path("colour_other", "en") == "Colour — Please specify"


def test_the_form_shows_stored_answers_that_read_back_the_same():
    answers = cleaned(GOOD)
    form = build_form_class(DEFINITION, "en")(data=form_data(DEFINITION, answers))
    read, errors = answers_from_form(DEFINITION, form)
    assert errors == {} and cleaned(read) == answers


def test_a_file_is_read_as_an_upload_and_checked_for_kind_size_and_content():
    upload = FileStorage(
        io.BytesIO(PDF), filename="C:\\Users\\ada\\report.pdf", content_type="application/pdf"
    )
    answers, errors, _form = posted(
        [("projects-0-entry_key", "1"), ("projects-0-project_report", upload)]
    )
    assert errors == {}
    assert answers["projects"] == [{"project_report": Upload("report.pdf", PDF, "application/pdf")}]
    kind, question = node("project_report").kind, node("project_report").item
    assert (
        kind.check_value(Upload("REPORT.PDF", PDF, "application/pdf"), question, DEFINITION) is None
    )
    refused = [
        Upload("tool.exe", b"MZ", "application/octet-stream"),
        Upload("big.pdf", PDF + b"0" * 5 * 1024 * 1024, "application/pdf"),
        Upload("empty.docx", b"", "application/octet-stream"),
    ]
    assert [str(kind.check_value(u, question, DEFINITION)) for u in refused] == [
        "Attach a file of one of these kinds: pdf, docx.",
        "This file is larger than 5 MB; attach a smaller one.",
        "This file is empty.",
    ]
    assert kind.check_value(REPORT, question, DEFINITION) is None  # stored: its description
    assert errors_of({**GOOD, "projects": [{"project_title": "S", "project_report": "x.pdf"}]}) == {
        "projects-0-project_report": ["Attach the file again."]
    }
    assert kind.keeps_answer_when_blank  # an empty file input keeps the file attached


def test_required_answers_and_repeat_counts_are_asked_only_when_complete():
    empty = {"visits": []}
    draft = errors_of(empty, complete=False)
    assert draft == {}
    submitted = errors_of({"staff": 12, "projects": [{}]}, complete=True)
    assert submitted["name"] == ["Give a name."]  # required: true, with its own message
    assert "agree" in submitted  # required: ${staff} > 10
    assert "projects-0-project_title" in submitted  # required inside the repeat's first item
    assert errors_of({"staff": 12})["projects"] == ["Give at least 1."]  # min_count
    assert "agree" not in errors_of({"staff": 4, "name": "Ada"}, complete=True)


def test_a_repeat_holds_its_items_between_its_counts():
    five = [{"project_title": f"P{n}"} for n in range(5)]
    assert errors_of({**GOOD, "projects": five}) == {"projects": ["Keep at most 4 of them."]}
    assert errors_of({**GOOD, "projects": five}, complete=False) == {
        "projects": ["Keep at most 4 of them."]
    }
    second = errors_of({**GOOD, "projects": [{"project_title": "P"}, {}]})
    assert second == {"projects-1-project_title": ["This question is required."]}
    assert DEFINITION.describe_path("projects-1-project_title", "en") == "Project 2 — Title"
    # repeat_count: the number of staff fixes the visits, up to max_count
    assert cleaned({**GOOD, "staff": 2})["visits"] == [
        {"visit_place": "Rabat", "visit_number": 1},
        {"visit_place": "Fès", "visit_number": 2},
    ]
    assert len(cleaned({"staff": 40})["visits"]) == 30
    assert "visits" not in cleaned({**GOOD, "staff": 0})  # no items: no answer
    assert cleaned({"projects": "not a list"}).get("projects") is None
    kind = node("projects").kind
    assert kind.holds_items and kind.codes(node("projects").item) == ["projects"]


def test_a_note_and_a_group_store_nothing_of_their_own():
    for code in ("intro", "contact"):
        kind, item = node(code).kind, node(code).item
        assert (
            not kind.answers and kind.codes(item) == [] and kind.form_fields(item, None, "en") == {}
        )
    assert node("contact").kind.holds_items and [i.code for i in node("contact").item.items] == [
        "contact_name"
    ]
    assert (
        node("contact_name").parents == (node("contact").item,) and not node("contact_name").repeats
    )
    answers = cleaned({**GOOD, "intro": "typed into a note", "contact": {"contact_name": "X"}})
    assert "intro" not in answers and "contact" not in answers
    assert answers["contact_name"] == "Bob"
    form = build_form_class(DEFINITION, "en")()
    assert "intro" not in form and "contact" not in form and "contact_name" in form


def test_a_calculation_is_computed_by_the_server_and_stored():
    assert cleaned({"staff": 2, "budget": 10})["per_head"] == 5  # whole: stored as an int
    assert isinstance(cleaned({"staff": 2, "budget": 10})["per_head"], int)
    assert cleaned({"staff": 3, "budget": 10})["per_head"] == pytest.approx(10 / 3)
    assert cleaned({"staff": 0, "budget": 10})["per_head"] == 0  # the if() guards the division
    assert "per_head" not in cleaned({"staff": 4})  # nothing to compute from: no answer
    assert "hidden_total" not in cleaned({})
    assert cleaned({**GOOD, "per_head": 99, "hidden_total": "x"})["per_head"] == 2500.125
    # nothing is posted for it: what a browser would send is ignored
    answers, errors, form = posted([("per_head", "99"), ("staff", "4"), ("budget", "8")])
    assert "per_head" not in form and "per_head" not in answers
    assert cleaned(answers)["per_head"] == 2


def test_relevance_drops_answers_and_defaults_start_new_submissions():
    answers = cleaned({**GOOD, "agree": "no"})
    assert "opinion_cost" not in answers  # the matrix is relevant only when agree = yes
    assert "contact_name" not in cleaned({**GOOD, "name": ""})  # the group's relevant
    assert "colour" not in cleaned({**GOOD, "staff": 13})  # the whole section's relevant
    assert initial_answers(DEFINITION)["colours"] == ["red", "blue"]  # a list, as stored
    assert initial_answers(DEFINITION)["name"] == "Unknown"
    assert initial_answers(DEFINITION)["agree"] == "yes"
    assert initial_answers(DEFINITION)["budget"] == 2.5
    assert initial_answers(DEFINITION)["projects"] == [{}]  # min_count 1


def test_a_choice_filter_accepts_only_the_choices_it_lets_through():
    assert "warm_colour" not in errors_of(GOOD)  # red is warm
    refused = errors_of({**GOOD, "warm_colour": "blue"})["warm_colour"]
    assert refused == ["Choose one of the options shown."]
    assert "warm_colour" not in errors_of({**GOOD, "agree": "no", "warm_colour": "blue"})


def changed(code: str, **keys):
    """The question ``code`` with other keys, as a definition file could give them."""
    item = node(code).item
    return type(item).model_validate({**item.model_dump(exclude_unset=True), **keys})


@pytest.mark.parametrize(
    ("code", "keys", "key", "message"),
    [
        ("satisfaction", {"max": 11}, "max", "a rating needs min < max and at most 11 points"),
        ("order", {"other": True}, "other", "a ranking cannot have an other choice"),
        (
            "order",
            {"default": ["red", "blue", "green"]},
            "default",
            "not a possible answer: Keep at most 2 of them.",
        ),
        ("opinions", {"default": "1"}, "default", "a matrix takes no default"),
        (
            "agree",
            {"choice_filter": "warm = 'yes'"},
            "choice_filter",
            "a yes_no question has its own two choices",
        ),
        ("staff", {"min": 10, "max": 5}, "min", "min is larger than max"),
        (
            "staff",
            {"default": 600},
            "default",
            "not a possible answer: Enter a number of at most 500.",
        ),
        (
            "colours",
            {"default": ["purple"]},
            "default",
            "not a possible answer: Choose among the options shown.",
        ),
        (
            "colour",
            {"choices": "nope"},
            "choices",
            "no choice list named 'nope' (lists: agreement, colours)",
        ),
        ("projects", {"min_count": 5}, "min_count", "min_count is larger than max_count"),
    ],
)
def test_each_type_checks_its_own_keys(code, keys, key, message):
    found = node(code).kind.problems(changed(code, **keys), DEFINITION, node(code).path)
    assert [(path[-1], str(text)) for path, text in found] == [(key, message)]


def test_a_file_question_accepts_only_known_kinds():
    found = node("project_report").kind.problems(
        changed("project_report", accept=["pdf", "exe"]), DEFINITION, ()
    )
    assert [(path, str(text).split(" (")[0]) for path, text in found] == [
        (("accept",), "'exe' is not accepted")
    ]


@pytest.mark.parametrize(
    ("code", "lang", "shown"),
    [
        ("name", "en", "Ada"),
        ("story", "en", "A long story"),
        ("mail", "en", "ada@example.org"),
        ("phone", "en", "+212 5 37 00 00 00"),
        ("site", "en", "https://example.org"),
        ("staff", "en", "4"),
        ("budget", "fr", "10\u202f000,5"),
        ("budget", "en", "10,000.5"),
        ("founded", "fr", "2 mai 2001"),
        ("founded", "en", "May 2, 2001"),
        ("per_head", "en", "2500.125"),
        ("per_head", "fr", "2500,125"),
        ("agree", "ar", "نعم"),
        ("agree", "en", "Yes"),
        ("colour", "fr", "Autre — Mauve"),
        ("warm_colour", "ar", "أحمر"),
        ("colours", "fr", "Rouge; Bleu"),
        ("order", "en", "1. Blue; 2. Red"),
        ("satisfaction", "en", "7 / 10"),
        ("opinions", "en", "The cost: Disagree; The time: Agree"),
        ("opinions", "fr", "Le coût: Pas d'accord; Le temps: D'accord"),
        ("contact_name", "en", "Bob"),
        ("project_title", "en", "Schools"),
        ("project_report", "en", "report.pdf"),
        ("visit_number", "en", "1"),
    ],
)
def test_an_answer_reads_in_the_readers_language(code, lang, shown):
    item = node(code)
    answers = level_of(code, cleaned(with_report(GOOD)))
    assert item.kind.display(item.item, answers, DEFINITION, lang).replace(
        "\xa0", "\u202f"
    ) == shown.replace("\xa0", "\u202f")


@pytest.mark.parametrize("code", [n.item.code for n in answering_nodes()])
def test_no_answer_reads_as_nothing_and_fills_blank_cells(code):
    item = node(code)
    headers = item.kind.export_headers(item.item, DEFINITION, "en")
    assert item.kind.display(item.item, {}, DEFINITION, "en") == ""
    assert item.kind.export_cells(item.item, {}, DEFINITION, "en") == [None] * len(headers)


@pytest.mark.parametrize(
    ("code", "headers", "cells"),
    [
        ("name", ["Name"], ["Ada"]),
        ("story", ["Story"], ["A long story"]),
        ("mail", ["E-mail"], ["ada@example.org"]),
        ("phone", ["Phone"], ["+212 5 37 00 00 00"]),
        ("site", ["Web site"], ["https://example.org"]),
        ("staff", ["Staff"], [4]),
        ("budget", ["Budget"], [10000.5]),
        ("founded", ["Founded"], [dt.date(2001, 5, 2)]),
        ("per_head", ["Budget per person"], [2500.125]),
        ("hidden_total", ["hidden_total"], [5]),  # no label: the code names the column
        ("agree", ["Do you agree?"], [True]),
        ("colour", ["Colour", "Colour — Please specify"], ["Other", "Mauve"]),
        ("warm_colour", ["A warm colour"], ["Red"]),
        # one 0/1 column per choice, for pivot tables
        (
            "colours",
            ["Colours", "Colours: Red", "Colours: Blue", "Colours: Green"],
            ["Red; Blue", 1, 1, 0],
        ),
        ("order", ["Rank the colours — 1", "Rank the colours — 2"], ["Blue", "Red"]),
        ("satisfaction", ["Satisfaction"], [7]),
        # a numeric scale's codes are numbers a workbook can average
        ("opinions", ["Opinions — The cost", "Opinions — The time"], [1, 3]),
        ("contact_name", ["Contact name"], ["Bob"]),
        ("project_title", ["Title"], ["Schools"]),
        ("project_report", ["Report"], ["report.pdf"]),
        ("visit_place", ["Place"], ["Rabat"]),
        ("visit_number", ["visit_number"], [1]),
    ],
)
def test_export_columns_per_type(code, headers, cells):
    item = node(code)
    answers = level_of(code, cleaned(with_report(GOOD)))
    assert item.kind.export_headers(item.item, DEFINITION, "en") == headers
    assert item.kind.export_cells(item.item, answers, DEFINITION, "en") == cells


def test_every_answering_item_has_a_column_in_the_workbook():
    exported = {n.item.code for n in answering_nodes()}
    assert exported == set(DEFINITION.node_by_code) - {"intro", "contact", "projects", "visits"}
    assert node("colours").kind.export_headers(node("colours").item, DEFINITION, "fr") == [
        "Couleurs",
        "Couleurs: Rouge",
        "Couleurs: Bleu",
        "Couleurs: Vert",
    ]
    # when "no" is the answer, a yes_no cell says False, not nothing
    assert node("agree").kind.export_cells(
        node("agree").item, {"agree": "no"}, DEFINITION, "en"
    ) == [False]


def test_summaries_count_what_the_secretariat_reads():
    sets = [
        cleaned(GOOD),
        cleaned({**GOOD, "satisfaction": 3, "colours": ["red"], "colour": "blue", "staff": 2}),
        {},
    ]

    def summary(code, answer_sets=sets):
        item = node(code)
        rows = item.kind.summary(item.item, answer_sets, DEFINITION, "en")
        assert all(isinstance(counted, bool) for _label, _value, counted in rows)
        return {str(label): value for label, value, _counted in rows}

    assert summary("colours") == {"Red": 2, "Blue": 1, "Green": 0}
    assert summary("colour") == {"Red": 0, "Blue": 1, "Green": 0, "Other": 1}
    rating = summary("satisfaction")
    assert list(rating) == [str(p) for p in range(11)] + ["Mean"]  # every point, 0 to 10
    assert (rating["3"], rating["7"], rating["0"], rating["Mean"]) == (1, 1, 0, 5.0)
    assert summary("agree") == {"Yes": 2, "No": 0}
    assert summary("budget")["Answered"] == 2 and summary("budget")["Mean"] == 10000.5
    assert summary("staff") == {"Answered": 2, "Lowest": 2, "Mean": 3.0, "Highest": 4}
    assert summary("staff", [{}]) == {"Answered": 0}
    assert summary("order") == {
        "Ranked first: Red": 0,
        "Ranked first: Blue": 2,
        "Ranked first: Green": 0,
    }
    assert summary("opinions") == {
        "The cost: Disagree": 2,
        "The cost: Neutral": 0,
        "The cost: Agree": 0,
        "The time: Disagree": 0,
        "The time: Neutral": 0,
        "The time: Agree": 2,
    }
    for code in ("name", "story", "mail", "phone", "site", "founded", "per_head", "contact_name"):
        assert summary(code) == {"Answered": 2}, code
    # inside a repeat, a question is summed up over the items
    items = [{"project_title": "A", "project_report": REPORT}, {"project_title": "B"}, {}]
    assert summary("project_title", items) == {"Answered": 2}
    assert summary("project_report", items) == {"Answered": 1}


@pytest.mark.parametrize(
    ("code", "options", "rows"),
    [
        ("name", None, ["Name"]),  # lines to write
        ("founded", None, ["Founded"]),
        ("agree", ["Yes", "No"], ["Do you agree?"]),
        ("colour", ["Red", "Blue", "Green", "Other"], ["Colour"]),
        ("colours", ["Red", "Blue", "Green"], ["Colours"]),
        ("order", ["Red", "Blue", "Green"], ["Rank the colours"]),
        (
            "satisfaction",
            ["0 — Not at all", *[str(p) for p in range(1, 10)], "10 — Completely"],
            ["Satisfaction"],
        ),
        ("opinions", ["Disagree", "Neutral", "Agree"], ["The cost", "The time"]),
        ("project_report", None, ["Report"]),
    ],
)
def test_a_paper_form_lists_what_to_tick(code, options, rows):
    item = node(code)
    assert item.kind.printed_options(item.item, DEFINITION, "en") == options
    assert item.kind.printed_rows(item.item, "en") == rows


#: the types that answer without a sample: computed, or a file nobody can make up
NO_SAMPLE = {"calculate", "file"}
#: the types that answer through the items they hold, or not at all
NO_ANSWER_OF_THEIR_OWN = {"note", "group", "repeat"}


def test_only_notes_groups_and_repeats_have_no_answer_of_their_own():
    assert {
        name for name, kind in ITEM_TYPES.items() if not kind.answers or kind.holds_items
    } == NO_ANSWER_OF_THEIR_OWN


@pytest.mark.parametrize("type_name", sorted(set(ITEM_TYPES) - NO_ANSWER_OF_THEIR_OWN))
def test_every_type_proposes_a_sample_answer_where_it_answers(type_name):
    commission = SimpleNamespace(iso2="MA", name_en="Morocco", region="arab")
    meeting = SimpleNamespace(date=dt.date(2026, 3, 8), meeting_date=dt.date(2026, 3, 8))
    nodes = [n for n in DEFINITION.nodes if n.item.type == type_name]
    assert nodes
    for seed in range(6):
        demo = Demo(random.Random(seed), "fr", commission, meeting)
        for item_node in nodes:
            kind, item = item_node.kind, item_node.item
            samples = kind.sample_answers(item, DEFINITION, demo)
            if type_name in NO_SAMPLE:
                assert samples == {}
                continue
            assert samples and set(samples) <= set(kind.codes(item)), (item.code, samples)
            for code, value in samples.items():
                assert value not in (None, "", []), (code, samples)
                if code != f"{item.code}_other":  # the other text is free
                    # of the type's shape, in its range, among its choices (a constraint or
                    # a choice filter may still refuse it: the demo leaves those out)
                    assert kind.check_value(value, item, DEFINITION) is None, (code, value)


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


@pytest.mark.parametrize("number", ["-----", "(( ))", "+ . / -"])
def test_a_telephone_number_needs_digits(number):
    assert errors_of({**GOOD, "phone": number}).get("phone") == [
        "Enter a telephone number, like +33 1 23 45 67 89."
    ]
