"""Requests per second for the secretariat's matrix and a questionnaire page at scale, beside
a minimal route served by the same gunicorn in the same run.

    .venv/bin/python benchmarks/pages.py [--commissions 500] [--submissions 5000]

Builds a throw-away database (PostgreSQL when TEST_DATABASE_URL or the local server answers,
SQLite otherwise) the way an operator would (``shura db upgrade``, ``shura definitions
sync``), loads 500 commissions and 5,000 submissions, starts gunicorn with two workers,
signs in as the secretariat and fires requests from several threads. Rounds alternate
between the routes so that a noisy machine slows them alike; each figure is the median
round. The ratios to the minimal route (``/healthz``, no session, no database) are what to
watch; the absolute figures depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PASSWORD = "benchmark-password-0123"
SECRET_KEY = "benchmark-secret-key-0123456789abcdef0123"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(folder: Path) -> str:
    """A fresh PostgreSQL database when a server answers, else a SQLite file."""
    base = os.environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        import psycopg

        with psycopg.connect(
            base.replace("postgresql://", "postgresql://", 1), autocommit=True, connect_timeout=3
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS shura_bench_pages")
            conn.execute("CREATE DATABASE shura_bench_pages")
        return base.rsplit("/", 1)[0] + "/shura_bench_pages"
    except Exception:  # no server: the embedded default
        return f"sqlite:///{folder / 'bench.db'}"


def prepare(url: str, env: dict, commissions: int, submissions: int) -> int:
    for command in (["db", "upgrade"], ["definitions", "sync"]):
        subprocess.run([BIN / "shura", *command], env=env, check=True, capture_output=True)
    from app import create_app
    from app.consultations.services import create_consultation
    from app.demo.bulk import load_bulk
    from app.extensions import db, refresh_planner_statistics
    from app.users.models import User
    from app.users.roles import SECRETARIAT

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        consultation = create_consultation(
            slug="bench",
            titles={"en": "Benchmark", "fr": "Banc d'essai", "ar": "اختبار"},
            workflow_code="commission_review",
            before=["pre_meeting"],
            after=["post_meeting"],
        )
        ids = load_bulk(
            consultation,
            commissions=commissions,
            submissions=submissions,
            today=dt.datetime.now(dt.UTC).date(),
        )
        db.session.add(
            User(email="secretariat@bench.org", name="Bench", role=SECRETARIAT, password=PASSWORD)
        )
        db.session.commit()
        refresh_planner_statistics()
        db.engine.dispose()
    return ids[len(ids) // 2]


class Client:
    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        conn.close()
        return response.status, data

    def login(self):
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": "secretariat@bench.org", "password": PASSWORD}
        )
        status, _ = self.request(
            "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 302, f"signing in answered {status}"


def rate(client: Client, path: str, seconds: float, threads: int) -> float:
    done, stop = [0] * threads, time.monotonic() + seconds

    def fire(n):
        while time.monotonic() < stop:
            status, _ = client.request("GET", path)
            assert status == 200, f"{path} answered {status}"
            done[n] += 1

    workers = [threading.Thread(target=fire, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commissions", type=int, default=500)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=4.0, help="per round and route")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = database_url(Path(folder))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "SHURA_INSTANCE_PATH": folder,
            "SHURA_ENV": "development",
        }
        env.pop("REDIS_URL", None)
        started = time.monotonic()
        submission_id = prepare(url, env, args.commissions, args.submissions)
        print(
            f"database: {url.split('@')[-1]}; {args.commissions} commissions, "
            f"{args.submissions} submissions loaded in {time.monotonic() - started:.1f}s"
        )
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            client = Client(port)
            for _ in range(300):
                try:
                    if client.request("GET", "/healthz")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            client.login()
            routes = {
                "floor": "/healthz",
                "dashboard": "/secretariat/",
                "questionnaire": f"/submissions/{submission_id}",
            }
            for path in routes.values():  # warm the workers' caches
                for _ in range(args.workers * 2):
                    status, _ = client.request("GET", path)
                    assert status == 200, f"{path} answered {status}"
            figures: dict[str, list[float]] = {name: [] for name in routes}
            for _ in range(args.rounds):
                for name, path in routes.items():
                    figures[name].append(rate(client, path, args.seconds, args.threads))
        finally:
            server.terminate()
            server.wait(timeout=30)
    median = {name: statistics.median(values) for name, values in figures.items()}
    for name, path in routes.items():
        print(
            f"{name:14} {path:28} {median[name]:8.1f} req/s  "
            f"(rounds: {', '.join(f'{v:.1f}' for v in figures[name])})"
        )
    print(
        f"floor_rps={median['floor']:.1f} dashboard_rps={median['dashboard']:.1f} "
        f"questionnaire_rps={median['questionnaire']:.1f} "
        f"dashboard_ratio={median['dashboard'] / median['floor']:.3f} "
        f"questionnaire_ratio={median['questionnaire'] / median['floor']:.3f}"
    )


if __name__ == "__main__":
    main()
