"""Workflow actions through the API: the list the page offers, and taking one with the
page's requirements (comment, valid answers, focal point, window, two-person rule,
version), ending in a whole review round over the API alone."""

from __future__ import annotations

from app.consultations.models import CANCELLED, ConsultationQuestionnaire, Meeting
from app.extensions import db
from app.submissions.models import Submission
from app.users.roles import SECRETARIAT
from tests.api.helpers import bearer, create_token
from tests.api.test_answers_api import add_editor, put_answers, started, stored
from tests.helpers import STORED_PRE_MEETING, create_user


def act(client, token, submission_id, action, version, **body):
    return client.post(
        f"/api/v1/submissions/{submission_id}/actions/{action}",
        json={"version": version, **body},
        headers=bearer(token),
    )


def offered(client, token, submission_id):
    response = client.get(f"/api/v1/submissions/{submission_id}/actions", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def names(listing) -> list[str]:
    return [item["action"] for item in listing["actions"]]


def filled(app, client, dummy_world):
    """A draft of MA with complete, valid answers: (focal point's token, its state)."""
    token, draft = started(app, client, dummy_world["ma_meeting"])
    saved = put_answers(client, token, draft["id"], STORED_PRE_MEETING, draft["version"])
    assert saved.status_code == 200
    return token, saved.get_json()


def test_a_whole_review_round_over_the_api(app, client, dummy_world):
    focal, draft = filled(app, client, dummy_world)
    sid = draft["id"]
    reviewer = create_token(app, "reviewer@test.org")

    listing = offered(client, focal, sid)
    assert names(listing) == ["submit"] and listing["held"] == []
    submit = listing["actions"][0]
    assert submit["label"]["en"] == "Submit" and submit["to"] == "submitted"
    assert submit["comment_required"] is False
    assert [r["code"] for r in submit["requires"]] == ["valid_answers", "focal_point"]
    assert submit["link"] == f"/api/v1/submissions/{sid}/actions/submit"
    assert listing["submission"]["version"] == draft["version"] and listing["window"]

    sent = act(client, focal, sid, "submit", draft["version"])
    assert sent.status_code == 200, sent.get_data(as_text=True)
    assert sent.get_json()["state"] == "submitted" and sent.get_json()["editable"] is False
    assert offered(client, focal, sid)["actions"] == []

    listing = offered(client, reviewer, sid)
    assert names(listing) == ["start_review"]
    reviewing = act(client, reviewer, sid, "start_review", listing["submission"]["version"])
    assert reviewing.get_json()["state"] == "in_review"
    listing = offered(client, reviewer, sid)
    assert names(listing) == ["return", "approve"]
    assert [item["comment_required"] for item in listing["actions"]] == [True, False]

    version = reviewing.get_json()["version"]
    without = act(client, reviewer, sid, "return", version)
    assert without.status_code == 422
    assert [entry["field"] for entry in without.get_json()["errors"]] == ["comment"]
    returned = act(
        client,
        reviewer,
        sid,
        "return",
        version,
        comment="Say more about the schools.",
        question_comments={"achievements": "Which forty schools?"},
    )
    assert returned.status_code == 200 and returned.get_json()["state"] == "returned"

    # The commission reads its state, corrects an answer and sends it again.
    version = returned.get_json()["version"]
    corrected = {**STORED_PRE_MEETING, "achievements": "Forty schools in three regions."}
    saved = put_answers(client, focal, sid, corrected, version)
    assert saved.status_code == 200 and saved.get_json()["state"] == "returned"
    again = act(client, focal, sid, "submit", saved.get_json()["version"])
    assert again.status_code == 200 and again.get_json()["state"] == "submitted"
    reviewing = act(client, reviewer, sid, "start_review", again.get_json()["version"])
    approved = act(client, reviewer, sid, "approve", reviewing.get_json()["version"])
    assert approved.status_code == 200 and approved.get_json()["state"] == "approved"

    submission = stored(app, sid)
    assert submission.state == "approved" and submission.answers == corrected
    with app.app_context():
        history = db.session.get(Submission, sid).history
        moves = [(entry.action, entry.to_state, entry.comment) for entry in history]
        assert ("return", "returned", "Say more about the schools.") in moves
        assert moves[-1] == ("approve", "approved", None)
        comments = [c.body for entry in history for c in entry.question_comments]
        assert comments == ["Which forty schools?"]


def test_submitting_needs_complete_valid_answers(app, client, dummy_world):
    token, draft = started(app, client, dummy_world["ma_meeting"])
    refused = act(client, token, draft["id"], "submit", draft["version"])
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    fields = {entry["field"] for entry in refused.get_json()["errors"]}
    assert "focal_point_name" in fields and "achievements" in fields
    after = stored(app, draft["id"])
    assert after.state == "draft" and after.version == draft["version"]


def test_only_the_focal_point_submits(app, client, dummy_world):
    _focal, draft = filled(app, client, dummy_world)
    editor = add_editor(app)
    listing = offered(client, editor, draft["id"])
    assert listing["actions"] == []
    assert [item["action"] for item in listing["held"]] == ["submit"]
    assert "focal point" in listing["held"][0]["reason"]
    refused = act(client, editor, draft["id"], "submit", draft["version"])
    assert refused.status_code == 422 and "focal point" in refused.get_json()["detail"]
    assert stored(app, draft["id"]).state == "draft"


def test_a_closed_window_keeps_the_draft(app, client, dummy_world):
    token, draft = filled(app, client, dummy_world)
    with app.app_context():
        db.session.get(Meeting, dummy_world["ma_meeting"]).status = CANCELLED
        db.session.commit()
    listing = offered(client, token, draft["id"])
    assert listing["actions"] == [] and listing["window"]
    refused = act(client, token, draft["id"], "submit", draft["version"])
    assert refused.status_code == 409
    assert refused.get_json()["current_version"] == draft["version"]
    assert stored(app, draft["id"]).state == "draft"


def test_a_stale_version_or_a_closed_action_gets_409(app, client, dummy_world):
    focal, draft = filled(app, client, dummy_world)
    sid = draft["id"]
    stale = act(client, focal, sid, "submit", draft["version"] - 1)
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == draft["version"]
    assert stored(app, sid).state == "draft"

    sent = act(client, focal, sid, "submit", draft["version"])
    version = sent.get_json()["version"]
    # A second press of the same button (a retry): told it was done already, by them.
    twice = act(client, focal, sid, "submit", draft["version"])
    assert twice.status_code == 409 and "already" in twice.get_json()["detail"]
    assert twice.get_json()["current_version"] == version

    reviewer = create_token(app, "reviewer@test.org")
    not_now = act(client, reviewer, sid, "approve", version)
    assert not_now.status_code == 409 and not_now.get_json()["state"] == "submitted"
    unknown = act(client, reviewer, sid, "publish", version)
    assert unknown.status_code == 409
    assert stored(app, sid).state == "submitted"


def test_the_two_person_rule(app, client, dummy_world):
    """In a workflow that asks two people, whoever took a step may not take the next."""
    with app.app_context():
        for asked in db.session.query(ConsultationQuestionnaire):
            asked.workflow_code = "two_step_review"
        create_user("secretariat.two@test.org", SECRETARIAT)
        db.session.commit()
    focal, draft = filled(app, client, dummy_world)
    sid = draft["id"]
    first = create_token(app, "secretariat@test.org")
    version = act(client, focal, sid, "submit", draft["version"]).get_json()["version"]
    for step in ("start_review", "recommend"):
        taken = act(client, first, sid, step, version)
        assert taken.status_code == 200, taken.get_json()
        version = taken.get_json()["version"]
    sign_off = next(a for a in offered(client, first, sid)["actions"] if a["action"] == "sign_off")
    assert [r["code"] for r in sign_off["requires"]] == ["second_person"]
    refused = act(client, first, sid, "sign_off", version)
    assert refused.status_code == 409 and "two-person" in refused.get_json()["detail"]
    assert refused.get_json()["current_version"] == version
    assert stored(app, sid).state == "recommended"
    second = create_token(app, "secretariat.two@test.org")
    signed = act(client, second, sid, "sign_off", version)
    assert signed.status_code == 200 and signed.get_json()["state"] == "approved"


def test_rights_are_the_pages(app, client, dummy_world):
    focal, draft = filled(app, client, dummy_world)
    sid = draft["id"]
    missing = client.get("/api/v1/submissions/999999/actions", headers=bearer(focal))
    assert missing.status_code == 404
    for email in ("focal.sn@test.org", "reviewer@test.org", "reviewer.sn@test.org"):
        token = create_token(app, email)  # the draft is another's, or not shown to reviewers
        listing = client.get(f"/api/v1/submissions/{sid}/actions", headers=bearer(token))
        assert listing.status_code == 404 and listing.get_json() == missing.get_json(), email
        taken = act(client, token, sid, "submit", draft["version"])
        assert taken.status_code == 404, email
    secretariat = create_token(app, "secretariat@test.org")
    assert offered(client, secretariat, sid)["actions"] == []
    assert act(client, secretariat, sid, "submit", draft["version"]).status_code == 409
    assert client.get(f"/api/v1/submissions/{sid}/actions").status_code == 401
    assert stored(app, sid).state == "draft"

    # Approved work is reopened by the secretariat alone, with a comment.
    sent = act(client, focal, sid, "submit", draft["version"]).get_json()["version"]
    reviewer = create_token(app, "reviewer@test.org")
    version = act(client, reviewer, sid, "start_review", sent).get_json()["version"]
    version = act(client, reviewer, sid, "approve", version).get_json()["version"]
    assert names(offered(client, secretariat, sid)) == ["reopen"]
    assert act(client, secretariat, sid, "reopen", version).status_code == 422
    reopened = act(client, secretariat, sid, "reopen", version, comment="One more figure.")
    assert reopened.status_code == 200 and reopened.get_json()["state"] == "returned"
