"""Control characters (NUL and friends) in what is sent: a clear refusal naming the field,
never a server error and never a stored character; tab and line breaks stay ordinary text."""

from __future__ import annotations

import html
import io
import json

import pytest
from sqlalchemy import select

from app.core.text_safety import find_refused, find_refused_in_fields, first_refused_character
from app.extensions import db
from app.users.models import User
from tests.api.helpers import bearer, create_token
from tests.helpers import current_version, start_submission_as
from tests.web.test_questionnaire_page import _with_a_file_question, post, stored

REFUSED = "contains a control character"


@pytest.fixture
def draft(app, client, auth, dummy_world):
    return start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ud800"]
)
def test_the_rule_refuses_controls(character):
    assert first_refused_character(f"ok{character}ok") == character


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "windows\r\n", "é ü ق 中 😀 \u200f"])
def test_the_rule_keeps_ordinary_text(text):
    assert first_refused_character(text) is None


def test_the_field_is_named_in_nested_json_and_form_pairs():
    body = {"version": 1, "answers": {"ok": "x", "items": [{"title": "a\x00"}]}}
    found = find_refused(body)
    assert (found.field, found.code_point) == ("answers.items.0.title", "U+0000")
    assert find_refused({"bad\x01key": "x"}).field == "bad\x01key"
    assert "'badU+0001key'" in str(find_refused({"bad\x01key": "x"}).message())
    assert find_refused_in_fields([("a", "x"), ("email", "a\x7f")]).field == "email"


def test_nul_in_the_sign_in_email_is_a_page_naming_the_field(client, dummy_world):
    response = client.post(
        "/login",
        data="email=a%00&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "The field 'email' contains a control character (U+0000)" in page
    assert "Back button returns to the form" in page  # what was typed is a Back away
    assert "<html" in page and 'lang="en"' in page


def test_nul_in_a_query_string_is_refused(client, auth, dummy_world):
    auth.login("secretariat@test.org")
    response = client.get("/secretariat/meetings/?status=held%00")
    assert response.status_code == 400
    assert "The field 'status' contains a control character (U+0000)" in html.unescape(
        response.get_data(as_text=True)
    )
    assert client.get("/secretariat/meetings/?status=held").status_code == 200


def test_nul_in_another_form_stores_nothing(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    response = client.post(
        "/secretariat/people/invite",
        data={"email": "new@test.org", "name": "New\x00comer", "role": "secretariat"},
    )
    assert response.status_code == 400
    assert "The field 'name' contains" in html.unescape(response.get_data(as_text=True))
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "new@test.org")) is None


def test_nul_in_an_answer_is_a_field_error_and_the_input_stays(app, client, draft):
    typed = {
        "section": "profile",
        "focal_point_name": "Ami\x00na",
        "staff_count": "12",
    }
    response = post(client, draft, current_version(app, draft), typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This answer contains a control character (U+0000)" in page
    assert 'value="Ami\x00na"' in page  # what was typed is back in its box
    answers = stored(app, draft)
    assert answers["staff_count"] == 12  # the rest was saved
    assert "focal_point_name" not in answers
    assert "\\u0000" not in json.dumps(answers) and "\x00" not in json.dumps(answers)


def test_the_background_save_names_the_answer(app, client, draft):
    typed = {"section": "profile", "focal_point_name": "Amina\x1b", "staff_count": "7"}
    response = post(client, draft, current_version(app, draft), typed, url="autosave")
    assert response.status_code == 200
    errors = response.get_json()["errors"]
    assert errors["focal_point_name"]["messages"] == [
        "This answer contains a control character (U+001B) that cannot be stored; remove it "
        "(it may have come with copied text)."
    ]
    answers = stored(app, draft)
    assert answers["staff_count"] == 7 and "focal_point_name" not in answers


def test_tab_and_line_breaks_are_kept(app, client, draft):
    text = "First line\twith a tab\nsecond line"
    response = post(
        client,
        draft,
        current_version(app, draft),
        {"section": "activities", "achievements": text},
    )
    assert response.status_code == 302
    assert stored(app, draft)["achievements"].replace("\r\n", "\n") == text


def test_a_file_name_with_a_control_character_is_a_field_error(
    app, client, auth, dummy_world, tmp_path
):
    from pathlib import Path

    from app.consultations.definitions import sync_definitions

    with app.app_context():
        sync_definitions(_with_a_file_question(tmp_path), Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    response = post(
        client,
        sid,
        current_version(app, sid),
        {
            "section": "activities",
            "achievements": "Kept",
            "report": (io.BytesIO(b"%PDF-1.4\n"), "report\x01.pdf"),
        },
    )
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert "The file's name contains a control character (U+0001)" in page
    answers = stored(app, sid)
    assert answers["achievements"] == "Kept" and "report" not in answers


def test_an_api_body_with_a_control_character_is_a_problem_naming_the_field(
    app, client, auth, draft
):
    token = create_token(app, "focal.ma@test.org")
    version = current_version(app, draft)
    before = stored(app, draft)
    response = client.put(
        f"/api/v1/submissions/{draft}/answers",
        json={"version": version, "answers": {"focal_point_name": "Ami\x00na"}},
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["errors"][0]["field"] == "answers.focal_point_name"
    assert "U+0000" in body["detail"]
    # A lone surrogate, which JSON can spell and no database can hold.
    response = client.put(
        f"/api/v1/submissions/{draft}/answers",
        data=f'{{"version": {version}, "answers": {{"focal_point_name": "\\ud800"}}}}',
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "answers.focal_point_name"
    response = client.get("/api/v1/submissions?state=draft%00", headers=bearer(token))
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "state"
    assert stored(app, draft) == before
    assert current_version(app, draft) == version


def test_a_field_name_sent_back_in_a_refusal_is_escaped(client, dummy_world):
    response = client.post(
        "/login",
        data="%3Cb%3Ex%3C%2Fb%3E=a%00&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_the_service_refuses_it_whoever_calls_it(app, draft):
    """Below the web: the rule is the validation's, so a job, the CLI or the API refuse too,
    and in a repeat's item the path names the item."""
    from app.core.errors import ValidationFailed
    from app.submissions.models import Submission
    from app.submissions.services import save_answers

    with app.app_context():
        submission = db.session.get(Submission, draft)
        focal = db.session.scalar(select(User).where(User.email == "focal.ma@test.org"))
        answers = {"priorities": [{"title": "Fine"}, {"title": "Bad\x0c"}]}
        with pytest.raises(ValidationFailed) as refused:
            save_answers(focal, submission, answers, submission.version)
        assert list(refused.value.errors) == ["priorities-1-title"]
        assert "U+000C" in str(refused.value.errors["priorities-1-title"][0])
        db.session.rollback()


def test_the_questionnaire_pages_own_fields_refuse_without_a_server_error(app, client, draft):
    version = current_version(app, draft)
    for data in (
        {"section": "pro\x00file", "focal_point_name": "A"},
        {"section": "profile", "intent": "submit\x00"},
        {"section": "profile", "loaded_version": f"{version}\x00"},
    ):
        body = {"loaded_version": str(version), "intent": "save", **data}
        response = client.post(f"/submissions/{draft}/answers", data=body)
        assert 300 <= response.status_code < 500, (data, response.status_code)
    assert "\x00" not in json.dumps(stored(app, draft))
