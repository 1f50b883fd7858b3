"""Meetings as the secretariat plans them and as commissions meet them: windows that move
with the meeting, a post-meeting questionnaire that opens when the meeting is held and
starts from the pre-meeting answers, and pages that say when and why."""

import datetime as dt

from app.consultations.models import Meeting
from app.extensions import db
from app.submissions.models import Submission
from tests.helpers import VALID_PRE_MEETING, current_version, start_submission_as

TODAY = dt.datetime.now(dt.UTC).date()


def meeting_form(meeting, **changes):
    data = {
        "commission_id": str(meeting.commission_id),
        "meeting_date": meeting.meeting_date.isoformat(),
        "start_time": "",
        "place": meeting.place or "",
        "online_link": meeting.online_link or "",
        "status": meeting.status,
        "notes": meeting.notes or "",
        "loaded_version": str(meeting.version),
    }
    data.update(changes)
    return data


def stored_meeting(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def test_the_secretariat_plans_moves_and_holds_a_meeting(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    page = client.get("/secretariat/meetings/").get_data(as_text=True)
    assert page.count('data-meeting="') == 2
    ma = stored_meeting(app, dummy_world["ma_meeting"])
    in_a_month = TODAY + dt.timedelta(days=40)
    response = client.post(
        "/secretariat/meetings/new",
        data={
            **meeting_form(ma),
            "meeting_date": in_a_month.isoformat(),
            "start_time": "10:30",
            "place": "Rabat",
            "online_link": "https://meet.example.org/ma",
            "status": "scheduled",
            "notes": "Bring the annual plan.",
            "loaded_version": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    new_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/secretariat/meetings/{new_id}").get_data(as_text=True)
    # 40 days ahead: the pre-meeting questionnaire opens in 10 days.
    opens = TODAY + dt.timedelta(days=10)
    assert 'data-questionnaire="pre_meeting" data-window="not_open"' in page
    assert f"Opens on {opens.strftime('%B')} {opens.day}, {opens.year}" in page
    assert 'data-questionnaire="post_meeting" data-window="not_open"' in page

    # Moved closer: its window moves with it and is open now.
    new = stored_meeting(app, new_id)
    moved = client.post(
        f"/secretariat/meetings/{new_id}",
        data=meeting_form(new, meeting_date=(TODAY + dt.timedelta(days=20)).isoformat()),
    )
    assert moved.status_code == 302
    page = client.get(f"/secretariat/meetings/{new_id}").get_data(as_text=True)
    assert 'data-questionnaire="pre_meeting" data-window="open"' in page

    # A meeting in the future cannot be marked held; the form keeps what was typed.
    new = stored_meeting(app, new_id)
    refused = client.post(
        f"/secretariat/meetings/{new_id}", data=meeting_form(new, status="held", notes="Typed")
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "can be marked held on its day or after it" in text and "Typed" in text
    bad_link = client.post(
        f"/secretariat/meetings/{new_id}", data=meeting_form(new, online_link="meet.example")
    )
    assert bad_link.status_code == 422 and "starting with https://" in bad_link.get_data(
        as_text=True
    )
    # The same commission twice on one day is refused with a message, not an error page.
    twice = client.post(
        f"/secretariat/meetings/{new_id}",
        data=meeting_form(new, meeting_date=ma.meeting_date.isoformat()),
    )
    assert twice.status_code == 422
    assert "already has a meeting of this consultation on that day" in twice.get_data(as_text=True)


def test_two_people_editing_a_meeting_do_not_overwrite_each_other(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    meeting = stored_meeting(app, dummy_world["sn_meeting"])
    first = client.post(
        f"/secretariat/meetings/{meeting.id}", data=meeting_form(meeting, place="Dakar")
    )
    assert first.status_code == 302
    second = client.post(
        f"/secretariat/meetings/{meeting.id}", data=meeting_form(meeting, place="Saint-Louis")
    )
    assert second.status_code == 409
    text = second.get_data(as_text=True)
    assert "Saint-Louis" in text and "Dakar" in text  # their input, and what is saved
    assert stored_meeting(app, meeting.id).place == "Dakar"


def test_meetings_are_the_secretariats_alone(app, client, auth, dummy_world):
    for email in ("focal.ma@test.org", "reviewer@test.org"):
        auth.login(email)
        assert client.get("/secretariat/meetings/").status_code == 403
        meeting_id = dummy_world["ma_meeting"]
        assert client.get(f"/secretariat/meetings/{meeting_id}").status_code == 403
        assert client.post(f"/secretariat/meetings/{meeting_id}", data={}).status_code == 403
        auth.logout()
    auth.login("secretariat@test.org")
    assert client.get("/secretariat/meetings/999999").status_code == 404


def test_outside_its_window_a_questionnaire_cannot_be_started_or_submitted(
    app, client, auth, dummy_world
):
    # A draft started in time...
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    auth.logout()
    # ...then the meeting is moved far back: the window has closed.
    with app.app_context():
        meeting = db.session.get(Meeting, dummy_world["ma_meeting"])
        meeting.meeting_date = TODAY - dt.timedelta(days=60)
        meeting.held_on = meeting.meeting_date
        db.session.commit()
    auth.login("focal.ma@test.org")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'data-window="closed"' in page and "Ask the secretariat" in page
    assert 'value="submit"' not in page  # the button is not offered...
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, sid), "intent": "submit"}
    response = client.post(f"/submissions/{sid}/answers", data=data)
    assert response.status_code in (409, 422)  # ...and a forged press is refused
    with app.app_context():
        assert db.session.get(Submission, sid).state == "draft"
    # A meeting whose window has not opened: the dashboard says when, Start is refused.
    with app.app_context():
        meeting = db.session.get(Meeting, dummy_world["ma_meeting"])
        meeting.meeting_date, meeting.status, meeting.held_on = (
            TODAY + dt.timedelta(days=45),
            "scheduled",
            None,
        )
        db.session.commit()
    page = client.get("/commission/").get_data(as_text=True)
    assert 'data-questionnaire="post_meeting" data-window="not_open"' in page
    assert "Opens once the meeting has been held." in page
    refused = client.post(f"/commission/meetings/{dummy_world['ma_meeting']}/post_meeting/start")
    assert refused.status_code == 302
    page = client.get("/commission/").get_data(as_text=True)
    assert "Opens once the meeting has been held." in page and 'class="flash error"' in page


def test_the_post_meeting_questionnaire_starts_from_the_pre_meeting_answers(
    app, client, auth, dummy_world
):
    meeting_id = dummy_world["ma_meeting"]
    pre = start_submission_as(client, auth, "focal.ma@test.org", meeting_id)
    data = {**VALID_PRE_MEETING, "loaded_version": current_version(app, pre), "intent": "save"}
    assert client.post(f"/submissions/{pre}/answers", data=data).status_code == 302
    response = client.post(f"/commission/meetings/{meeting_id}/post_meeting/start")
    assert response.status_code == 302
    post = int(response.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        answers = db.session.get(Submission, post).answers
    assert answers["focal_point_name"] == VALID_PRE_MEETING["focal_point_name"]
    assert answers["focal_point_email"] == VALID_PRE_MEETING["focal_point_email"]
    page = client.get(f"/submissions/{post}").get_data(as_text=True)
    assert "2 answers were filled in from your earlier questionnaire" in page


def test_the_commission_home_says_what_to_do_next(app, client, auth, dummy_world):
    auth.login("focal.ma@test.org")
    page = client.get("/commission/").get_data(as_text=True)
    steps = page[page.index('id="next-steps"') : page.index('id="meeting-')]
    # Both questionnaires of today's meeting are to be done, the one due first listed first.
    assert steps.index("Pre-meeting questionnaire") < steps.index("Post-meeting questionnaire")
    assert "Overdue since" in steps and "Open; due on" in steps


def test_a_meeting_with_started_questionnaires_stays_with_its_commission(
    app, client, auth, dummy_world
):
    start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    auth.logout()
    auth.login("secretariat@test.org")
    ma = stored_meeting(app, dummy_world["ma_meeting"])
    sn = stored_meeting(app, dummy_world["sn_meeting"])
    response = client.post(
        f"/secretariat/meetings/{ma.id}",
        data=meeting_form(ma, commission_id=str(sn.commission_id)),
    )
    assert response.status_code == 422
    assert "stays with its commission" in response.get_data(as_text=True)
    assert stored_meeting(app, ma.id).commission_id == ma.commission_id
    # A meeting with nothing started yet can still be given to another commission.
    with app.app_context():
        db.session.execute(Submission.__table__.delete().where(Submission.meeting_id == sn.id))
        db.session.commit()
    response = client.post(
        f"/secretariat/meetings/{sn.id}",
        data=meeting_form(
            sn, commission_id=str(ma.commission_id), meeting_date="2030-01-02", status="scheduled"
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
