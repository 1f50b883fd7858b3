"""Answers through the API: starting a questionnaire and saving its answers, with the pages'
rights, the version it was based on, and nothing stored when an answer is wrong."""

from __future__ import annotations

import threading

from app.extensions import db
from app.submissions.models import Submission
from app.users.models import Commission
from app.users.roles import COMMISSION
from tests.api.helpers import bearer, create_token
from tests.helpers import STORED_PRE_MEETING, create_user


def start(client, token, meeting_id, questionnaire="pre_meeting"):
    return client.post(
        f"/api/v1/meetings/{meeting_id}/submissions",
        json={"questionnaire": questionnaire},
        headers=bearer(token) if token else {},
    )


def put_answers(client, token, submission_id, answers, version):
    return client.put(
        f"/api/v1/submissions/{submission_id}/answers",
        json={"version": version, "answers": answers},
        headers=bearer(token),
    )


def started(app, client, meeting_id, email="focal.ma@test.org") -> tuple[str, dict]:
    """A token of ``email`` and the draft it started (its representation)."""
    token = create_token(app, email)
    response = start(client, token, meeting_id)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return token, response.get_json()


def stored(app, submission_id) -> Submission:
    with app.app_context():
        submission = db.session.get(Submission, submission_id)
        db.session.expunge(submission)
        return submission


def add_editor(app, email="editor.ma@test.org") -> str:
    """A second user of the MA commission, not its focal point (they save, not submit)."""
    with app.app_context():
        ma = db.session.query(Commission).filter_by(iso2="MA").one()
        create_user(email, COMMISSION, commission=ma, focal_point=False)
        db.session.commit()
    return create_token(app, email)


def test_focal_point_starts_a_questionnaire_and_saves_its_answers(app, client, dummy_world):
    token = create_token(app, "focal.ma@test.org")
    first = start(client, token, dummy_world["ma_meeting"])
    assert first.status_code == 201, first.get_data(as_text=True)
    draft = first.get_json()
    assert draft["state"] == "draft" and draft["questionnaire"] == "pre_meeting"
    assert draft["editable"] is True and draft["state_label"]["fr"] == "Brouillon"
    assert first.headers["Location"] == f"/api/v1/submissions/{draft['id']}"
    again = start(client, token, dummy_world["ma_meeting"])
    assert again.status_code == 200 and again.get_json()["id"] == draft["id"]

    saved = put_answers(client, token, draft["id"], STORED_PRE_MEETING, draft["version"])
    assert saved.status_code == 200, saved.get_data(as_text=True)
    body = saved.get_json()
    assert body["version"] == draft["version"] + 1 and body["state"] == "draft"
    assert body["updated_at"].endswith("+00:00")
    assert body["links"]["self"] == f"/api/v1/submissions/{draft['id']}"
    assert saved.headers["Cache-Control"] == "no-store"
    assert stored(app, draft["id"]).answers == STORED_PRE_MEETING

    # The same answers again change nothing: no new version.
    same = put_answers(client, token, draft["id"], STORED_PRE_MEETING, body["version"])
    assert same.status_code == 200 and same.get_json()["version"] == body["version"]


def test_an_editor_of_the_commission_saves_too(app, client, dummy_world):
    _token, draft = started(app, client, dummy_world["ma_meeting"])
    editor = add_editor(app)
    saved = put_answers(
        client, editor, draft["id"], {"achievements": "Ten more."}, draft["version"]
    )
    assert saved.status_code == 200
    assert stored(app, draft["id"]).answers == {"achievements": "Ten more."}


def test_invalid_answers_name_their_fields_and_nothing_is_stored(app, client, dummy_world):
    token, draft = started(app, client, dummy_world["ma_meeting"])
    first = put_answers(client, token, draft["id"], {"achievements": "Kept."}, draft["version"])
    version = first.get_json()["version"]

    wrong = {
        "achievements": "Replaced?",
        "focal_point_email": "not an address",
        "satisfaction_cooperation": 9,
        "priorities": [{"title": "Teacher training", "sector": "no-such-sector"}],
    }
    response = put_answers(client, token, draft["id"], wrong, version)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == 422 and problem["detail"]
    fields = {entry["field"] for entry in problem["errors"]}
    assert {"focal_point_email", "satisfaction_cooperation", "priorities-0-sector"} <= fields
    assert "achievements" not in fields
    assert all(entry["detail"] for entry in problem["errors"])
    after = stored(app, draft["id"])
    assert after.answers == {"achievements": "Kept."} and after.version == version


def test_a_stale_version_gets_409_with_the_current_one_and_who_changed_it(app, client, dummy_world):
    token, draft = started(app, client, dummy_world["ma_meeting"])
    editor = add_editor(app)
    base = draft["version"]
    won = put_answers(client, editor, draft["id"], {"achievements": "The editor's."}, base)
    assert won.status_code == 200
    current = won.get_json()["version"]

    lost = put_answers(client, token, draft["id"], {"achievements": "The focal point's."}, base)
    assert lost.status_code == 409 and lost.mimetype == "application/problem+json"
    problem = lost.get_json()
    assert problem["current_version"] == current and problem["state"] == "draft"
    assert "editor.ma" in problem["detail"]  # who changed it, by name
    # told as to a program: the version it sent and the current one, no page to look at
    assert f"after version {base}" in problem["detail"]
    assert f"version {current}" in problem["detail"]
    assert "page" not in problem["detail"]
    assert stored(app, draft["id"]).answers == {"achievements": "The editor's."}

    # The caller's own earlier change (another program, a retry) is said to be theirs.
    mine = put_answers(client, editor, draft["id"], {"achievements": "Again."}, base)
    assert mine.status_code == 409 and "Your own account" in mine.get_json()["detail"]

    # Based on the current version, the save goes through.
    retried = put_answers(client, token, draft["id"], {"achievements": "Merged."}, current)
    assert retried.status_code == 200 and retried.get_json()["version"] == current + 1


def test_rights_are_the_pages(app, client, dummy_world):
    token, draft = started(app, client, dummy_world["ma_meeting"])
    before = stored(app, draft["id"]).answers
    url = f"/api/v1/submissions/{draft['id']}/answers"
    body = {"version": draft["version"], "answers": {"achievements": "Not theirs."}}
    missing = client.put(
        "/api/v1/submissions/999999/answers", json=body, headers=bearer(token)
    ).get_json()

    other = client.put(url, json=body, headers=bearer(create_token(app, "focal.sn@test.org")))
    assert other.status_code == 404 and other.get_json() == missing  # learns nothing
    # A draft is not shown to reviewers at all; the secretariat sees it but may not edit it.
    reviewer = client.put(url, json=body, headers=bearer(create_token(app, "reviewer@test.org")))
    assert reviewer.status_code == 404 and reviewer.get_json() == missing
    secretariat = client.put(
        url, json=body, headers=bearer(create_token(app, "secretariat@test.org"))
    )
    assert secretariat.status_code == 409
    assert secretariat.get_json()["current_version"] == draft["version"]
    assert client.put(url, json=body).status_code == 401
    assert stored(app, draft["id"]).answers == before


def test_only_a_commission_starts_its_own_questionnaires(app, client, dummy_world):
    meeting = dummy_world["ma_meeting"]
    for email in ("reviewer@test.org", "secretariat@test.org"):
        response = start(client, create_token(app, email), meeting)
        assert response.status_code == 403, email
        assert response.mimetype == "application/problem+json"
    sn = create_token(app, "focal.sn@test.org")
    assert start(client, sn, meeting).status_code == 404
    assert start(client, sn, 999999).status_code == 404
    unknown = start(client, create_token(app, "focal.ma@test.org"), meeting, "no_such_form")
    assert unknown.status_code == 404
    assert start(client, None, meeting).status_code == 401
    with app.app_context():
        assert db.session.query(Submission).count() == 0


def test_a_body_that_does_not_fit_is_refused_by_name(app, client, dummy_world):
    token, draft = started(app, client, dummy_world["ma_meeting"])
    before = stored(app, draft["id"]).answers
    url = f"/api/v1/submissions/{draft['id']}/answers"
    cases = [
        ({"answers": {}}, "version"),
        ({"version": "1", "answers": {}}, "version"),
        ({"version": draft["version"]}, "answers"),
        ({"version": draft["version"], "answers": ["a"]}, "answers"),
    ]
    for body, field in cases:
        response = client.put(url, json=body, headers=bearer(token))
        assert response.status_code == 422, body
        assert field in {entry["field"] for entry in response.get_json()["errors"]}, body
    as_form = client.put(url, data={"version": "1"}, headers=bearer(token))
    assert as_form.status_code == 415
    assert stored(app, draft["id"]).answers == before


def test_eight_saves_of_one_draft_at_once_one_wins(postgres_app, dummy_world):
    """Eight programs save the same draft on the same version: one is taken, seven are told
    the current version, and what is stored is the winner's, whole."""
    app = postgres_app
    client = app.test_client()
    token, draft = started(app, client, dummy_world["ma_meeting"])
    barrier = threading.Barrier(8)
    answers = [{**STORED_PRE_MEETING, "achievements": f"Saved by program {n}."} for n in range(8)]
    results: list = [None] * 8

    def save(n):
        own = app.test_client()
        barrier.wait(timeout=30)
        response = put_answers(own, token, draft["id"], answers[n], draft["version"])
        results[n] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [409] * 7, results
    winner = next(n for n, (status, _body) in enumerate(results) if status == 200)
    new_version = results[winner][1]["version"]
    assert new_version == draft["version"] + 1
    assert all(body["current_version"] == new_version for status, body in results if status == 409)
    after = stored(app, draft["id"])
    assert after.answers == answers[winner] and after.version == new_version


def test_a_questionnaire_is_started_within_its_window(app, client, dummy_world):
    from app.consultations.models import CANCELLED, Meeting

    with app.app_context():
        db.session.get(Meeting, dummy_world["ma_meeting"]).status = CANCELLED
        db.session.commit()
    response = start(client, create_token(app, "focal.ma@test.org"), dummy_world["ma_meeting"])
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert response.get_json()["detail"]
    with app.app_context():
        assert db.session.query(Submission).count() == 0
