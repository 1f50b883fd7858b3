"""A real ``shura worker`` killed in the middle of an export, on PostgreSQL and Redis: the
page says the export failed within the heartbeat's silence (well inside two minutes, not RQ's
own cleanup time), and one press prepares it again."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from rq import Queue
from sqlalchemy import select

from app.extensions import db, redis_connection
from app.jobs.models import ExportJob
from app.jobs.queue import EXPORTS
from tests.conftest import SETTINGS, AuthActions, need_service
from tests.jobs.test_export_jobs import work

BIN = Path(sys.executable).parent
SILENCE = 6  #: seconds of heartbeat silence that mean the worker died


@pytest.fixture
def big_world(postgres_app, tmp_path):
    """Enough approved submissions for an export to run for several seconds."""
    url = SETTINGS["TEST_REDIS_URL"]
    need_service("Redis", bool(url), "set REDIS_URL")
    app = postgres_app
    app.config.update(REDIS_URL=url, EXPORT_HEARTBEAT_LOST=SILENCE)
    with app.app_context():
        from app.demo.bulk import load_bulk
        from app.extensions import refresh_planner_statistics
        from app.users.roles import SECRETARIAT
        from tests.helpers import create_consultation, create_user

        consultation = create_consultation()
        load_bulk(
            consultation,
            commissions=200,
            submissions=4000,
            today=dt.date(2026, 12, 1),
            questionnaires=["pre_meeting"],
            state="approved",
            variety=20,
        )
        create_user("secretariat@test.org", SECRETARIAT)
        db.session.commit()
        refresh_planner_statistics()
        queue = Queue(EXPORTS, connection=redis_connection())
        queue.empty()
    return app


def start_worker(app, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "SHURA_EXPORT_DIR": app.config["EXPORT_DIR"],
        "SHURA_EXPORT_HEARTBEAT_LOST": str(SILENCE),
        "SECRET_KEY": "a-test-secret-key-that-is-long-enough-0123",
        "SHURA_ENV": "development",
    }
    with log.open("w") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [BIN / "shura", "worker"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the work horse dies with it
        )


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def job_now(app, job_id):
    with app.app_context():
        job = db.session.get(ExportJob, job_id)
        db.session.expunge(job)
        return job


def test_a_worker_killed_mid_export(big_world, tmp_path):
    app = big_world
    client = app.test_client()
    auth = AuthActions(client)
    log = tmp_path / "worker.log"
    worker = start_worker(app, log)
    try:
        auth.login("secretariat@test.org")
        assert client.post("/exports", data={"consultation": 1, "lang": "en"}).status_code == 302
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            job = job_now(app, 1)
            if job.status == "running" and job.rows_done > 0:
                break
            assert job.status in ("queued", "running"), (job.status, job.message)
            time.sleep(0.2)
        else:
            pytest.fail(f"the export never got going: {log.read_text()}")
        page = client.get("/exports").get_data(as_text=True)
        assert "Building…" in page and f"of {job.rows_total:,} rows" in page
        # The worker and its work horse (RQ gives the horse a session of its own), mid-export.
        horses = children_of(worker.pid)
        assert horses, "no work horse found"
        for pid in [worker.pid, *horses]:
            os.kill(pid, signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = time.monotonic()
        while time.monotonic() - killed_at < 60:
            page = client.get("/exports").get_data(as_text=True)
            if "the worker stopped before it was finished" in page:
                break
            assert "Ready" not in page, "the killed export finished all the same"
            time.sleep(0.5)
        else:
            pytest.fail("the killed export still shows as running")
        noticed = time.monotonic() - killed_at
        assert noticed < 120
        job = job_now(app, 1)
        assert job.status == "failed" and job.file_name is None
        assert not list(Path(app.config["EXPORT_DIR"]).glob("*.xlsx"))
        assert "/exports/1/retry" in page
    finally:
        if worker.poll() is None:
            for pid in [worker.pid, *children_of(worker.pid)]:
                os.kill(pid, signal.SIGKILL)
    # One press prepares it again, and a worker finishes it.
    assert client.post("/exports/1/retry").status_code == 302
    work(app)
    again = job_now(app, 2)
    assert again.status == "finished" and again.row_count == 4000
    with client.get("/exports/2/download") as response:
        path = tmp_path / "again.xlsx"
        path.write_bytes(response.data)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook["Pre-meeting"].max_row == 4002
    with app.app_context():
        assert db.session.scalar(select(ExportJob.status).where(ExportJob.id == 1)) == "failed"
