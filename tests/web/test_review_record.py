"""The review as the people in it see it, through HTTP: comments on single questions, what
changed since a return, the two-step workflow and its two-person rule, and a history that
keeps every version of the answers."""

import re

import pytest

from app.extensions import db
from app.submissions.models import AnswerVersion, QuestionComment, Submission
from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT
from tests.helpers import (
    VALID_PRE_MEETING,
    create_commission,
    create_consultation,
    create_meeting,
    create_user,
    current_version,
    start_submission_as,
)


def post_answers(client, submission_id, answers, version, intent="save"):
    data = {**answers, "loaded_version": str(version), "intent": intent}
    return client.post(f"/submissions/{submission_id}/answers", data=data)


def act(app, client, sid, action, comment="", **question_comments):
    data = {"action": action, "comment": comment, "loaded_version": current_version(app, sid)}
    data.update({f"question_comment-{path}": text for path, text in question_comments.items()})
    return client.post(f"/submissions/{sid}/actions", data=data)


@pytest.fixture
def two_step_world(app):
    """A consultation whose questionnaires follow the two-step workflow."""
    with app.app_context():
        ke = create_commission("KE")
        consultation = create_consultation("two-step-2021", workflow_code="two_step_review")
        meeting = create_meeting(consultation, ke)
        create_user("focal.ke@test.org", COMMISSION, commission=ke)
        create_user("reviewer.ke@test.org", REVIEWER, reviews=[ke])
        create_user("first@test.org", SECRETARIAT)
        create_user("second@test.org", SECRETARIAT)
        db.session.commit()
        return {"meeting": meeting.id}


def submitted(app, client, auth, meeting_id, email="focal.ke@test.org"):
    sid = start_submission_as(client, auth, email, meeting_id)
    response = post_answers(client, sid, VALID_PRE_MEETING, current_version(app, sid), "submit")
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return sid


def test_comments_on_questions_reach_the_commission_and_stay_in_the_record(
    app, client, auth, two_step_world
):
    sid = submitted(app, client, auth, two_step_world["meeting"])
    auth.login("reviewer.ke@test.org")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    # A box beside each answer, part of the actions form wherever it stands.
    assert 'name="question_comment-achievements" form="actions-form"' in page
    assert act(app, client, sid, "start_review").status_code == 302
    # This workflow's return asks for a comment on at least one question; one on the whole
    # does not do, and what was typed comes back.
    refused = act(app, client, sid, "return", "Please look again.")
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Comment on at least one question" in text
    assert "Please look again." in text
    typed = act(app, client, sid, "return", "", achievements="x" * 5001)
    assert typed.status_code == 422 and "x" * 5001 in typed.get_data(as_text=True)
    done = act(
        app,
        client,
        sid,
        "return",
        "",
        achievements="Say which schools, and how many teachers.",
        **{"priorities-0-title": "Too vague: name the programme."},
    )
    assert done.status_code == 302
    auth.logout()

    auth.login("focal.ke@test.org")
    page = client.get(f"/submissions/{sid}?section=all").get_data(as_text=True)
    # Beside the question it is about, in the form the commission edits.
    box = page.index('id="q-achievements"')
    comment = page.index("Say which schools, and how many teachers.")
    next_question = page.index('id="q-', box + 10)
    assert box < comment < next_question
    assert "Too vague: name the programme." in page
    assert "Mark resolved" not in page  # those examining the answers resolve comments
    fixed = {**VALID_PRE_MEETING, "achievements": "Forty schools, 300 teachers."}
    assert post_answers(client, sid, fixed, current_version(app, sid), "submit").status_code == 302
    auth.logout()

    auth.login("reviewer.ke@test.org")
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    changes = page[page.index('id="changes"') : page.index('id="actions"')]
    assert "<del>Forty schools joined the network.</del>" in changes
    assert "<ins>Forty schools, 300 teachers.</ins>" in changes
    assert "Teacher training" not in changes  # unchanged answers are not listed
    with app.app_context():
        achievements = db.session.scalar(
            db.select(QuestionComment).where(QuestionComment.path == "achievements")
        )
        comment_id = achievements.id
    assert act(app, client, sid, "start_review").status_code == 302
    resolved = client.post(f"/submissions/{sid}/comments/{comment_id}/resolve")
    assert resolved.status_code == 302
    again = client.post(f"/submissions/{sid}/comments/{comment_id}/resolve")
    assert again.status_code == 409
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Say which schools" not in page.split('id="history"')[0]  # no longer open
    history = client.get(f"/submissions/{sid}/history").get_data(as_text=True)
    assert "Say which schools, and how many teachers." in history and "Resolved:" in history

    # Reaching a final state resolves what is still open.
    assert act(app, client, sid, "recommend").status_code == 302
    auth.logout()
    auth.login("first@test.org")
    assert act(app, client, sid, "sign_off").status_code == 302
    with app.app_context():
        comments = db.session.scalars(db.select(QuestionComment)).all()
        assert len(comments) == 2 and all(c.resolved for c in comments)


def test_the_two_person_rule_needs_two_people(app, client, auth, two_step_world):
    sid = submitted(app, client, auth, two_step_world["meeting"])
    auth.login("first@test.org")
    assert act(app, client, sid, "start_review").status_code == 302
    assert act(app, client, sid, "recommend").status_code == 302
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'value="sign_off"' in page
    refused = act(app, client, sid, "sign_off")
    assert refused.status_code == 409
    assert "Another person must take this step" in refused.get_data(as_text=True)
    auth.logout()
    auth.login("second@test.org")
    assert act(app, client, sid, "sign_off").status_code == 302
    with app.app_context():
        submission = db.session.get(Submission, sid)
        assert submission.state == "approved"
        actors = [(h.action, h.actor.email) for h in submission.history if h.action != "edit"]
    assert actors[-2:] == [("recommend", "first@test.org"), ("sign_off", "second@test.org")]


def test_every_save_keeps_a_version_and_any_two_compare(app, client, auth, dummy_world):
    sid = start_submission_as(client, auth, "focal.ma@test.org", dummy_world["ma_meeting"])
    for name in ("Amina", "Amina Benali", "Amina Benali"):  # the last one changes nothing
        post_answers(client, sid, {"focal_point_name": name}, current_version(app, sid))
    with app.app_context():
        versions = db.session.scalars(
            db.select(AnswerVersion).where(AnswerVersion.submission_id == sid)
        ).all()
        assert [(v.number, v.answers.get("focal_point_name")) for v in versions] == [
            (1, None),
            (2, "Amina"),
            (3, "Amina Benali"),
        ]
    page = client.get(f"/submissions/{sid}/history?from=1&to=3").get_data(as_text=True)
    table = page[page.index('id="version-changes"') :]
    assert re.search(r"<del>Amina</del>", page) is None  # 1 -> 3: nothing before
    assert "<ins>Amina Benali</ins>" in table
    page = client.get(f"/submissions/{sid}/history?from=2&to=3").get_data(as_text=True)
    assert "<del>Amina</del>" in page and "<ins>Amina Benali</ins>" in page
    assert page.count('data-action="edit"') == 2
    auth.logout()
    # Someone else's history is not there at all.
    auth.login("focal.sn@test.org")
    assert client.get(f"/submissions/{sid}/history").status_code == 404
    auth.logout()
    auth.login("reviewer.sn@test.org")
    assert client.get(f"/submissions/{sid}/history").status_code == 404


def test_the_record_cannot_be_rewritten(app, client, auth, two_step_world):
    sid = submitted(app, client, auth, two_step_world["meeting"])
    auth.login("reviewer.ke@test.org")
    act(app, client, sid, "start_review")
    act(app, client, sid, "return", "", achievements="More detail.")
    with app.app_context():
        comment = db.session.scalar(db.select(QuestionComment))
        comment.body = "Something else"
        with pytest.raises(RuntimeError, match="never changed"):
            db.session.flush()
        db.session.rollback()
        version = db.session.scalar(db.select(AnswerVersion))
        db.session.delete(version)
        with pytest.raises(RuntimeError, match="never changed or deleted"):
            db.session.flush()
        db.session.rollback()


def test_the_secretariat_sees_each_workflow_drawn(app, client, auth, two_step_world):
    auth.login("first@test.org")
    page = client.get("/secretariat/workflows").get_data(as_text=True)
    assert page.count("<svg") == 2
    two_step = page[page.index('id="workflow-two_step_review"') :]
    assert 'data-state="recommended"' in two_step and 'data-action="sign_off"' in two_step
    assert "someone other than who took the step before (two-person rule)" in two_step
    assert "Test consultation" in two_step  # which consultation follows it
    auth.logout()
    auth.login("reviewer.ke@test.org")
    assert client.get("/secretariat/workflows").status_code == 403
