"""Workbook jobs: inline without Redis; on a real Redis queue with a real worker otherwise."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
from rq import Queue, SimpleWorker
from rq.registry import FailedJobRegistry
from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db, redis_connection
from app.jobs.exports import build_export, export_dir
from app.jobs.models import ExportJob
from app.jobs.queue import EXPORTS
from app.users.models import Commission, User
from tests.conftest import SETTINGS, need_service
from tests.exports.test_workbook import approve
from tests.helpers import VALID_PRE_MEETING, start_submission_as


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
    assert client.post("/exports", data={"consultation": 1, "lang": "en"}).status_code == 302
    queued = job_row(app)
    assert queued.status == "queued" and queued.rq_job_id
    page = client.get("/exports").get_data(as_text=True)
    assert "Waiting for a worker" in page and "data-pending" in page
    assert "/exports/1/download" not in page

    work(app)

    finished = job_row(app)
    assert finished.status == "finished" and finished.progress == 100 and finished.row_count == 1
    page = client.get("/exports").get_data(as_text=True)
    assert "Ready · 1 submission" in page and "data-pending" not in page
    path = tmp_path / "queued.xlsx"
    with client.get("/exports/1/download") as response:
        path.write_bytes(response.data)
    assert openpyxl.load_workbook(path)["Pre-meeting"].max_row == 3


def test_a_failed_job_says_so(redis_app, client, auth, dummy_world, monkeypatch):
    app = redis_app

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("app.jobs.exports.write_export", broken)
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    queue = work(app)
    failed = job_row(app)
    assert failed.status == "failed" and "disk full" in failed.message
    with app.app_context():
        assert failed.rq_job_id in FailedJobRegistry(queue=queue).get_job_ids()
    page = client.get("/exports").get_data(as_text=True)
    assert "Failed: The workbook could not be built: RuntimeError: disk full" in page
    assert client.get("/exports/1/download").status_code == 404


def test_worker_command_runs_queued_exports(redis_app, client, auth, dummy_world):
    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "fr"})
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert job_row(app).status == "finished"


def test_unreachable_queue_is_reported(app, client, auth, dummy_world):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    auth.login("secretariat@test.org")
    response = client.post("/exports", data={"consultation": 1, "lang": "en"})
    assert response.status_code == 302
    job = job_row(app)
    assert job.status == "failed" and "could not be reached" in job.message


def test_inline_export_without_redis(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "ar"})
    job = job_row(app)
    assert job.status == "finished" and job.rq_job_id is None and job.row_count == 0
    with client.get("/exports/1/download") as response:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_export_whose_worker_died_is_marked_failed(redis_app, client, auth, dummy_world):
    from rq.job import Job

    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    with app.app_context():
        job = db.session.get(ExportJob, 1)
        job.status = "running"  # a worker had started it...
        db.session.commit()
        rq_job = Job.fetch(job.rq_job_id, connection=redis_connection())
        rq_job.set_status("failed")  # ...and its work horse was killed
    listed = client.get("/exports/jobs").get_data(as_text=True)  # what the page fetches
    assert "the worker stopped before it was finished" in listed
    assert "data-pending" not in listed
    assert job_row(app).status == "failed"


def test_a_queued_export_the_queue_lost_is_queued_again(redis_app, client, auth, dummy_world):
    """Redis restarted empty under a waiting export: the row is the truth, and the page
    puts it on the queue again (once), where a worker builds it."""
    from rq.job import Job

    app = redis_app
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    lost = job_row(app).rq_job_id
    with app.app_context():
        Job.fetch(lost, connection=redis_connection()).delete()
    listed = client.get("/exports/jobs").get_data(as_text=True)
    assert "Waiting for a worker…" in listed
    again = job_row(app).rq_job_id
    assert again != lost and job_row(app).status == "queued"
    with app.app_context():
        assert Job.fetch(again, connection=redis_connection()).get_status() == "queued"
    client.get("/exports/jobs")
    assert job_row(app).rq_job_id == again  # queued again once, not at every look
    queue = work(app)
    assert job_row(app).status == "finished" and job_row(app).row_count == 1
    assert queue.count == 0


def test_a_running_export_the_queue_forgot_goes_on_while_it_beats(
    redis_app, client, auth, dummy_world
):
    """A work horse outlives the Redis that gave it its job: while its heartbeat goes on,
    the export is shown as building; once it falls silent, it is failed."""
    from rq.job import Job

    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    with app.app_context():
        job = db.session.get(ExportJob, 1)
        job.status, job.started_at, job.heartbeat_at = "running", utcnow(), utcnow()
        db.session.commit()
        Job.fetch(job.rq_job_id, connection=redis_connection()).delete()
    assert "Building…" in client.get("/exports/jobs").get_data(as_text=True)
    assert job_row(app).status == "running"
    with app.app_context():
        build_export(1)  # a second run of the same export (queued twice) does nothing
        job = db.session.get(ExportJob, 1)
        assert job.status == "running" and job.file_name is None
        silence = dt.timedelta(seconds=app.config["EXPORT_HEARTBEAT_LOST"] + 1)
        job.heartbeat_at = utcnow() - silence
        db.session.commit()
    listed = client.get("/exports/jobs").get_data(as_text=True)
    assert "the worker stopped before it was finished" in listed
    assert job_row(app).status == "failed"


def test_the_same_request_while_nothing_changed_gets_the_same_file(app, client, auth, dummy_world):
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    auth.login("secretariat@test.org")
    data = {"consultation": 1, "lang": "en"}
    client.post("/exports", data=data)
    response = client.post("/exports", data=data, follow_redirects=True)
    assert "Nothing changed since this workbook was prepared" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(ExportJob).count() == 1
    client.post("/exports", data={**data, "lang": "fr"})  # other options: another file
    auth.logout()
    sid = start_submission_as(client, auth, "focal.sn@test.org", dummy_world["sn_meeting"])
    assert sid  # the data changed: a new file
    auth.logout()
    auth.login("secretariat@test.org")
    client.post("/exports", data=data)
    with app.app_context():
        jobs = db.session.scalars(select(ExportJob).order_by(ExportJob.id)).all()
        assert [(job.id, job.lang) for job in jobs] == [(1, "en"), (2, "fr"), (3, "en")]
        assert jobs[0].fingerprint != jobs[2].fingerprint


def test_cancel_retry_and_expiry(redis_app, client, auth, dummy_world, tmp_path):
    app = redis_app
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    page = client.get("/exports").get_data(as_text=True)
    assert "/exports/1/cancel" in page
    assert client.post("/exports/1/cancel", data={}).status_code == 302
    assert job_row(app).status == "canceled"
    work(app)  # the worker skips it
    assert job_row(app).status == "canceled" and job_row(app).file_name is None
    page = client.get("/exports").get_data(as_text=True)
    assert "Cancelled" in page and "/exports/1/retry" in page
    assert client.post("/exports/1/retry", data={}).status_code == 302
    work(app)
    again = job_row(app, 2)
    assert again.status == "finished" and again.options == job_row(app).options
    assert again.expires_at > again.finished_at
    with client.get("/exports/2/download") as response:
        assert response.status_code == 200
    with app.app_context():  # its time is up
        job = db.session.get(ExportJob, 2)
        job.expires_at = job.finished_at
        db.session.commit()
        path = export_dir() / job.file_name
    page = client.get("/exports").get_data(as_text=True)
    assert "Expired: prepare it again." in page and not path.exists()
    assert client.get("/exports/2/download").status_code == 404


def test_a_running_export_sees_its_cancellation(app, dummy_world, monkeypatch):
    """The flag is read at the next progress report; the partial file is removed."""
    from app.exports import report

    monkeypatch.setattr(report, "PROGRESS_EVERY", 1)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        job = ExportJob(requested_by=user, consultation_id=1, options={"consultation_id": 1})
        db.session.add(job)
        db.session.commit()
        job.cancel_requested = True  # asked while it is about to run
        db.session.commit()
        build_export(job.id)
        db.session.refresh(job)
        assert job.status == "canceled" and not list(export_dir().glob("*.partial"))


def test_a_silent_export_is_failed_within_two_minutes(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        now = utcnow()
        job = ExportJob(
            requested_by=user,
            consultation_id=1,
            status="running",
            started_at=now - dt.timedelta(minutes=5),
            heartbeat_at=now - dt.timedelta(seconds=app.config["EXPORT_HEARTBEAT_LOST"] + 1),
        )
        fresh = ExportJob(
            requested_by=user, consultation_id=1, status="running", started_at=now, heartbeat_at=now
        )
        db.session.add_all([job, fresh])
        db.session.commit()
    assert app.config["EXPORT_HEARTBEAT_LOST"] < 120
    page = client.get("/exports").get_data(as_text=True)
    assert "the worker stopped before it was finished" in page
    assert job_row(app, 1).status == "failed" and job_row(app, 2).status == "running"


def test_reviewers_export_only_where_the_consultation_allows(app, client, auth, dummy_world):
    auth.login("reviewer.sn@test.org")
    page = client.get("/exports").get_data(as_text=True)
    assert "No consultation lets reviewers prepare workbooks" in page
    assert client.post("/exports", data={"consultation": 1, "lang": "en"}).status_code == 403
    auth.logout()
    auth.login("secretariat@test.org")
    page = client.get("/exports").get_data(as_text=True)
    client.post("/exports/reviewers", data={"consultation": 1, "allow": "1"})
    client.post("/exports", data={"consultation": 1, "lang": "en"})  # the secretariat's: job 1
    auth.logout()
    auth.login("reviewer.sn@test.org")
    assert ">Workbooks<" in client.get("/review/").get_data(as_text=True)
    response = client.post("/exports", data={"consultation": 1, "lang": "en"})
    assert response.status_code == 302
    job = job_row(app, 2)
    assert job.status == "finished"
    page = client.get("/exports").get_data(as_text=True)
    assert "/exports/2/download" in page and "/exports/1/download" not in page
    assert client.get("/exports/1/download").status_code == 404  # not theirs
    with client.get("/exports/2/download") as response:
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    overview = [row[1] for row in workbook["Overview"].iter_rows(values_only=True)]
    assert "SN" in overview and "MA" not in overview
    auth.logout()
    auth.login("focal.sn@test.org")
    assert client.get("/exports").status_code == 403
    assert client.get("/exports/2/download").status_code == 403


def about_of(client, job_id) -> dict:
    with client.get(f"/exports/{job_id}/download") as response:
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    return {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True) if row[0]}


def test_a_new_title_questionnaire_list_or_requester_name_makes_a_new_file(
    app, client, auth, dummy_world
):
    """About prints the consultation's title and the requester's name, and the questionnaires
    the consultation asks decide the sheets: none of them may give back the old file."""
    from app.consultations.models import Consultation

    auth.login("secretariat@test.org")
    data = {"consultation": 1, "lang": "en"}

    def ask_again(expected_job):
        response = client.post("/exports", data=data, follow_redirects=True)
        assert "Nothing changed since" not in response.get_data(as_text=True)
        with app.app_context():
            assert db.session.query(ExportJob).count() == expected_job
        return about_of(client, expected_job)

    client.post("/exports", data=data)
    assert about_of(client, 1)["Consultation"] == "Test consultation"
    with app.app_context():
        db.session.get(Consultation, 1).title_en = "Consultation of 2021 (revised)"
        db.session.commit()
    assert ask_again(2)["Consultation"] == "Consultation of 2021 (revised)"
    with app.app_context():
        consultation = db.session.get(Consultation, 1)
        consultation.questionnaires = [
            q for q in consultation.questionnaires if q.questionnaire_code == "pre_meeting"
        ]
        db.session.commit()
    about = ask_again(3)
    assert [row for row in about if row == "Post-meeting questionnaire"] == []
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
    response = client.post(
        f"/secretariat/people/{me.id}",
        data={"name": "Salma Haddad", "role": "secretariat", "commission_id": 0, "language": "en"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert ask_again(4)["Generated by"] == "Salma Haddad <secretariat@test.org>"
    response = client.post("/exports", data=data, follow_redirects=True)
    assert "Nothing changed since" in response.get_data(as_text=True)  # and now the same


def sector_job(app, dummy_world, client, auth) -> int:
    """Two approved pre-meeting questionnaires and a queued per-sector export of them."""
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    approve(app, client, auth, dummy_world["sn_meeting"], VALID_PRE_MEETING, "focal.sn@test.org")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        job = ExportJob(
            requested_by=user,
            consultation_id=1,
            options={"consultation_id": 1, "mode": "sectors"},
            rows_total=2,
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_per_sector_zip_is_cancelled_within_its_files(
    app, client, auth, dummy_world, monkeypatch
):
    """Every sector's workbook is written in one pass over the rows, and the cancellation
    is seen in that pass: no workbook is finished, no zip is left."""
    from app.exports import report
    from app.exports.writer import WorkbookWriter

    job_id = sector_job(app, dummy_world, client, auth)
    monkeypatch.setattr(report, "PROGRESS_EVERY", 1)
    closed, close = [], WorkbookWriter.close

    def closing(self):
        closed.append(self)
        close(self)

    monkeypatch.setattr(WorkbookWriter, "close", closing)
    with app.app_context():
        db.session.get(ExportJob, job_id).cancel_requested = True
        db.session.commit()
        build_export(job_id)
        assert db.session.get(ExportJob, job_id).status == "canceled"
        assert closed == [] and list(export_dir().iterdir()) == []


def test_a_per_sector_zip_reads_each_submission_once_and_says_so(
    app, client, auth, dummy_world, monkeypatch
):
    """Four sectors, two submissions: two rows read (only the answers that hold reported
    entries, without their dates), and the progress counts those two."""
    from app.exports import report
    from app.exports.rows import ExportSource
    from app.jobs.exports import Heartbeat

    job_id = sector_job(app, dummy_world, client, auth)
    monkeypatch.setattr(report, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(report, "PROGRESS_SECONDS", 0)
    reads, beats = [], []
    submissions = ExportSource.submissions

    def reading(self, code, **kwargs):
        reads.append((code, kwargs))
        return submissions(self, code, **kwargs)

    monkeypatch.setattr(ExportSource, "submissions", reading)
    beat = Heartbeat.beat

    def beating(self, **values):
        if "rows_done" in values:
            beats.append((values["rows_done"], values["rows_total"]))
        return beat(self, **values)

    monkeypatch.setattr(Heartbeat, "beat", beating)
    with app.app_context():
        build_export(job_id)
        job = db.session.get(ExportJob, job_id)
        assert job.status == "finished" and job.row_count == 2
        assert (job.rows_done, job.rows_total) == (2, 2)
    assert beats == [(1, 2), (2, 2)]
    assert reads == [
        ("pre_meeting", {"answer_codes": ["priorities", "proposals"], "dates": False}),
        ("post_meeting", {"answer_codes": ["actions", "recommendations"], "dates": False}),
    ]
    auth.login("secretariat@test.org")
    with client.get(f"/exports/{job_id}/download") as response:
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            education = openpyxl.load_workbook(io.BytesIO(archive.read("Education.xlsx")))
    entries = list(
        education["Proposals and recommendations"].iter_rows(min_row=3, values_only=True)
    )
    assert [(e[1], e[5], e[8]) for e in entries] == [
        ("MA", "Education", "Teacher training"),
        ("SN", "Education", "Teacher training"),
    ]


def test_the_planned_rows_are_the_rows_gone_through(
    redis_app, client, auth, dummy_world, monkeypatch
):
    """The page's "x of y rows" counts submissions read, from the moment the job is queued
    to its end and in every report between, whatever the mode: not files, not meetings."""
    from app.exports import report
    from app.jobs.exports import Heartbeat

    app = redis_app
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    auth.login("secretariat@test.org")
    for mode in ("workbook", "sectors", "commissions"):
        client.post("/exports", data={"consultation": 1, "lang": "en", "mode": mode})
    assert [job_row(app, n).rows_total for n in (1, 2, 3)] == [1, 1, 1]
    monkeypatch.setattr(report, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(report, "PROGRESS_SECONDS", 0)
    beats, beat = [], Heartbeat.beat

    def beating(self, **values):
        if "rows_done" in values:
            beats.append((self.job_id, values["rows_done"], values["rows_total"]))
        return beat(self, **values)

    monkeypatch.setattr(Heartbeat, "beat", beating)
    work(app)
    for n in (1, 2, 3):
        job = job_row(app, n)
        assert job.status == "finished" and job.row_count == 1
        assert (job.rows_done, job.rows_total) == (1, 1)
        reports = [(done, total) for job_id, done, total in beats if job_id == n]
        assert reports and reports[-1] == (1, 1) and {total for _d, total in reports} == {1}


def test_partial_files_of_exports_that_will_not_finish_are_swept(app, client, auth, dummy_world):
    """A killed work horse leaves its .partial file: the expiry run (here the page's) removes
    it once nothing writes it, and leaves alone the file of an export still running."""
    import os

    from app.jobs.exports import time_limit

    auth.login("secretariat@test.org")
    silence = app.config["EXPORT_HEARTBEAT_LOST"]
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        now = utcnow()

        def job(status, **values):
            row = ExportJob(requested_by=user, consultation_id=1, status=status, **values)
            db.session.add(row)
            db.session.flush()
            return row.id

        failed = job("failed", finished_at=now)  # its horse was killed, noticed since
        just_failed = job("failed", finished_at=now)
        # Marked lost (RQ had no record of it) while its worker still beats: still written.
        beating = job("failed", finished_at=now, heartbeat_at=now)
        running = job("running", started_at=now, heartbeat_at=now)
        overran = job("running", started_at=now, heartbeat_at=now)
        finished = job(
            "finished",
            finished_at=now,
            expires_at=now + dt.timedelta(hours=1),
            file_name="shura-test-2021-en-5.xlsx",
        )
        db.session.commit()
        folder = export_dir()
        limit = time_limit(0)
    ages = {
        f"shura-test-2021-en-{failed}.partial": silence + 5,
        f"shura-test-2021-en-{just_failed}.partial": 1,
        f"shura-test-2021-en-{beating}.partial": silence + 5,
        f"shura-test-2021-en-{running}.partial": silence + 5,
        f"shura-test-2021-en-{overran}.partial": limit + 5,
        "shura-test-2021-en-999.partial": silence + 5,  # no such job
        f"shura-test-2021-en-{finished}.xlsx": limit + 5,  # a finished file: not partial
    }
    for name, age in ages.items():
        path = folder / name
        path.write_bytes(b"PK")
        moment = dt.datetime.now().timestamp() - age
        os.utime(path, (moment, moment))
    assert client.get("/exports").status_code == 200
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [
            f"shura-test-2021-en-{just_failed}.partial",
            f"shura-test-2021-en-{beating}.partial",
            f"shura-test-2021-en-{running}.partial",
            f"shura-test-2021-en-{finished}.xlsx",
        ]
    )
    assert job_row(app, running).status == "running"


def test_the_page_follows_an_export_without_reloading_its_form(
    redis_app, client, auth, dummy_world
):
    """While a workbook is being prepared the page no longer reloads itself (which threw
    away a half-filled request form): its script fetches the list alone, from
    /exports/jobs, and puts it in place; without the script, a link refreshes it."""
    app = redis_app
    approve(app, client, auth, dummy_world["ma_meeting"], VALID_PRE_MEETING)
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    page = client.get("/exports").get_data(as_text=True)
    assert "http-equiv" not in page  # no reload of the whole page
    section = re.search(r'<section class="card" id="recent-workbooks"[^>]*>', page).group(0)
    assert 'data-refresh="/exports/jobs"' in section and "data-pending" in section
    assert re.search(r'<a href="/exports" data-refresh-now>Refresh the list</a>', page)
    scripts = re.findall(r"<script[^>]*>", page)
    assert '<script src="/static/exports.js" defer>' in scripts
    assert all("src=" in script for script in scripts), scripts  # nothing inline
    with client.get("/static/exports.js") as script:
        assert script.status_code == 200 and b"recent-workbooks" in script.data
    response = client.get("/exports/jobs")
    listed = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert re.match(r'\s*<section class="card" id="recent-workbooks"[^>]*data-pending', listed)
    assert "Waiting for a worker" in listed and "/exports/1/cancel" in listed
    assert "<html" not in listed and "export-form" not in listed  # the list alone

    work(app)

    listed = client.get("/exports/jobs").get_data(as_text=True)
    assert "Ready · 1 submission" in listed and "/exports/1/download" in listed
    assert "data-pending" not in listed and "data-refresh-now" not in listed
    auth.logout()
    auth.login("focal.ma@test.org")
    assert client.get("/exports/jobs").status_code == 403


def requester(app, job_id) -> str:
    with app.app_context():
        return db.session.get(ExportJob, job_id).requested_by.email


def test_the_command_asks_as_a_person_and_follows_the_job(redis_app, runner, dummy_world, tmp_path):
    """`shura export-workbook --as EMAIL`: a job on the exports queue with that person's
    rights, followed to its end by the command while a worker builds it."""
    import threading
    import time

    app = redis_app
    with app.app_context():
        from app.consultations.models import Consultation

        db.session.scalar(select(Consultation)).reviewers_may_export = True
        db.session.commit()
    out, result = tmp_path / "as-reviewer.xlsx", {}

    def command():
        result["run"] = runner.invoke(
            args=["export-workbook", "--out", str(out), "--as", "reviewer.sn@test.org"]
        )

    # The command waits for the job; the worker (in the main thread: RQ sets signal
    # handlers) takes it once it is queued.
    thread = threading.Thread(target=command, daemon=True)
    thread.start()
    with app.app_context():
        queue = Queue(EXPORTS, connection=redis_connection())
        for _ in range(300):
            if queue.count:
                break
            time.sleep(0.1)
        SimpleWorker([queue], connection=queue.connection).work(burst=True)
    thread.join(timeout=60)
    result = result["run"]
    assert result.exit_code == 0, result.output
    assert "Job 1: queued" in result.output and "Wrote" in result.output
    assert job_row(app, 1).status == "finished"
    assert requester(app, 1) == "reviewer.sn@test.org"
    overview = [r[1] for r in openpyxl.load_workbook(out)["Overview"].iter_rows(values_only=True)]
    assert "SN" in overview and "MA" not in overview  # the reviewer's commissions only

    # Asked again with nothing changed: the same job's file, no new job.
    again = runner.invoke(
        args=["export-workbook", "--out", str(tmp_path / "b.xlsx"), "--as", "reviewer.sn@test.org"]
    )
    assert again.exit_code == 0 and "reused (job 1)" in again.output
    assert (tmp_path / "b.xlsx").read_bytes() == out.read_bytes()


def test_the_command_as_a_person_keeps_their_limits(app, runner, dummy_world, tmp_path):
    out = tmp_path / "refused.xlsx"
    no_one = runner.invoke(args=["export-workbook", "--out", str(out), "--as", "no@test.org"])
    assert no_one.exit_code != 0 and "No account with the address no@test.org" in no_one.output
    # A reviewer where the consultation does not allow it; a commission never.
    for email in ("reviewer.sn@test.org", "focal.ma@test.org"):
        refused = runner.invoke(args=["export-workbook", "--out", str(out), "--as", email])
        assert refused.exit_code != 0 and "may not prepare workbooks" in refused.output
    foreign = runner.invoke(
        args=["export-workbook", "--out", str(out), "--as", "reviewer.sn@test.org"]
        + ["--commission", "MA"]
    )
    assert foreign.exit_code != 0 and "Not a commission you may export: MA" in foreign.output
    assert not out.exists()
    # Inline (no Redis): the job runs at once, and the file is there.
    inline = runner.invoke(
        args=["export-workbook", "--out", str(out), "--as", "secretariat@test.org"]
    )
    assert inline.exit_code == 0, inline.output
    assert "About" in openpyxl.load_workbook(out).sheetnames
    assert requester(app, 1) == "secretariat@test.org"


def test_the_list_says_what_each_export_is_and_what_became_of_it(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    client.post("/exports/reviewers", data={"consultation": 1, "allow": "1"})
    client.post("/exports", data={"consultation": 1, "lang": "en", "mode": "csv"})
    client.post("/exports", data={"consultation": 1, "lang": "en", "regions": ["africa"]})
    page = client.get("/exports").get_data(as_text=True)
    assert "A zip of CSV files, one per table" in page
    assert "One workbook · Filtered: africa" in page
    # Cancelling what is over already says so, and changes nothing.
    response = client.post("/exports/1/cancel", follow_redirects=True)
    assert "already over: there was nothing to cancel" in response.get_data(as_text=True)
    assert job_row(app, 1).status == "finished"
    auth.logout()

    auth.login("reviewer.sn@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})  # job 3
    auth.logout()
    auth.login("secretariat@test.org")
    client.post("/exports/reviewers", data={"consultation": 1, "allow": "0"})
    auth.logout()
    auth.login("reviewer.sn@test.org")
    page = client.get("/exports/jobs").get_data(as_text=True)
    assert "No longer available: the secretariat has stopped reviewers" in page
    assert "/exports/3/download" not in page and "/exports/3/retry" not in page


def test_a_file_about_to_expire_is_not_handed_out_again(app, client, auth, dummy_world):
    auth.login("secretariat@test.org")
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    with app.app_context():
        db.session.get(ExportJob, 1).expires_at = utcnow() + dt.timedelta(minutes=5)
        db.session.commit()
    client.post("/exports", data={"consultation": 1, "lang": "en"})
    assert job_row(app, 2).status == "finished"  # a new file, not one gone in minutes


def test_prepare_again_after_the_scope_changed_says_why(app, client, auth, dummy_world):
    """A reviewer's old export named a commission no longer assigned to them: asking again
    is refused with the reason, on the page (it was a 500)."""
    auth.login("secretariat@test.org")
    client.post("/exports/reviewers", data={"consultation": 1, "allow": "1"})
    auth.logout()
    auth.login("reviewer.sn@test.org")
    with app.app_context():
        sn = db.session.scalar(select(Commission.id).where(Commission.iso2 == "SN"))
    client.post("/exports", data={"consultation": 1, "lang": "en", "commissions": [sn]})
    assert job_row(app, 1).status == "finished"
    with app.app_context():
        reviewer = db.session.scalar(select(User).where(User.email == "reviewer.sn@test.org"))
        reviewer.reviewed_commissions = []
        db.session.commit()
    response = client.post("/exports/1/retry", follow_redirects=True)
    assert response.status_code == 200
    assert "Not a commission you may export" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ExportJob.id))) == 1


def test_identical_requests_at_once_make_one_job(postgres_app, dummy_world):
    """Two requests of the same export racing on PostgreSQL: the second waits for the
    first's job and gets it back, rather than building the same file twice."""
    import threading

    from app.exports.options import ExportOptions
    from app.jobs.exports import request_export

    app = postgres_app
    barrier, results = threading.Barrier(2), []

    def ask():
        with app.app_context():
            actor = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
            barrier.wait()
            job = request_export(actor, ExportOptions(consultation_id=1))
            results.append((job.id, job.reused))
            db.session.remove()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [(1, False), (1, True)]
    with app.app_context():
        assert db.session.scalar(select(func.count(ExportJob.id))) == 1


def test_a_failure_reads_in_each_readers_language(app, client, auth, dummy_world):
    """The reader who happens to notice a lost worker does not fix the language of the
    message for everyone: it is kept in English and shown in each reader's."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "secretariat@test.org"))
        silent = utcnow() - dt.timedelta(seconds=app.config["EXPORT_HEARTBEAT_LOST"] + 1)
        db.session.add(
            ExportJob(requested_by=user, consultation_id=1, status="running", heartbeat_at=silent)
        )
        db.session.commit()
    auth.login("secretariat@test.org")
    client.post("/language/fr")
    page = client.get("/exports").get_data(as_text=True)  # noticed by a French reader
    assert "le processus de traitement s&#39;est arrêté avant la fin" in page
    assert job_row(app, 1).message == (
        "The workbook was not built: the worker stopped before it was finished."
    )
    client.post("/language/en")
    page = client.get("/exports").get_data(as_text=True)
    assert "the worker stopped before it was finished" in page
