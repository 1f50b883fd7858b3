"""Workbook jobs: inline without Redis; on a real Redis queue with a real worker otherwise."""

import openpyxl
import pytest
from rq import Queue, SimpleWorker
from rq.registry import FailedJobRegistry

from app.extensions import db, redis_connection
from app.jobs.models import ExportJob
from app.jobs.queue import EXPORTS
from tests.conftest import SETTINGS, need_service
from tests.exports.test_workbook import approve
from tests.helpers import VALID_PRE_MEETING


@pytest.fixture
def redis_app(app):
    url = SETTINGS["TEST_REDIS_URL"]
    need_service("Redis", bool(url), "set REDIS_URL")
    app.config["REDIS_URL"] = url
    with app.app_context():
        queue = Queue(EXPORTS, connection=redis_connection())
        queue.empty()
        FailedJobRegistry(queue=queue).cleanup()
    return app


def job_row(app, job_id=1) -> ExportJob:
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        db.session.expunge(job)
        return job


def work(app):
    with app.app_context():
        connection = redis_connection()
        queue = Queue(EXPORTS, connection=connection)
        SimpleWorker([queue], connection=connection).work(burst=True)
        return queue


def test_export_runs_on_the_queue_and_the_page_follows_it(
    redis_app, client, auth, dummy_world, tmp_path
):
    app = redis_app
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    auth.login("secretariat@test.org")
    assert (
        client.post("/secretariat/exports", data={"consultation": 1, "lang": "en"}).status_code
        == 302
    )
    queued = job_row(app)
    assert queued.status == "queued" and queued.rq_job_id
    page = client.get("/secretariat/exports").get_data(as_text=True)
    assert "Waiting for a worker" in page and 'http-equiv="refresh"' in page
    assert "/secretariat/exports/1/download" not in page

    work(app)

    finished = job_row(app)
    assert finished.status == "finished" and finished.progress == 100 and finished.row_count == 1
    page = client.get("/secretariat/exports").get_data(as_text=True)
    assert "Ready · 1 approved submission" in page and 'http-equiv="refresh"' not in page
    path = tmp_path / "queued.xlsx"
    with client.get("/secretariat/exports/1/download") as response:
        path.write_bytes(response.data)
    assert openpyxl.load_workbook(path)["Pre-meeting questionnaire"].max_row == 2


def test_a_failed_job_says_so(redis_app, client, auth, dummy_world, monkeypatch):
    app = redis_app

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("app.jobs.exports.workbook_source", broken)
    auth.login("secretariat@test.org")
    client.post("/secretariat/exports", data={"consultation": 1, "lang": "en"})
    queue = work(app)
    failed = job_row(app)
    assert failed.status == "failed" and "disk full" in failed.message
    with app.app_context():
        assert failed.rq_job_id in FailedJobRegistry(queue=queue).get_job_ids()
    page = client.get("/secretariat/exports").get_data(as_text=True)
    assert "Failed: The workbook could not be built: RuntimeError: disk full" in page
    assert client.get("/secretariat/exports/1/download").status_code == 404


def test_worker_command_runs_queued_exports(redis_app, client, auth, dummy_world):
    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/secretariat/exports", data={"consultation": 1, "lang": "fr"})
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert job_row(app).status == "finished"


def test_unreachable_queue_is_reported(app, client, auth, dummy_world):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    auth.login("secretariat@test.org")
    response = client.post("/secretariat/exports", data={"consultation": 1, "lang": "en"})
    assert response.status_code == 302
    job = job_row(app)
    assert job.status == "failed" and "could not be reached" in job.message


def test_inline_export_without_redis(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    client.post("/secretariat/exports", data={"consultation": 1, "lang": "ar"})
    job = job_row(app)
    assert job.status == "finished" and job.rq_job_id is None and job.row_count == 0
    with client.get("/secretariat/exports/1/download") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_export_whose_worker_died_is_marked_failed(redis_app, client, auth, dummy_world):
    from rq.job import Job

    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/secretariat/exports", data={"consultation": 1, "lang": "en"})
    with app.app_context():
        job = db.session.get(ExportJob, 1)
        job.status = "running"  # a worker had started it...
        db.session.commit()
        rq_job = Job.fetch(job.rq_job_id, connection=redis_connection())
        rq_job.set_status("failed")  # ...and its work horse was killed
    page = client.get("/secretariat/exports").get_data(as_text=True)
    assert "the worker stopped before it was finished" in page
    assert 'http-equiv="refresh"' not in page
    assert job_row(app).status == "failed"
