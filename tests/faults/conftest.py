"""The fault matrix's stage: Shura served by gunicorn as the README runs it, over a PostgreSQL
cluster and a Redis of its own (so that a test may stop, kill and restart them), with
``shura worker`` processes a test starts and kills.

The site is prepared once per session, as an operator would: ``shura db upgrade``,
``shura definitions sync``, ``shura seed-demo --submissions 0`` (commissions, meetings and
the demo accounts); then a consultation of a few thousand approved submissions is loaded
in bulk, so that a workbook of it takes long enough to be interrupted.

These tests are marked ``faults``: ``make test`` leaves them out, ``make faults`` runs them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.faults.client import Browser
from tests.faults.services import PrivateCluster, PrivateRedis, free_port, wait_for

BIN = Path(sys.executable).parent
SECRET_KEY = "fault-matrix-secret-key-0123456789abcdefXYZ"
#: seconds of heartbeat silence after which an export's worker is taken for dead
HEARTBEAT_LOST = 6
#: approved submissions in the consultation exported under faults
EXPORT_SUBMISSIONS = 4000
EXPORT_SLUG = "faults-export"
CLI_TIMEOUT = 300


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.faults)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed fault test shows the logs of the server, the workers and Redis."""
    outcome = yield
    report = outcome.get_result()
    site = getattr(item, "funcargs", {}).get("live")
    if report.failed and isinstance(site, Site):
        for path in sorted(site.folder.glob("*.log")):
            report.sections.append((path.name, path.read_text(errors="replace")[-8000:]))


class Site:
    """The running deployment: its URL, environment, database and Redis."""

    def __init__(self, folder: Path, cluster: PrivateCluster, redis: PrivateRedis):
        self.folder, self.cluster, self.redis = folder, cluster, redis
        self.exports = folder / "exports"
        self.env = _environment(cluster.url, redis.url, self.exports)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / "gunicorn.log"
        self.server = None
        self.workers: list[subprocess.Popen] = []

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / "shura"), *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
        )
        if result.returncode != 0:
            pytest.fail(
                f"`shura {' '.join(args)}` exited with {result.returncode}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}",
                pytrace=False,
            )
        return result.stdout

    def start(self) -> None:
        """gunicorn as the README's production section runs it."""
        log = self.log_path.open("a")
        self.server = subprocess.Popen(
            [BIN / "gunicorn", "--workers", "4", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=Path(__file__).resolve().parents[2],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

        def up():
            assert self.server.poll() is None, f"gunicorn exited:\n{self.log()}"
            try:
                return Browser(self.url).get("/healthz", timeout=2).status == 200
            except OSError:
                return False

        wait_for(up, "gunicorn did not answer")

    def stop(self) -> None:
        for worker in self.workers:
            kill_group(worker)
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        """``shura worker`` in a process group of its own (its work horses die with it)."""
        log = (self.folder / f"{name}.log").open("a")
        worker = subprocess.Popen(
            [BIN / "shura", "worker"],
            cwd=self.folder,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.workers.append(worker)
        return worker

    def worker_log(self, name: str = "worker") -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def query(self, sql: str, *params):
        """Rows of a query on the site's database (a connection of its own, closed after)."""
        with psycopg.connect(self.cluster.url, connect_timeout=10) as connection:
            return connection.execute(sql, params).fetchall()

    def scalar(self, sql: str, *params):
        rows = self.query(sql, *params)
        return rows[0][0] if rows else None


def _environment(database_url: str, redis_url: str, exports: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("FLASK_APP", "FLASK_DEBUG", "SHURA_ENV", "SHURA_FORMS_DIR", "SHURA_WORKFLOWS_DIR"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SHURA_EXPORT_DIR=str(exports),
        SHURA_EXPORT_HEARTBEAT_LOST=str(HEARTBEAT_LOST),
        SECRET_KEY=SECRET_KEY,
        PYTHONUNBUFFERED="1",
    )
    return env


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (read from /proc): RQ puts its work horse in a process
    group of its own, so killing the worker's group does not reach it."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a process and all the processes it started (work horse, scheduler) at once."""
    if process.poll() is None:
        for pid in [process.pid, *descendants(process.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        process.wait(timeout=10)


def _load_export_consultation(site: Site) -> None:
    """A consultation of EXPORT_SUBMISSIONS approved submissions, loaded in bulk (the CLI
    makes submissions one by one, through the services: far too slow for thousands)."""
    from app import create_app
    from app.consultations.services import create_consultation
    from app.demo.bulk import load_bulk
    from app.extensions import db, refresh_planner_statistics

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": site.cluster.url, "SECRET_KEY": SECRET_KEY, "REDIS_URL": None}
    )
    with app.app_context():
        consultation = create_consultation(
            slug=EXPORT_SLUG,
            titles={"en": "Fault matrix", "fr": "Matrice des pannes", "ar": "مصفوفة الأعطال"},
            workflow_code="commission_review",
            before=["pre_meeting"],
            after=[],
        )
        load_bulk(
            consultation,
            commissions=100,
            submissions=EXPORT_SUBMISSIONS,
            reviewers=0,
            today=dt.date(2026, 12, 1),
            questionnaires=["pre_meeting"],
            state="approved",
            variety=20,
        )
        db.session.commit()
        refresh_planner_statistics()
        db.engine.dispose()


@pytest.fixture(scope="session")
def site():
    """The deployment the fault tests break: see the module's docstring."""
    folder = Path(tempfile.mkdtemp(prefix="shura-faults-"))
    cluster = PrivateCluster()
    redis = PrivateRedis(folder)
    site = Site(folder, cluster, redis)
    try:
        cluster.start()
        cluster.create_database()
        redis.start()
        site.cli("db", "upgrade")
        site.cli("definitions", "sync")
        site.cli("seed-demo", "--submissions", "0")
        _load_export_consultation(site)
        site.start()
        yield site
    finally:
        site.stop()
        redis.stop()
        cluster.remove()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def live(site):
    """The site with both its services up and the server answering, whatever the test
    before did to them; the server's log is shown when the test fails."""
    if not site.redis.running:
        site.redis.start()
    if not (site.cluster.data / "postmaster.pid").exists():
        site.cluster.start()
    if site.server.poll() is not None:
        pytest.fail(f"gunicorn has died:\n{site.log()[-5000:]}")
    yield site
    for worker in site.workers:
        kill_group(worker)
    site.workers.clear()


def meeting_of(site: Site, iso2: str, code: str = "pre_meeting") -> int:
    """A meeting of the demo consultation where ``iso2``'s focal point may start ``code``."""
    rows = site.query(
        "SELECT m.id FROM meetings m JOIN commissions c ON c.id = m.commission_id "
        "JOIN consultations k ON k.id = m.consultation_id "
        "WHERE c.iso2 = %s AND k.slug <> %s ORDER BY m.meeting_date DESC",
        iso2,
        EXPORT_SLUG,
    )
    assert rows, f"no meeting for {iso2}"
    return rows[0][0]


def start_draft(browser: Browser, site: Site, iso2: str) -> int:
    """Sign in as the commission's focal point and start its pre-meeting questionnaire."""
    browser.login(f"focal.{iso2.lower()}@example.org")
    meeting = meeting_of(site, iso2)
    answer = browser.post(
        f"/commission/meetings/{meeting}/pre_meeting/start",
        {"csrf_token": browser.csrf_token("/commission/")},
    )
    assert answer.status == 302, (answer.status, answer.text[:500])
    return int(re.search(r"/submissions/(\d+)", answer.location).group(1))


def export_job(site: Site, job_id: int) -> dict:
    row = site.query(
        "SELECT status, message, rows_done, rows_total, file_name FROM export_jobs WHERE id = %s",
        job_id,
    )[0]
    return dict(
        zip(("status", "message", "rows_done", "rows_total", "file_name"), row, strict=True)
    )


def export_consultation_id(site: Site) -> int:
    return site.scalar("SELECT id FROM consultations WHERE slug = %s", EXPORT_SLUG)


_asked = itertools.count(1)


def request_export(browser: Browser, site: Site) -> int:
    """Ask for the big consultation's workbook from the page; the new job's id.

    Each request ends its range of meetings on another far-off day: the same rows, but not
    the same request (an unchanged request would be handed the earlier file)."""
    before = site.scalar("SELECT coalesce(max(id), 0) FROM export_jobs")
    token = browser.csrf_token("/exports")
    until = dt.date(2090, 1, 1) + dt.timedelta(days=next(_asked))
    answer = browser.post(
        "/exports",
        {
            "csrf_token": token,
            "consultation": export_consultation_id(site),
            "lang": "en",
            "mode": "workbook",
            "headers": "labels",
            "meetings_to": until.isoformat(),
        },
    )
    assert answer.status == 302, (answer.status, answer.text[:500])
    job_id = site.scalar("SELECT max(id) FROM export_jobs")
    assert job_id > before, "no new export job"
    return job_id


def wait_until(condition, what: str, timeout: float) -> float:
    """Poll ``condition`` until true; the seconds it took (fails the test after timeout)."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if condition():
            return time.monotonic() - began
        time.sleep(0.3)
    pytest.fail(f"{what} within {timeout:.0f} s", pytrace=False)
