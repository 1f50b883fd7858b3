"""Exports through the API: the same options, services and rights as the exports page."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from app.consultations.models import Consultation
from app.core.time import utcnow
from app.extensions import db
from app.jobs.models import QUEUED, ExportJob
from app.users.models import User
from tests.api.helpers import bearer, create_token
from tests.exports.test_workbook import approve
from tests.helpers import VALID_PRE_MEETING
from tests.jobs.test_export_jobs import redis_app, work  # noqa: F401 (redis_app: a fixture)

CONSULTATION = "test-2021"


def ask(client, token, **options):
    return client.post(
        "/api/v1/exports", json={"consultation": CONSULTATION, **options}, headers=bearer(token)
    )


def test_secretariat_asks_follows_and_downloads(app, client, auth, dummy_world):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    token = create_token(app, "secretariat@test.org")

    response = ask(client, token, lang="fr", commissions=["ma"])
    # Without Redis the job runs inline: done by the time the answer comes.
    assert response.status_code == 200, response.get_data(as_text=True)
    job = response.get_json()
    assert job["status"] == "finished" and job["reused"] is False
    assert job["consultation"] == CONSULTATION and job["options"]["lang"] == "fr"
    assert job["options"]["commissions"] == ["MA"] and "commission_ids" not in job["options"]
    assert job["file_state"] == "ready"
    assert job["created_at"].endswith("+00:00") and job["finished_at"].endswith("+00:00")
    assert job["rows_done"] == job["rows_total"] == 1 and job["progress"] == 100
    assert response.headers["Location"].endswith(f"/api/v1/exports/{job['id']}")
    assert job["links"] == {
        "self": f"/api/v1/exports/{job['id']}",
        "file": f"/api/v1/exports/{job['id']}/file",
        "cancel": None,
        "retry": f"/api/v1/exports/{job['id']}/retry",
    }

    status = client.get(job["links"]["self"], headers=bearer(token))
    assert status.status_code == 200 and status.get_json()["status"] == "finished"
    assert status.headers["Cache-Control"] == "no-store"
    with client.get(job["links"]["file"], headers=bearer(token)) as download:
        assert download.status_code == 200
        assert download.mimetype.endswith("spreadsheetml.sheet")
        workbook = openpyxl.load_workbook(io.BytesIO(download.data))
    assert "Avant la réunion" in workbook.sheetnames
    overview = [
        row[1]
        for row in workbook[
            "Overview" if "Overview" in workbook else workbook.sheetnames[1]
        ].iter_rows(values_only=True)
    ]
    assert "MA" in overview and "SN" not in overview

    # The same request on unchanged data gets the same export back.
    again = ask(client, token, lang="fr", commissions=["MA"])
    assert again.status_code == 200
    assert again.get_json()["id"] == job["id"] and again.get_json()["reused"] is True

    listed = client.get("/api/v1/exports?limit=5", headers=bearer(token))
    assert [j["id"] for j in listed.get_json()] == [job["id"]]


def test_invalid_requests_name_their_fields(app, client, dummy_world):
    token = create_token(app, "secretariat@test.org")
    cases = [
        ({"consultation": CONSULTATION, "lang": "de"}, "lang"),
        ({"consultation": CONSULTATION, "mode": "pdf"}, "mode"),
        ({"consultation": CONSULTATION, "colour": "red"}, "colour"),
        ({"consultation": CONSULTATION, "meetings_from": "next week"}, "meetings_from"),
        ({"lang": "en"}, "consultation"),
        ({"consultation": "no-such-thing"}, "consultation"),
        ({"consultation": CONSULTATION, "commissions": ["MA", "ZZ"]}, "commissions"),
        ({"consultation": CONSULTATION, "states": ["aproved"]}, "states"),
        ({"consultation": CONSULTATION, "regions": ["atlantis"]}, "regions"),
        (
            {
                "consultation": CONSULTATION,
                "meetings_from": "2021-05-01",
                "meetings_to": "2021-01-01",
            },
            "meetings_to",
        ),
    ]
    for body, field in cases:
        response = client.post("/api/v1/exports", json=body, headers=bearer(token))
        assert response.status_code == 422, (body, response.get_data(as_text=True))
        assert response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert problem["status"] == 422
        assert field in [error["field"] for error in problem["errors"]], (body, problem)
    zz = client.post(
        "/api/v1/exports",
        json={"consultation": CONSULTATION, "commissions": ["ZZ"]},
        headers=bearer(token),
    ).get_json()
    assert zz["errors"] == [
        {
            "field": "commissions",
            "detail": "Not a commission you may export: ZZ. The commissions are: MA, SN.",
        }
    ]
    odd_bodies = [
        ({"data": "lang=en"}, 415, None),  # a form, not JSON
        ({"data": '{"consultation": "x"}', "content_type": "text/plain"}, 415, None),
        ({"data": '{"consultation": ', "content_type": "application/json"}, 400, "body"),
        ({"json": [CONSULTATION]}, 422, "body"),
        ({"data": "null", "content_type": "application/json"}, 422, None),
        ({"data": "[" * 20000 + "]" * 20000, "content_type": "application/json"}, 400, None),
        ({"json": {"consultation": "x", "states": ["s" * 100] * 1000}}, 413, None),
    ]
    for request, status, field in odd_bodies:
        response = client.post("/api/v1/exports", headers=bearer(token), **request)
        assert response.status_code == status, (request, response.get_data(as_text=True)[:300])
        problem = response.get_json()
        assert response.mimetype == "application/problem+json" and problem["detail"]
        assert "browser" not in problem["detail"]
        if field:
            assert [error["field"] for error in problem["errors"]] == [field]
    long_slug = client.post(
        "/api/v1/exports", json={"consultation": "x" * 5000}, headers=bearer(token)
    )
    assert long_slug.status_code == 422 and len(long_slug.data) < 1000
    with app.app_context():
        assert db.session.scalar(select(ExportJob)) is None


def test_reviewers_as_on_the_page(app, client, dummy_world):
    secretariat = create_token(app, "secretariat@test.org")
    reviewer = create_token(app, "reviewer.sn@test.org")
    commission = create_token(app, "focal.sn@test.org")

    refused = ask(client, reviewer)
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    with app.app_context():
        db.session.scalar(select(Consultation)).reviewers_may_export = True
        db.session.commit()
    theirs = ask(client, secretariat).get_json()["id"]

    # A commission the reviewer does not review is unknown to them, like one that does not exist.
    foreign = ask(client, reviewer, commissions=["MA"])
    assert foreign.status_code == 422
    assert foreign.get_json()["errors"][0]["detail"] == (
        "Not a commission you may export: MA. The commissions are: SN."
    )
    mine = ask(client, reviewer)
    assert mine.status_code == 200
    mine = mine.get_json()
    listed = client.get("/api/v1/exports", headers=bearer(reviewer)).get_json()
    assert [j["id"] for j in listed] == [mine["id"]]
    for path in ("", "/file", "/cancel", "/retry"):
        method = client.post if path in ("/cancel", "/retry") else client.get
        response = method(f"/api/v1/exports/{theirs}{path}", headers=bearer(reviewer))
        assert response.status_code == 404, path
        assert response.get_json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "No such export.",
        }
    with client.get(mine["links"]["file"], headers=bearer(reviewer)) as download:
        workbook = openpyxl.load_workbook(io.BytesIO(download.data))
    overview = [row[1] for row in workbook["Overview"].iter_rows(values_only=True)]
    assert "SN" in overview and "MA" not in overview

    # The secretariat stops reviewers: their file is no longer theirs to take.
    with app.app_context():
        db.session.scalar(select(Consultation)).reviewers_may_export = False
        db.session.commit()
    withdrawn = client.get(mine["links"]["file"], headers=bearer(reviewer))
    assert withdrawn.status_code == 403 and "stopped reviewers" in withdrawn.get_json()["detail"]
    status = client.get(mine["links"]["self"], headers=bearer(reviewer)).get_json()
    assert status["file_state"] == "withdrawn" and status["links"]["file"] is None

    # Commission users have no exports at all.
    for method, path in (("get", "/api/v1/exports"), ("get", f"/api/v1/exports/{theirs}")):
        response = getattr(client, method)(path, headers=bearer(commission))
        assert response.status_code == 403
    assert ask(client, commission).status_code == 403


def test_cancel_retry_and_files_not_ready(app, client, dummy_world):
    token = create_token(app, "secretariat@test.org")
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        actor = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        job = ExportJob(
            requested_by=actor,
            consultation=consultation,
            options={"consultation_id": consultation.id, "lang": "en"},
            status=QUEUED,
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    waiting = client.get(f"/api/v1/exports/{job_id}/file", headers=bearer(token))
    assert waiting.status_code == 409 and "no file yet" in waiting.get_json()["detail"]
    early = client.post(f"/api/v1/exports/{job_id}/retry", headers=bearer(token))
    assert early.status_code == 409

    canceled = client.post(f"/api/v1/exports/{job_id}/cancel", headers=bearer(token))
    assert canceled.status_code == 200
    assert canceled.get_json()["status"] == "canceled"
    assert canceled.get_json()["links"]["retry"] == f"/api/v1/exports/{job_id}/retry"
    retried = client.post(f"/api/v1/exports/{job_id}/retry", headers=bearer(token))
    assert retried.status_code == 200 and retried.get_json()["status"] == "finished"
    new_id = retried.get_json()["id"]
    assert new_id != job_id

    with app.app_context():
        db.session.get(ExportJob, new_id).expires_at = utcnow()
        db.session.commit()
    gone = client.get(f"/api/v1/exports/{new_id}/file", headers=bearer(token))
    assert gone.status_code == 410 and "ask for it again" in gone.get_json()["detail"]
    expired = client.get(f"/api/v1/exports/{new_id}", headers=bearer(token)).get_json()
    assert expired["file_state"] == "expired" and expired["links"]["file"] is None
    over = client.post(f"/api/v1/exports/{new_id}/cancel", headers=bearer(token))
    assert over.status_code == 409 and "nothing to cancel" in over.get_json()["detail"]


def test_unknown_addresses_and_methods_answer_as_problems(app, client, dummy_world):
    token = create_token(app, "secretariat@test.org")
    missing = client.get("/api/v1/nothing-here", headers=bearer(token))
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    wrong = client.delete("/api/v1/exports", headers=bearer(token))
    assert wrong.status_code == 405 and wrong.mimetype == "application/problem+json"
    assert "/api/v1/docs" in wrong.get_json()["detail"]
    assert client.get("/api/v1/exports/abc", headers=bearer(token)).status_code == 404
    # An id past a database integer names nothing (it used to reach the database: 500).
    for path in ("", "/file"):
        huge = client.get(f"/api/v1/exports/{2**63}{path}", headers=bearer(token))
        assert huge.status_code == 404 and huge.mimetype == "application/problem+json"
    assert client.post(f"/api/v1/exports/{2**70}/cancel", headers=bearer(token)).status_code == 404


def test_on_the_queue_the_answer_is_202_until_a_worker_finishes(redis_app, client, dummy_world):  # noqa: F811
    app = redis_app
    token = create_token(app, "secretariat@test.org")
    response = ask(client, token)
    assert response.status_code == 202
    job = response.get_json()
    assert job["status"] == "queued" and job["links"]["file"] is None
    assert job["links"]["cancel"] == f"/api/v1/exports/{job['id']}/cancel"
    assert client.get(f"/api/v1/exports/{job['id']}/file", headers=bearer(token)).status_code == 409

    work(app)

    done = client.get(job["links"]["self"], headers=bearer(token)).get_json()
    assert done["status"] == "finished" and done["file_size"] > 0
    with client.get(done["links"]["file"], headers=bearer(token)) as download:
        assert download.status_code == 200
        assert "About" in openpyxl.load_workbook(io.BytesIO(download.data)).sheetnames
