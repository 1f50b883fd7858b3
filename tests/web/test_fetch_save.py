"""The Save button as the page's script sends it (``Accept: application/json``): every
outcome is answered in JSON, so the page can stay as it is and say what happened; without
that header the same button still gets the pages it always got."""

import re

import pytest

from app.extensions import db
from app.submissions.models import Submission
from tests.conftest import make_app
from tests.helpers import PASSWORD, current_version, start_submission_as

JSON = {"Accept": "application/json"}


def stored(app, sid) -> dict:
    with app.app_context():
        return dict(db.session.get(Submission, sid).answers)


def save(client, sid, version, data, headers=JSON, intent="save"):
    body = {"loaded_version": str(version), "intent": intent, "section": "profile", **data}
    return client.post(f"/submissions/{sid}/answers", data=body, headers=headers)


@pytest.fixture
def draft(app, client, auth, dummy_world):
    return start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])


def test_a_save_answers_with_the_new_version_and_its_time(app, client, draft):
    version = current_version(app, draft)
    response = save(client, draft, version, {"focal_point_name": "Amina"})
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["saved"] is True and answer["version"] == version + 1
    assert answer["message"].startswith("Saved at ") and answer["saved_at"]
    assert answer["errors"] == {}
    assert stored(app, draft)["focal_point_name"] == "Amina"
    # The version it gave is the one the next save from the page is based on.
    again = save(client, draft, answer["version"], {"focal_point_name": "Amina K."})
    assert again.status_code == 200 and again.get_json()["version"] == version + 2


def test_answers_to_correct_come_back_by_field_and_the_rest_is_saved(app, client, draft):
    version = current_version(app, draft)
    data = {"focal_point_name": "Amina", "staff_count": "twelve"}
    response = save(client, draft, version, data)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["version"] == version + 1  # the other answers were saved
    assert answer["errors"]["staff_count"] == {
        "label": "Number of staff of the commission",
        "messages": ["Enter a whole number."],
    }
    assert answer["message"] == "Saved, except 1 answer to correct."
    assert stored(app, draft)["focal_point_name"] == "Amina"
    assert "staff_count" not in stored(app, draft)


def test_a_conflict_saves_nothing_and_gives_the_version_that_won(app, client, draft):
    version = current_version(app, draft)
    assert save(client, draft, version, {"focal_point_name": "First tab"}).status_code == 200
    stale = save(client, draft, version, {"focal_point_name": "Second tab"})
    assert stale.status_code == 409
    answer = stale.get_json()
    assert answer["conflict"] is True and "nothing was saved" in answer["message"]
    assert answer["version"] == version + 1
    assert stored(app, draft)["focal_point_name"] == "First tab"
    # Saving again on that version replaces the answers, as the message says.
    again = save(client, draft, answer["version"], {"focal_point_name": "Second tab"})
    assert again.status_code == 200
    assert stored(app, draft)["focal_point_name"] == "Second tab"


def test_an_ended_session_is_said_in_json_and_in_the_readers_language(app, client, draft):
    client.post("/logout")
    client.set_cookie("shura_lang", "fr")
    response = save(client, draft, 1, {"focal_point_name": "x"})
    assert response.status_code == 401
    answer = response.get_json()
    assert answer["session_ended"] is True
    assert answer["message"].startswith("Votre session a expiré")


def test_another_commission_s_draft_is_not_found(app, client, auth, dummy_world, draft):
    auth.logout()
    auth.login("focal.sn@test.org")
    response = save(client, draft, 1, {"focal_point_name": "x"})
    assert response.status_code == 404
    assert "focal_point_name" not in stored(app, draft)


def test_the_buttons_that_leave_the_page_and_a_browser_without_script_get_pages(app, client, draft):
    version = current_version(app, draft)
    plain = save(client, draft, version, {"focal_point_name": "Amina"}, headers={})
    assert plain.status_code == 302  # a full post, as without JavaScript
    going = save(
        client, draft, version + 1, {"focal_point_name": "Amina"}, intent="goto:activities"
    )
    assert going.status_code == 302 and going.headers["Location"].endswith("#main")
    refused = save(client, draft, version + 1, {"staff_count": "twelve"}, headers={})
    assert refused.status_code == 422 and "text/html" in refused.content_type


def test_an_expired_token_gives_a_fresh_one_and_the_next_press_saves(
    database_url, tmp_path, dummy_world
):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def token(page: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    login = {"email": "focal.ma@test.org", "password": PASSWORD}
    login["csrf_token"] = token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data=login).status_code == 302
    dashboard = client.get("/commission/").get_data(as_text=True)
    start = client.post(
        f"/commission/meetings/{dummy_world['ma_meeting']}/pre_meeting/start",
        data={"csrf_token": token(dashboard)},
    )
    sid = int(start.headers["Location"].rsplit("/", 1)[1])
    version = current_version(app, sid)
    expired = save(client, sid, version, {"focal_point_name": "Amina", "csrf_token": "old"})
    assert expired.status_code == 400
    answer = expired.get_json()
    assert "open too long" in answer["message"]
    assert "focal_point_name" not in stored(app, sid)
    fresh = {"focal_point_name": "Amina", "csrf_token": answer["csrf_token"]}
    assert save(client, sid, version, fresh).status_code == 200
    assert stored(app, sid)["focal_point_name"] == "Amina"


def test_the_token_and_version_the_page_writes_are_what_a_save_needs(
    database_url, tmp_path, dummy_world
):
    """The page writes its form's hidden token and version itself (not through WTForms'
    widgets): written as WTForms would, and enough for a save to pass."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = re.compile(r'<input id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)">')
    login = {"email": "focal.ma@test.org", "password": PASSWORD}
    login["csrf_token"] = token.search(client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data=login).status_code == 302
    dashboard = client.get("/commission/").get_data(as_text=True)
    start = client.post(
        f"/commission/meetings/{dummy_world['ma_meeting']}/pre_meeting/start",
        data={"csrf_token": token.search(dashboard).group(1)},
    )
    sid = int(start.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    form = page[page.index('class="questionnaire"') :]
    version = re.search(
        r'<input id="loaded_version" name="loaded_version" type="hidden" value="(\d+)">', form
    ).group(1)
    assert int(version) == current_version(app, sid)
    posted = {"csrf_token": token.search(form).group(1), "focal_point_name": "Amina"}
    assert save(client, sid, version, posted).status_code == 200
    assert stored(app, sid)["focal_point_name"] == "Amina"


def test_saves_of_the_form_not_followed_by_a_page_say_saved_once(app, client, draft):
    """A form posted again and again without its redirect followed (a script, a browser
    sending twice) leaves one "saved" message waiting, not one per save in the cookie."""
    html = {"Accept": "text/html"}
    for n in range(5):
        version = current_version(app, draft)
        answer = save(client, draft, version, {"focal_point_name": f"Amina {n}"}, headers=html)
        assert answer.status_code == 302
    with client.session_transaction() as session:
        assert session["_flashes"] == [("success", "Your answers were saved.")]
    page = client.get(f"/submissions/{draft}").get_data(as_text=True)
    assert page.count("Your answers were saved.") == 1
    assert (
        save(client, draft, version + 1, {"focal_point_name": "A"}, headers=html).status_code == 302
    )
    assert "Your answers were saved." in client.get(f"/submissions/{draft}").get_data(as_text=True)
    assert stored(app, draft)["focal_point_name"] == "A"
