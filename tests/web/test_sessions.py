"""Signed-in sessions end together: signing out in one browser, a new password or a
deactivation ends every session of that person, and a session cookie copied before signing
out opens nothing and saves nothing. A session unused for too long ends, and what was being
typed when it did is kept and sent on after signing in again."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.submissions.models import Submission
from app.users.models import User
from app.web.sessions import LAST_SEEN
from tests.helpers import PASSWORD, create_user, current_version, start_submission_as

NEW_PASSWORD = "a-new-long-password"


def signed_in(app, email, password=PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    return client


def opens(client, path="/commission/") -> bool:
    return client.get(path).status_code == 200


def commission_of(sid):
    """The commission of a submission (inside an app context)."""
    return db.session.get(Submission, sid).commission


def stored(app, sid) -> dict:
    with app.app_context():
        return dict(db.session.get(Submission, sid).answers or {})


def session_token(app, email) -> str:
    with app.app_context():
        return db.session.scalar(select(User.session_token).where(User.email == email))


def test_signing_out_in_one_browser_ends_the_others(app, dummy_world):
    office, laptop = signed_in(app, "focal.ma@test.org"), signed_in(app, "focal.ma@test.org")
    colleague = signed_in(app, "focal.sn@test.org")
    assert opens(office) and opens(laptop)
    office.post("/logout")
    assert not opens(office) and not opens(laptop)
    assert laptop.get("/commission/").headers["Location"].startswith("/login")
    assert opens(colleague)  # someone else's session is theirs
    assert opens(signed_in(app, "focal.ma@test.org"))


def test_a_cookie_copied_before_signing_out_opens_nothing_and_saves_nothing(
    app, client, auth, dummy_world
):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    copied = client.get_cookie("session").value
    version = current_version(app, sid)
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get(f"/submissions/{sid}").status_code == 302
    assert thief.get("/commission/").status_code == 302
    save = thief.post(
        f"/submissions/{sid}/answers",
        data={"loaded_version": str(version), "intent": "save", "achievements": "Not mine"},
    )
    assert save.status_code == 401 and "Your session has ended" in save.get_data(as_text=True)
    autosave = thief.post(
        f"/submissions/{sid}/autosave",
        data={"loaded_version": str(version), "achievements": "Not mine"},
    )
    assert autosave.status_code == 401 and autosave.get_json()["session_ended"] is True
    assert "achievements" not in stored(app, sid)
    assert current_version(app, sid) == version


def test_a_new_password_ends_every_other_session(app, client, dummy_world):
    from tests.web.test_accounts import last_link

    elsewhere = signed_in(app, "reviewer@test.org")
    assert opens(elsewhere, "/review/")
    client.post("/password/forgot", data={"email": "reviewer@test.org"})
    link = last_link(app, "reviewer@test.org", "password_reset")
    chosen = client.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert chosen.status_code == 302
    assert opens(client, "/review/")  # the browser that chose it is signed in
    assert not opens(elsewhere, "/review/")


def test_deactivating_ends_every_session_and_reactivating_brings_none_back(
    app, client, auth, dummy_world
):
    one, two = signed_in(app, "reviewer.sn@test.org"), signed_in(app, "reviewer.sn@test.org")
    before = session_token(app, "reviewer.sn@test.org")
    auth.login("secretariat@test.org")
    with app.app_context():
        person = db.session.scalar(select(User.id).where(User.email == "reviewer.sn@test.org"))
    client.post(f"/secretariat/people/{person}/deactivate")
    client.post(f"/secretariat/people/{person}/reactivate")
    assert session_token(app, "reviewer.sn@test.org") != before
    assert not opens(one, "/review/") and not opens(two, "/review/")
    assert opens(signed_in(app, "reviewer.sn@test.org"), "/review/")


def test_sessions_name_the_user_by_a_token_not_the_id(app, client, auth, dummy_world):
    auth.login("focal.ma@test.org")
    with client.session_transaction() as session:
        held = session["_user_id"]
    assert held == session_token(app, "focal.ma@test.org") and not held.isdigit()
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # a guessed id opens nothing
    assert not opens(client)


def idle_for(client, seconds):
    with client.session_transaction() as session:
        session[LAST_SEEN] = int(time.time() - seconds)


@pytest.fixture
def draft(app, client, auth, dummy_world):
    return start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])


def hidden_fields(page: str) -> dict:
    """The hidden fields of a page (the session-ended page carries the input in them)."""
    import html
    import re

    return {
        html.unescape(name): html.unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def test_use_keeps_a_session_alive_and_static_files_do_not_count(app, client, draft):
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    idle_for(client, idle - 120)
    with client.session_transaction() as session:
        before = session[LAST_SEEN]
    static = client.get("/static/form.js")
    static.close()
    assert static.status_code == 200
    with client.session_transaction() as session:
        assert session[LAST_SEEN] == before
    assert opens(client, f"/submissions/{draft}")
    with client.session_transaction() as session:
        assert session[LAST_SEEN] >= time.time() - 60  # refreshed by the page
    idle_for(client, idle - 60)
    assert opens(client, f"/submissions/{draft}")


def test_an_idle_session_ends_with_a_message(app, client, draft):
    app.config["SESSION_IDLE_MINUTES"] = 30
    idle_for(client, 31 * 60)
    response = client.get(f"/submissions/{draft}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in page
    assert not opens(client)


def test_an_idle_session_on_a_save_keeps_every_field_and_sends_them_after_signing_in(
    app, client, draft
):
    version = current_version(app, draft)
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    typed = {
        "loaded_version": str(version),
        "intent": "save",
        "section": "all",
        "focal_point_name": "Amina Benali",
        "achievements": "Typed for an hour,\nwith a second line & <signs>",
        "priorities-0-title": "Teacher training",
        "priorities-0-sector": "education",
    }
    ended = client.post(f"/submissions/{draft}/answers", data=typed)
    page = ended.get_data(as_text=True)
    assert ended.status_code == 401 and "Your session has ended" in page
    assert "without activity" in page  # the reader is told why
    kept = hidden_fields(page)
    assert {key: kept.get(key) for key in typed} == typed
    assert "achievements" not in stored(app, draft)
    sent = client.post(
        f"/submissions/{draft}/answers",
        data={**kept, "resume_email": "focal.ma@test.org", "resume_password": PASSWORD},
    )
    assert sent.status_code == 302
    answers = stored(app, draft)
    assert answers["achievements"] == typed["achievements"]
    assert answers["focal_point_name"] == "Amina Benali"
    assert answers["priorities"][0]["title"] == "Teacher training"
    assert opens(client)  # and the session goes on


def test_any_form_sent_after_the_session_ended_comes_back_and_goes_on(
    app, client, auth, dummy_world
):
    """Not only the questionnaire's: a meeting's form sent after the idle time comes back
    with what was typed, and signing in from that page sends it on to the meeting."""
    from tests.web.test_meetings import meeting_form, stored_meeting

    auth.login("secretariat@test.org")
    meeting = stored_meeting(app, dummy_world["sn_meeting"])
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    typed = meeting_form(meeting, place="Saint-Louis", notes="Typed & <kept>")
    ended = client.post(f"/secretariat/meetings/{meeting.id}", data=typed)
    page = ended.get_data(as_text=True)
    assert ended.status_code == 401 and "Your session has ended" in page
    assert f'action="/secretariat/meetings/{meeting.id}"' in page
    kept = hidden_fields(page)
    assert {key: kept.get(key) for key in typed} == typed
    assert stored_meeting(app, meeting.id).place != "Saint-Louis"
    wrong = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={**kept, "resume_email": "secretariat@test.org", "resume_password": "wrong"},
    )
    again = hidden_fields(wrong.get_data(as_text=True))
    assert wrong.status_code == 401 and {key: again.get(key) for key in typed} == typed
    sent = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={**kept, "resume_email": "secretariat@test.org", "resume_password": PASSWORD},
    )
    assert sent.status_code == 302
    saved = stored_meeting(app, meeting.id)
    assert (saved.place, saved.notes) == ("Saint-Louis", "Typed & <kept>")
    assert opens(client, "/secretariat/")  # and the session goes on


def test_signing_in_as_someone_else_does_not_pass_the_pages_role(app, client, auth, dummy_world):
    """The input is sent on only through the checks it missed: where the session is gone
    altogether (so whose input it was is not known), a commission's account gets the
    secretariat's form refused (403), nothing changed."""
    from tests.web.test_meetings import meeting_form, stored_meeting

    auth.login("secretariat@test.org")
    meeting = stored_meeting(app, dummy_world["sn_meeting"])
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    typed = meeting_form(meeting, place="Saint-Louis")
    kept = hidden_fields(client.post(f"/secretariat/meetings/{meeting.id}", data=typed).text)
    client.delete_cookie("session")
    refused = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={**kept, "resume_email": "focal.sn@test.org", "resume_password": PASSWORD},
    )
    assert refused.status_code == 403
    assert stored_meeting(app, meeting.id).place != "Saint-Louis"


def test_someone_else_signing_in_on_the_page_does_not_send_the_input(
    app, client, auth, dummy_world, draft
):
    """A shared computer: the session-ended page holds one person's input; another who
    signs in there is signed in, but nothing typed by the first is sent in their name."""
    from tests.web.test_meetings import meeting_form, stored_meeting

    version = current_version(app, draft)
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    typed = {"loaded_version": str(version), "intent": "save", "section": "all"}
    typed["achievements"] = "Typed by the focal point"
    kept = hidden_fields(client.post(f"/submissions/{draft}/answers", data=typed).text)
    with app.app_context():
        create_user("editor.ma@test.org", "commission", commission=commission_of(draft))
        db.session.commit()
    other = client.post(
        f"/submissions/{draft}/answers",
        data={**kept, "resume_email": "editor.ma@test.org", "resume_password": PASSWORD},
    )
    assert other.status_code == 302 and other.headers["Location"] == "/"
    assert "achievements" not in stored(app, draft)
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "typed in someone else&#39;s session, so it was not sent" in home
    # The same on any other form.
    auth.logout()
    auth.login("secretariat@test.org")
    meeting = stored_meeting(app, dummy_world["sn_meeting"])
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    ended = client.post(
        f"/secretariat/meetings/{meeting.id}", data=meeting_form(meeting, place="X")
    )
    with app.app_context():
        create_user("second.secretariat@test.org", "secretariat")
        db.session.commit()
    other = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={
            **hidden_fields(ended.text),
            "resume_email": "second.secretariat@test.org",
            "resume_password": PASSWORD,
        },
    )
    assert other.status_code == 302 and stored_meeting(app, meeting.id).place != "X"


def test_the_kept_form_goes_on_with_csrf_protection_on(app, auth, dummy_world):
    """With CSRF checks on (as in production): a form forged elsewhere is refused before any
    sign-in; the session-ended page's own form, with its token, goes on."""
    import re

    from tests.web.test_meetings import meeting_form, stored_meeting

    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/login",
        data={"csrf_token": token, "email": "secretariat@test.org", "password": PASSWORD},
    )
    assert signed_in.status_code == 302
    meeting = stored_meeting(app, dummy_world["sn_meeting"])
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    typed = {**meeting_form(meeting, place="Saint-Louis"), "csrf_token": token}
    ended = client.post(f"/secretariat/meetings/{meeting.id}", data=typed)
    assert ended.status_code == 401
    kept = hidden_fields(ended.text)
    forged = {key: value for key, value in kept.items() if key != "csrf_token"}
    refused = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={**forged, "resume_email": "secretariat@test.org", "resume_password": PASSWORD},
    )
    assert refused.status_code == 400 and stored_meeting(app, meeting.id).place != "Saint-Louis"
    sent = client.post(
        f"/secretariat/meetings/{meeting.id}",
        data={**kept, "resume_email": "secretariat@test.org", "resume_password": PASSWORD},
    )
    assert sent.status_code == 302 and stored_meeting(app, meeting.id).place == "Saint-Louis"


def test_signing_out_after_the_session_ended_just_goes_to_sign_in(app, client, draft):
    idle_for(client, app.config["SESSION_IDLE_MINUTES"] * 60 + 1)
    response = client.post("/logout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_idle_time_is_configurable_from_the_environment(tmp_path):
    from app.config import load_settings

    settings = load_settings(tmp_path, {"SHURA_SESSION_IDLE_MINUTES": "45"})
    assert settings["SESSION_IDLE_MINUTES"] == 45
    assert load_settings(tmp_path, {})["SESSION_IDLE_MINUTES"] == 120
