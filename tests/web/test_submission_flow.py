"""The commission and reviewer path through HTTP: save, submit, review, return, approve."""

import re

from app.extensions import db
from app.submissions.models import Submission
from tests.conftest import make_app
from tests.helpers import PASSWORD, VALID_PRE_MEETING, current_version, start_submission_as


def post_answers(client, submission_id, answers, version, intent="save"):
    data = {**answers, "loaded_version": str(version), "intent": intent}
    return client.post(f"/submissions/{submission_id}/answers", data=data)


def stored(app, submission_id) -> Submission:
    with app.app_context():
        submission = db.session.get(Submission, submission_id)
        db.session.expunge(submission)
        return submission


def test_draft_saves_incomplete_answers(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    response = post_answers(client, sid, {"focal_point_name": "Amina"}, current_version(app, sid))
    assert response.status_code == 302
    assert stored(app, sid).answers == {"focal_point_name": "Amina"}
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'value="Amina"' in page


def test_type_errors_come_back_with_everything_typed(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    typed = {
        "focal_point_name": "Amina Benali",
        "staff_count": "twelve",
        "focal_point_email": "not-an-address",
        "achievements": "Line one\nLine two",
        "challenges": ["funding", "other"],
        "challenges_other": "Power cuts",
    }
    response = post_answers(client, sid, typed, current_version(app, sid))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a whole number." in page
    assert "Enter an e-mail address" in page
    assert 'value="twelve"' in page
    assert 'value="Amina Benali"' in page
    assert 'value="not-an-address"' in page
    assert "Line one\nLine two</textarea>" in page
    assert 'value="Power cuts"' in page
    assert page.count("checked") >= 2
    # The valid answers are saved; the two to correct are not.
    assert stored(app, sid).answers == {
        "focal_point_name": "Amina Benali",
        "achievements": "Line one\nLine two",
        "challenges": ["funding", "other"],
        "challenges_other": "Power cuts",
    }
    assert '<a href="#q-staff_count">' in page  # the summary links to each answer to fix


def test_submit_refuses_incomplete_answers_but_keeps_the_draft(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    response = post_answers(
        client, sid, {"focal_point_name": "Amina"}, current_version(app, sid), "submit"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This question is required." in page
    assert "saved, but not submitted" in page
    submission = stored(app, sid)
    assert submission.state == "draft"
    assert submission.answers == {"focal_point_name": "Amina"}


def test_other_choice_needs_its_text(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    answers = {**VALID_PRE_MEETING, "challenges": ["other"]}
    response = post_answers(client, sid, answers, current_version(app, sid), "submit")
    assert response.status_code == 422
    assert "Say what the other answer is." in response.get_data(as_text=True)


def test_whole_review_path(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    response = post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid), "submit")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored(app, sid).state == "submitted"
    # Submitted work is no longer editable by the commission.
    response = post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid))
    assert response.status_code == 409

    auth.logout()
    auth.login("reviewer@test.org")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'value="start_review"' in page and 'value="approve"' not in page
    act = lambda action, comment="": client.post(  # noqa: E731
        f"/submissions/{sid}/actions",
        data={"action": action, "comment": comment, "loaded_version": current_version(app, sid)},
    )
    assert act("start_review").status_code == 302
    response = act("return")
    assert response.status_code == 422
    assert "A comment is required" in response.get_data(as_text=True)
    assert stored(app, sid).state == "in_review"
    assert act("return", "Please detail the budget.").status_code == 302
    assert stored(app, sid).state == "returned"

    auth.logout()
    auth.login("focal.ma@test.org")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Please detail the budget." in page
    assert 'name="intent" value="submit"' in page
    fixed = {**VALID_PRE_MEETING, "achievements": "Budget: 20,000"}
    assert post_answers(client, sid, fixed, current_version(app, sid), "submit").status_code == 302

    auth.logout()
    auth.login("reviewer@test.org")
    # The reviewer sees what changed since they returned it, question by question.
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "What changed since it was sent back" in page
    assert "<ins>Budget: 20,000</ins>" in page
    assert act("start_review").status_code == 302
    assert act("approve").status_code == 302
    submission = stored(app, sid)
    assert submission.state == "approved"
    with app.app_context():
        history = db.session.get(Submission, sid).history
        steps = [
            (h.action, h.from_state, h.to_state, h.comment, h.answers_version) for h in history
        ]
        actors = [h.actor.email for h in history]
    assert steps == [
        ("create", None, "draft", None, 1),
        ("edit", "draft", "draft", None, 2),
        ("submit", "draft", "submitted", None, 2),
        ("start_review", "submitted", "in_review", None, 2),
        ("return", "in_review", "returned", "Please detail the budget.", 2),
        ("edit", "returned", "returned", None, 3),
        ("submit", "returned", "submitted", None, 3),
        ("start_review", "submitted", "in_review", None, 3),
        ("approve", "in_review", "approved", None, 3),
    ]
    assert actors[1] == "focal.ma@test.org" and actors[-1] == "reviewer@test.org"
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Please detail the budget." in page and "Approved" in page


def test_forbidden_and_stale_actions_answer_409_and_change_nothing(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    version = current_version(app, sid)
    # A commission cannot approve its own draft.
    response = client.post(
        f"/submissions/{sid}/actions", data={"action": "approve", "loaded_version": version}
    )
    assert response.status_code == 409
    assert post_answers(client, sid, VALID_PRE_MEETING, version, "submit").status_code == 302
    auth.logout()
    auth.login("reviewer@test.org")
    stale = current_version(app, sid)
    ok = client.post(
        f"/submissions/{sid}/actions", data={"action": "start_review", "loaded_version": stale}
    )
    assert ok.status_code == 302
    # The same click again, from the page loaded before: stale.
    again = client.post(
        f"/submissions/{sid}/actions", data={"action": "start_review", "loaded_version": stale}
    )
    assert again.status_code == 409
    # The reviewer's own first click won: the page says so, not "someone else".
    text = again.get_data(as_text=True)
    assert "You already did this since this page was loaded" in text
    assert "now “In review”" in text
    # An action that does not exist from this state.
    response = client.post(
        f"/submissions/{sid}/actions",
        data={"action": "submit", "loaded_version": current_version(app, sid)},
    )
    assert response.status_code == 409
    with app.app_context():
        actions = [h.action for h in db.session.get(Submission, sid).history]
        assert actions == ["create", "edit", "submit", "start_review"]
    assert stored(app, sid).state == "in_review"


def test_concurrent_edit_keeps_the_second_persons_input(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    loaded_version = current_version(app, sid)
    first = post_answers(client, sid, {"focal_point_name": "First"}, loaded_version)
    assert first.status_code == 302
    second = post_answers(client, sid, {"focal_point_name": "Second"}, loaded_version)
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert 'value="Second"' in page  # their input is on the page
    assert "The saved version" in page and "First" in page
    assert stored(app, sid).answers == {"focal_point_name": "First"}
    # Both saves were this user's (two tabs): the message says so.
    assert "You changed this submission yourself" in page


def test_a_colleagues_change_is_named_and_mine_is_kept(app, client, auth, dummy_world):
    from app.users.models import Commission
    from app.users.roles import COMMISSION
    from tests.helpers import create_user

    with app.app_context():
        ma = db.session.scalar(db.select(Commission).where(Commission.iso2 == "MA"))
        create_user("colleague.ma@test.org", COMMISSION, commission=ma).name = "Karim Alaoui"
        db.session.commit()
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    loaded = current_version(app, sid)
    auth.logout()
    other = app.test_client()
    other.post("/login", data={"email": "colleague.ma@test.org", "password": PASSWORD})
    assert post_answers(other, sid, {"focal_point_name": "Karim"}, loaded).status_code == 302
    auth.login("focal.ma@test.org")
    mine = post_answers(client, sid, {"focal_point_name": "Amina"}, loaded)
    assert mine.status_code == 409
    page = mine.get_data(as_text=True)
    assert "Karim Alaoui changed this submission since you opened this page" in page
    assert 'value="Amina"' in page
    # The background save says the same in JSON, for the page to show.
    autosave = client.post(
        f"/submissions/{sid}/autosave",
        data={"focal_point_name": "Amina", "loaded_version": str(loaded)},
    )
    assert autosave.status_code == 409
    assert "Karim Alaoui changed" in autosave.get_json()["message"]


def test_start_is_idempotent(app, client, auth, dummy_world):
    first = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    second = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    assert first == second


def test_a_save_with_a_typo_still_detects_a_colleagues_change(app, client, auth, dummy_world):
    """A typo between someone else's save and yours must not hide their change."""
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    loaded = current_version(app, sid)
    assert (
        post_answers(client, sid, {"achievements": "Colleague's text"}, loaded).status_code == 302
    )
    refused = post_answers(client, sid, {"staff_count": "12a"}, loaded)
    assert refused.status_code == 409  # a typo or not, the colleague's change comes first
    page = refused.get_data(as_text=True)
    assert 'value="12a"' in page and "Colleague&#39;s text" in page
    assert stored(app, sid).answers == {"achievements": "Colleague's text"}


def test_after_a_conflict_the_next_action_goes_through(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid), "submit")
    auth.logout()
    auth.login("reviewer@test.org")
    stale = current_version(app, sid)
    client.post(
        f"/submissions/{sid}/actions", data={"action": "start_review", "loaded_version": stale}
    )
    conflict = client.post(
        f"/submissions/{sid}/actions", data={"action": "start_review", "loaded_version": stale}
    )
    assert conflict.status_code == 409
    fresh = current_version(app, sid)
    assert f'name="loaded_version" type="hidden" value="{fresh}"' in conflict.get_data(as_text=True)
    approved = client.post(
        f"/submissions/{sid}/actions", data={"action": "approve", "loaded_version": fresh}
    )
    assert approved.status_code == 302 and stored(app, sid).state == "approved"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def test_signed_out_while_filling_gets_the_answers_back(database_url, tmp_path, dummy_world):
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def sign_in():
        token = csrf_token(client.get("/login").get_data(as_text=True))
        data = {"email": "focal.ma@test.org", "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 302

    sign_in()
    dashboard = client.get("/commission/").get_data(as_text=True)
    start = client.post(
        f"/commission/meetings/{dummy_world['ma_meeting']}/pre_meeting/start",
        data={"csrf_token": csrf_token(dashboard)},
    )
    sid = int(start.headers["Location"].rsplit("/", 1)[1])
    version = current_version(app, sid)
    client.delete_cookie("session")  # the session ends (signed out elsewhere, cookie expired)
    typed = {
        "achievements": "Long text typed for an hour",
        "loaded_version": version,
        "csrf_token": "from-the-old-session",
        "intent": "save",
    }
    response = client.post(f"/submissions/{sid}/answers", data=typed)
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Your session has ended" in page
    assert 'name="achievements" value="Long text typed for an hour"' in page
    sign_in()  # in another tab
    resend = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    response = client.post(f"/submissions/{sid}/answers", data=resend)
    assert response.status_code == 302  # one press is enough
    assert stored(app, sid).answers == {"achievements": "Long text typed for an hour"}


def test_a_reviewer_signed_out_keeps_the_comment(client, auth, app, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid), "submit")
    auth.logout()
    response = client.post(
        f"/submissions/{sid}/actions",
        data={"action": "return", "comment": "Detail the budget", "loaded_version": "3"},
    )
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert 'name="comment" value="Detail the budget"' in page
    assert f'action="/submissions/{sid}/actions"' in page


def test_an_action_without_a_version_is_refused(client, auth, app, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid), "submit")
    auth.logout()
    auth.login("reviewer@test.org")
    response = client.post(f"/submissions/{sid}/actions", data={"action": "start_review"})
    assert response.status_code == 409
    assert stored(app, sid).state == "submitted"


def test_oversized_and_odd_inputs_are_refused_cleanly(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    odd = {
        "activities_count": "9" * 400,
        "satisfaction_cooperation": "²",
        "meeting_date": "0221-03-08",
    }
    response = post_answers(client, sid, odd, current_version(app, sid))
    assert response.status_code == 422
    assert "at most 15 digits" in response.get_data(as_text=True)
    assert stored(app, sid).answers == {}  # "²" is no point of the scale: nothing stored


def test_two_clicks_on_start_at_once_make_one_submission(postgres_app, dummy_world):
    # SQLite, the single-user embedded default, serialises writers; the race is PostgreSQL's.
    app = postgres_app
    import threading

    from sqlalchemy import func, select

    from app.submissions.services import start_submission
    from app.users.models import User

    barrier, ids = threading.Barrier(2), []

    def click():
        with app.app_context():
            focal = db.session.scalar(select(User).where(User.email == "focal.ma@test.org"))
            barrier.wait(timeout=10)
            ids.append(start_submission(focal, dummy_world["ma_meeting"], "pre_meeting").id)
            db.session.commit()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(ids) == 2 and ids[0] == ids[1]
    with app.app_context():
        assert db.session.scalar(select(func.count(Submission.id))) == 1
