"""The API over real HTTP, end to end on PostgreSQL: gunicorn serving ``wsgi:app`` as the
README runs it in production, data made by the commands an operator runs, a token made with
``shura api-token create``, and a program's reads (urllib): the submission list walked page
by page, and the CSV file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.config import normalise_database_url
from tests.browser.conftest import CLI_TIMEOUT, SHURA, _cli, _free_port, _server_env, _stop
from tests.conftest import PROJECT, SETTINGS, need_service

GUNICORN = Path(sys.executable).parent / "gunicorn"
STARTUP_TIMEOUT = 60
DEMO_SUBMISSIONS = 30


class Live:
    def __init__(self, url: str, env: dict, folder: Path, log: Path):
        self.url, self.env, self.folder, self.log = url, env, folder, log

    def token(self, email: str) -> str:
        """A token as an administrator makes one: the last line the command prints."""
        result = subprocess.run(
            [str(SHURA), "api-token", "create", "--email", email, "--days", "1"],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip().splitlines()[-1]

    def get(self, path: str, token: str | None = None, method: str = "GET"):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = b"" if method != "GET" else None
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


@pytest.fixture
def live_api(tmp_path):
    """gunicorn on a PostgreSQL database of its own, migrated, synced and seeded."""
    base = SETTINGS["TEST_DATABASE_URL"]
    need_service("PostgreSQL", bool(base), "set TEST_DATABASE_URL")
    base_url = make_url(normalise_database_url(base))
    name = f"shura_api_http_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    env = _server_env(tmp_path)
    env["DATABASE_URL"] = base_url.set(database=name).render_as_string(hide_password=False)
    log_path = tmp_path / "gunicorn.log"
    server = None
    try:
        _cli(env, tmp_path, "db", "upgrade")
        _cli(env, tmp_path, "definitions", "sync")
        _cli(env, tmp_path, "seed-demo", "--submissions", str(DEMO_SUBMISSIONS))
        port = _free_port()
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [
                    str(GUNICORN),
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--chdir",
                    str(PROJECT),
                    "wsgi:app",
                ],
                cwd=tmp_path,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        live = Live(f"http://127.0.0.1:{port}", env, tmp_path, log_path)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            assert server.poll() is None, log_path.read_text()
            try:
                if live.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.3)
        yield live
        assert server.poll() is None, log_path.read_text()
    finally:
        if server is not None:
            _stop(server)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def walk(live: Live, token: str, query: str) -> list[dict]:
    """Every item of the list, following ``next`` as a program does."""
    items, path, pages = [], f"/api/v1/submissions?{query}", 0
    while path:
        status, headers, body = live.get(path, token)
        assert status == 200, body[:500]
        assert headers["Content-Type"] == "application/json"
        assert headers["Cache-Control"] == "no-store"
        page = json.loads(body)
        items += page["items"]
        path, pages = page["next"], pages + 1
        assert pages < 100
    return items


def test_a_program_reads_the_list_and_the_csv_file(live_api):
    live = live_api
    status, headers, body = live.get("/api/v1/submissions")
    assert status == 401 and headers["Content-Type"] == "application/problem+json"
    assert "Authorization: Bearer" in json.loads(body)["detail"]

    secretariat = live.token("secretariat@example.org")
    everything = walk(live, secretariat, "limit=7")
    ids = [item["id"] for item in everything]
    assert len(ids) == DEMO_SUBMISSIONS and ids == sorted(set(ids))
    assert len({item["commission"]["iso2"] for item in everything}) > 1

    flat = walk(live, secretariat, "limit=50&answers=flat&questionnaire=pre_meeting")
    assert flat and all(item["questionnaire"]["code"] == "pre_meeting" for item in flat)
    assert all("focal_point_name" in item["answers"] for item in flat)

    status, headers, body = live.get(
        "/api/v1/submissions.csv?questionnaire=pre_meeting", secretariat
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    header = rows[0]
    assert header[:2] == ["_member_state", "_iso2"] and "focal_point_name" in header
    by_id = {int(row[header.index("_submission_id")]): row for row in rows[1:]}
    assert list(by_id) == [item["id"] for item in flat]
    for item in flat:
        row = dict(zip(header, by_id[item["id"]], strict=True))
        assert row["_iso2"] == item["commission"]["iso2"]
        assert row["focal_point_name"] == (item["answers"]["focal_point_name"] or "")

    # A commission's token reads its own commission's submissions only, and another's
    # submission is not there for it.
    iso = everything[0]["commission"]["iso2"]
    commission = live.token(f"focal.{iso.lower()}@example.org")
    own = walk(live, commission, "limit=5")
    assert [item["id"] for item in own] == [
        item["id"] for item in everything if item["commission"]["iso2"] == iso
    ]
    foreign = next(item for item in everything if item["commission"]["iso2"] != iso)
    status, headers, body = live.get(f"/api/v1/submissions/{foreign['id']}", commission)
    assert status == 404 and headers["Content-Type"] == "application/problem+json"
    status, _headers, body = live.get(f"/api/v1/submissions/{foreign['id']}", secretariat)
    assert status == 200 and json.loads(body)["history"][0]["action"] == "create"

    # A reviewer's token: the submissions of the commissions they review (Asia's, for this
    # demo reviewer) in every state a reviewer sees, drafts left out; another region's
    # submission is 404 as if it did not exist; a secretariat's route is 403.
    asia = live.token("reviewer.asia@example.org")
    reviewed = walk(live, asia, "limit=20")
    expected = [
        item["id"]
        for item in everything
        if item["commission"]["region"] == "asia" and item["state"] != "draft"
    ]
    assert reviewed and [item["id"] for item in reviewed] == expected
    elsewhere = next(item for item in everything if item["commission"]["region"] != "asia")
    status, headers, _body = live.get(f"/api/v1/submissions/{elsewhere['id']}", asia)
    assert status == 404 and headers["Content-Type"] == "application/problem+json"
    status, headers, _body = live.get("/api/v1/definitions", asia, method="POST")
    assert status == 403 and headers["Content-Type"] == "application/problem+json"
