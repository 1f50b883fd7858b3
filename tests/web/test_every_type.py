"""Every question type over HTTP, on the every-type questionnaire served as the pre-meeting
one: each renders its widget, refuses a wrong answer beside its field with what was typed
kept, stores a right one in its shape, drops what relevance hides, prints, and reaches the
secretariat's workbook once approved."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.extensions import db
from app.submissions.models import Attachment, Submission
from tests.conftest import prepared_app
from tests.exports.test_workbook import export, row_dict
from tests.helpers import copy_post_meeting_without_prefill, current_version, start_submission_as

PROJECT = Path(__file__).resolve().parents[2]
EVERY_TYPE = PROJECT / "tests" / "questionnaires" / "forms" / "every_type.yaml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

#: right answers to every question, as a browser posts them (files aside)
GOOD = {
    "name": "Ada Lovelace",
    "story": "Line one\r\nLine two",
    "mail": "ada@example.org",
    "phone": "+212 5 37 00 00 00",
    "site": "https://example.org/about",
    "staff": "4",
    "budget": "10000.5",
    "founded": "2001-05-02",
    "agree": "yes",
    "colour": "other",
    "colour_other": "Mauve",
    "warm_colour": "red",
    "colours": ["red", "blue"],
    "order": ["blue", "red"],
    "satisfaction": "7",
    "opinion_cost": "1",
    "opinion_time": "3",
    "contact_name": "Bob",
    "projects-0-entry_key": "1",
    "projects-0-project_title": "Schools",
    "visits-0-entry_key": "1",
    "visits-0-visit_place": "Rabat",
    "visits-1-entry_key": "1",
    "visits-1-visit_place": "Fès",
}


@pytest.fixture
def app(database_url, tmp_path):
    """The app with every_type.yaml as its pre-meeting questionnaire (the fixtures client,
    auth and dummy_world use this one)."""
    forms = tmp_path / "forms"
    forms.mkdir()
    text = EVERY_TYPE.read_text(encoding="utf-8")
    assert text.count("\ncode: every_type\n") == 1
    text = text.replace("\ncode: every_type\n", "\ncode: pre_meeting\n")
    (forms / "pre_meeting.yaml").write_text(text, encoding="utf-8")
    copy_post_meeting_without_prefill(forms)
    yield from prepared_app(database_url, tmp_path, FORMS_DIR=str(forms))


@pytest.fixture
def draft(app, client, auth, dummy_world):
    return start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])


def post(client, app, sid, data, intent="save", url="answers"):
    body = {"loaded_version": str(current_version(app, sid)), "intent": intent, **data}
    return client.post(f"/submissions/{sid}/{url}", data=body)


def stored(app, sid) -> dict:
    with app.app_context():
        return dict(db.session.get(Submission, sid).answers)


class Controls(HTMLParser):
    """The form controls of a page, each as a dict of its attributes (and ``tag``); a select
    also has its ``options``, a textarea its ``text``."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self._select: dict | None = None
        self._textarea: dict | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {"tag": tag, **dict(attrs)}
        if tag == "input":
            self.found.append(attributes)
        elif tag == "select":
            self._select = {**attributes, "options": []}
            self.found.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attributes)
        elif tag == "textarea":
            self._textarea = {**attributes, "text": ""}
            self.found.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def named(self, name: str) -> list[dict]:
        return [control for control in self.found if control.get("name") == name]

    def sent(self) -> dict[str, list[str]]:
        """What a browser would post from the page as it stands, by field name."""
        data: dict[str, list[str]] = {}
        for control in self.found:
            name = control.get("name")
            if not name:
                continue
            if control["tag"] == "textarea":
                values = [control["text"].replace("\r\n", "\n").removeprefix("\n")]
            elif control["tag"] == "select":
                values = [o.get("value", "") for o in control["options"] if "selected" in o]
            elif control.get("type") in ("radio", "checkbox"):
                values = [control.get("value", "on")] if "checked" in control else []
            elif control.get("type") in ("submit", "file"):
                values = []
            else:
                values = [control.get("value", "")]
            data.setdefault(name, []).extend(values)
        return data


def error_text(page: str, path: str) -> str:
    """The messages shown in the error box of the field at ``path``."""
    found = re.search(rf'id="{re.escape(path)}-error" data-errors>(.*?)</div>', page, re.S)
    assert found, f"no error box for {path}"
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_page_has_a_widget_for_every_type(app, client, draft):
    page = client.get(f"/submissions/{draft}?section=all").get_data(as_text=True)
    controls = Controls(page)

    def one(name: str) -> dict:
        found = controls.named(name)
        assert len(found) == 1, (name, found)
        return found[0]

    assert one("name")["type"] == "text" and one("name")["value"] == "Unknown"  # its default
    assert one("story")["tag"] == "textarea"
    assert one("mail")["type"] == "email"
    assert one("phone")["type"] == "tel"
    assert one("site")["type"] == "url"
    assert one("staff")["inputmode"] == "numeric"
    assert one("budget")["inputmode"] == "decimal" and one("budget")["value"] == "2.5"
    assert one("founded")["type"] == "date"
    assert [c["value"] for c in controls.named("agree")] == ["yes", "no"]
    assert "checked" in controls.named("agree")[0]  # default: yes
    colour = one("colour")
    assert colour["tag"] == "select"
    assert [o["value"] for o in colour["options"]] == ["", "red", "blue", "green", "other"]
    assert one("colour_other")["type"] == "text"
    # the choice filter offers only the warm colour while agree is yes
    assert [c["value"] for c in controls.named("warm_colour")] == ["red", "blue", "green"]
    warm = page.split('id="q-warm_colour"', 1)[1].split('id="q-colours"', 1)[0]
    assert re.findall(r'data-choice="(\w+)" hidden', warm) == ["blue", "green"]
    boxes = controls.named("colours")
    assert [(c["type"], c["value"], "checked" in c) for c in boxes] == [
        ("checkbox", "red", True),
        ("checkbox", "blue", True),
        ("checkbox", "green", False),
    ]
    ranks = controls.named("order")  # ranks: 2 -> two lists, each of every colour
    assert [r["tag"] for r in ranks] == ["select", "select"]
    assert all([o["value"] for o in r["options"]] == ["", "red", "blue", "green"] for r in ranks)
    points = controls.named("satisfaction")
    assert [(c["type"], c["value"]) for c in points] == [("radio", str(p)) for p in range(11)]
    assert "Not at all" in page and "Completely" in page
    for row, label in (("opinion_cost", "The cost"), ("opinion_time", "The time")):
        assert re.search(rf'<tr id="q-{row}"[^>]*role="radiogroup"', page)
        assert f'id="{row}-label">{label}' in page
        assert [c["value"] for c in controls.named(row)] == ["1", "2", "3"]
    assert "Tell us about your projects." in page and 'id="q-intro"' in page  # the note
    assert re.search(r'id="q-per_head"[^>]*data-calculation=', page) and "<output" in page
    assert re.search(r'<fieldset class="group" id="q-contact"', page)
    assert one("contact_name")["type"] == "text"
    assert one("projects-0-project_title")["type"] == "text"  # min_count 1: one item ready
    report = one("projects-0-project_report")
    assert report["type"] == "file" and report["accept"] == ".pdf,.docx"
    assert 'enctype="multipart/form-data"' in page
    assert 'value="add:projects"' in page
    assert not [c for c in controls.found if c.get("name", "").startswith("visits-")]
    assert 'value="add:visits"' not in page  # repeat_count: the number of staff decides


BAD = {
    "name": "N" * 81,
    "story": "Kept\r\nstory",
    "mail": "ada@",
    "phone": "call me",
    "site": "ftp://example.org",
    "staff": "12abc",
    "budget": "1,5",
    "founded": "2001-02-30",
    "agree": "yes",
    "colour": "other",
    "colour_other": "Mauve",
    "colours": ["red", "blue", "green"],
    "order": ["red", "red"],
    "satisfaction": "11",
    "opinion_cost": "2",
    "opinion_time": "9",
    "projects-0-entry_key": "1",
    "projects-0-project_title": "Schools",
}
REFUSED = {
    "name": "This answer has 81 characters; shorten it to 80 at most.",
    "mail": "Enter an e-mail address like name@example.org.",
    "phone": "Enter a telephone number, like +33 1 23 45 67 89.",
    "site": "Enter a web address starting with https:// or http://.",
    "staff": "Enter a whole number.",
    "budget": "Enter a number.",
    "founded": "Enter a date (year-month-day).",
    "colours": "This answer is not accepted.",
    "order": "Each option can be given one rank only.",
    "satisfaction": "Choose a point between 0 and 10.",
}


def test_wrong_answers_are_refused_beside_their_fields_and_kept_as_typed(app, client, draft):
    response = post(client, app, draft, BAD)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for path, message in REFUSED.items():
        assert message in error_text(page, path), path
        assert f'href="#q-{path}"' in page  # the summary at the top links to it
    controls = Controls(page)
    for name in ("name", "mail", "phone", "site", "staff", "budget", "founded"):
        (field,) = controls.named(name)
        assert field["aria-invalid"] == "true", name
        assert f"{name}-error" in field["aria-describedby"].split(), name
    # a matrix row says what is wrong with it in its own line of the table
    row = re.search(r'<tr id="q-opinion_time"[^>]*>.*?</tr>', page, re.S).group(0)
    assert 'aria-invalid="true"' in row and "Choose one of the options shown." in row
    # everything typed comes back as it was typed, in every kind of field
    sent = controls.sent()
    for name, value in BAD.items():
        if name in ("satisfaction", "opinion_time"):
            continue  # no radio button holds 11 on the scale, nor 9 in the matrix
        typed = value if isinstance(value, list) else [value]
        assert sent[name] == [v.replace("\r\n", "\n") for v in typed], name
    # what was right is saved; what was wrong is not, and the saved answers stay
    answers = stored(app, draft)
    assert answers["story"] == "Kept\nstory" and answers["colour_other"] == "Mauve"
    assert answers["opinion_cost"] == "2" and "opinion_time" not in answers
    assert answers["name"] == "Unknown" and answers["colours"] == ["red", "blue"]
    for code in ("mail", "phone", "site", "staff", "founded", "order", "satisfaction"):
        assert code not in answers, code
    assert answers["budget"] == 2.5  # the default, saved when the draft started


def test_right_answers_are_stored_in_the_shape_of_each_type(app, client, draft):
    response = post(
        client,
        app,
        draft,
        {**GOOD, "projects-0-project_report": (io.BytesIO(PDF), "report 2021.pdf")},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    answers = stored(app, draft)
    report = answers["projects"][0].pop("project_report")
    assert answers == {
        "name": "Ada Lovelace",
        "story": "Line one\nLine two",
        "mail": "ada@example.org",
        "phone": "+212 5 37 00 00 00",
        "site": "https://example.org/about",
        "staff": 4,
        "budget": 10000.5,
        "founded": "2001-05-02",
        "per_head": 2500.125,
        "hidden_total": 5,
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
        "visits": [
            {"visit_place": "Rabat", "visit_number": 1},
            {"visit_place": "Fès", "visit_number": 2},
            {"visit_number": 3},
            {"visit_number": 4},
        ],
    }
    assert "intro" not in answers and "contact" not in answers
    with app.app_context():
        attachment = db.session.get(Attachment, report["id"])
        assert (attachment.submission_id, attachment.question_code) == (draft, "project_report")
        assert attachment.content == PDF
    assert report == {
        "id": attachment.id,
        "name": "report 2021.pdf",
        "size": len(PDF),
        "type": "application/pdf",
        "sha256": attachment.sha256,
    }
    # the page shows the answers back in their widgets, the file as attached
    page = client.get(f"/submissions/{draft}?section=all").get_data(as_text=True)
    sent = Controls(page).sent()
    for name, value in GOOD.items():
        typed = value if isinstance(value, list) else [value]
        assert sent[name] == [v.replace("\r\n", "\n") for v in typed], name
    assert f"/submissions/{draft}/attachments/{report['id']}" in page
    assert len([n for n in sent if n.endswith("-entry_key") and n.startswith("visits-")]) == 4


def test_answers_of_questions_that_stop_being_relevant_are_dropped_on_save(app, client, draft):
    post(client, app, draft, GOOD)
    answers = stored(app, draft)
    assert (answers["opinion_cost"], answers["contact_name"]) == ("1", "Bob")
    # agree = no hides the matrix; an empty name hides the contact group
    response = post(client, app, draft, {**GOOD, "agree": "no", "name": ""})
    assert response.status_code == 302
    answers = stored(app, draft)
    assert answers["agree"] == "no"
    for code in ("opinion_cost", "opinion_time", "contact_name", "name"):
        assert code not in answers, code
    page = client.get(f"/submissions/{draft}?section=all").get_data(as_text=True)
    assert re.search(r'<div class="question matrix" id="q-opinions"[^>]*\shidden', page)
    assert re.search(r'<fieldset class="group" id="q-contact"[^>]*\shidden', page)


def test_submitted_answers_print_approve_and_reach_the_workbook(app, client, auth, draft, tmp_path):
    data = {**GOOD, "projects-0-project_report": (io.BytesIO(PDF), "report.pdf")}
    response = post(client, app, draft, data, intent="submit")
    assert response.status_code == 302, response.get_data(as_text=True)

    printed = html.unescape(client.get(f"/submissions/{draft}/print").get_data(as_text=True))
    answers = printed.split('class="answer" dir="auto">')[1:]
    shown = [answer.split("</p>", 1)[0] for answer in answers]
    assert shown == [
        "Ada Lovelace",
        "Line one\nLine two",
        "ada@example.org",
        "+212 5 37 00 00 00",
        "https://example.org/about",
        "4",
        "10,000.5",
        "May 2, 2001",
        "2500.125",  # the labelled calculation; hidden_total has no label to print
        "Yes",
        "Other — Mauve",
        "Red",
        "Red; Blue",
        "1. Blue; 2. Red",
        "7 / 10",
        "The cost: Disagree; The time: Agree",
        "Bob",
        "Schools",
        "report.pdf",
        "Rabat",
        "Fès",
    ]
    assert "Tell us about your projects." in printed and "<h3>Contact</h3>" in printed
    assert printed.count('<fieldset class="print-entry"><legend>Visit') == 4
    assert "☐" not in printed  # every question answered: no boxes left to tick

    auth.logout()
    auth.login("reviewer@test.org")
    for action in ("start_review", "approve"):
        body = {"action": action, "loaded_version": current_version(app, draft)}
        assert client.post(f"/submissions/{draft}/actions", data=body).status_code == 302
    auth.logout()

    workbook = export(client, auth, tmp_path)
    assert workbook.sheetnames[:7] == [
        "About",
        "Overview",
        "Every type",
        "Every type - Project",
        "Every type - Visit",
        "Post-meeting",
        "Post-meeting - Agreed action",
    ]
    cells = row_dict(workbook["Every type"])
    values = {title: cell.value for title, cell in cells.items()}
    assert values["Submission"] == draft and values["State"] == "Approved"
    expected = {
        "Name": "Ada Lovelace",
        "Story": "Line one\nLine two",
        "E-mail": "ada@example.org",
        "Phone": "+212 5 37 00 00 00",
        "Web site": "https://example.org/about",
        "Staff": 4,
        "Budget": 10000.5,
        "Founded": dt.datetime(2001, 5, 2),
        "Budget per person": 2500.125,
        "hidden_total": 5,
        "Do you agree?": True,
        "Colour": "Other",
        "Colour — Please specify": "Mauve",
        "A warm colour": "Red",
        "Colours": "Red; Blue",
        "Colours: Red": 1,
        "Colours: Blue": 1,
        "Colours: Green": 0,
        "Rank the colours — 1": "Blue",
        "Rank the colours — 2": "Red",
        "Satisfaction": 7,
        "Opinions — The cost": 1,
        "Opinions — The time": 3,
        "Contact name": "Bob",
    }
    assert {title: values.get(title) for title in expected} == expected
    assert cells["Do you agree?"].data_type == "b" and cells["Staff"].data_type == "n"
    assert cells["Web site"].hyperlink is None  # a link typed is text, not a link
    assert "Tell us about your projects." not in values and "Contact" not in values
    project = {
        title: cell.value for title, cell in row_dict(workbook["Every type - Project"]).items()
    }
    assert (project["Item"], project["Title"], project["Report"]) == (1, "Schools", "report.pdf")
    visits = workbook["Every type - Visit"]
    assert [c.value for c in visits[1]][3:] == ["Item", "Place", "visit_number"]
    assert [[c.value for c in row][3:] for row in visits.iter_rows(min_row=3)] == [
        [1, "Rabat", 1],
        [2, "Fès", 2],
        [3, None, 3],
        [4, None, 4],
    ]


def _tokens_blanked(page: str) -> str:
    """The page with its CSRF tokens blanked (they are signed anew on every request)."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", page)


def test_questions_drawn_once_are_the_questions_drawn_afresh(app, client, draft):
    """The questions of a page without input of its own are drawn once for its answers
    (app/web/drawn_questions.py): for every type, answered, with a file, in each language,
    the kept drawing is the page drawn afresh; new answers are drawn anew."""
    from app.web.drawn_questions import DRAWN

    files = {"projects-0-project_report": (io.BytesIO(PDF), "report 2021.pdf")}
    assert post(client, app, draft, {**GOOD, **files}).status_code == 302
    url = f"/submissions/{draft}?section=all"
    assert "Your answers were saved." in client.get(url).get_data(as_text=True)  # said once
    for lang in ("en", "fr", "ar"):
        assert client.post(f"/language/{lang}").status_code == 302
        first = client.get(url).get_data(as_text=True)
        again = client.get(url).get_data(as_text=True)
        app.extensions[DRAWN] = type(app.extensions[DRAWN])(4)  # forget every drawing
        afresh = client.get(url).get_data(as_text=True)
        assert _tokens_blanked(first) == _tokens_blanked(again) == _tokens_blanked(afresh)
        assert "report 2021.pdf" in first and f"/submissions/{draft}/attachments/" in first
    assert "Fès" in first and "الاسم" in first  # the Arabic labels, the answers
    # New answers: drawn anew (the first section's page, as kept before, is not shown).
    first_section = client.get(f"/submissions/{draft}").get_data(as_text=True)
    assert 'value="Ada Lovelace"' in first_section
    assert post(client, app, draft, {**GOOD, "name": "Grace Hopper"}).status_code == 302
    now = client.get(f"/submissions/{draft}").get_data(as_text=True)
    assert 'value="Grace Hopper"' in now and "Ada Lovelace" not in now
    assert len(app.extensions[DRAWN]) >= 2
