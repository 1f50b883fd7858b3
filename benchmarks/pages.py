"""Requests per second for the pages people wait on, beside a minimal route served by the
same gunicorn in the same run.

    .venv/bin/python benchmarks/pages.py [--commissions 500] [--submissions 5000]

Builds a throw-away database (PostgreSQL when TEST_DATABASE_URL or the local server answers,
SQLite otherwise) the way an operator would (``shura db upgrade``, ``shura definitions
sync``), loads 500 commissions and 5,000 submissions, and starts gunicorn exactly as the
README's production section does (``gunicorn --workers 4 --bind ... wsgi:app`` with
``SHURA_ENV=production``). Then 8 clients, each on its own connection with its own account,
fire a fixed number of requests at each route:

- ``ceiling``: ``/healthz`` (no session, no database), the most the server can answer;
- ``signed_in``: ``/`` for a signed-in focal point, which reads the session and its person
  and redirects home: the least any signed-in page costs (the floor under the others);
- ``questionnaire``: a commission focal point's questionnaire page (its own draft), opened
  again and again: its questions are drawn once and kept for the answers they show (as when
  a page comes back after a save or a move between sections); ``--drawn-kept 0`` draws them
  on every request, as on a first visit;
- ``save``: that focal point saving the page's form (alternating values, so that every save
  writes a new version; each client saves its own draft, so none conflicts);
- ``api``: the API's submission list, 50 to a page, with a bearer token of the secretariat;
- ``dashboard``: the secretariat's matrix of every commission.

Rounds alternate between the routes so that a noisy machine slows them alike; requests/s is
the median round, p50 and p99 are over every request of the route. The ratios to the ceiling
are what to watch; the absolute figures depend on the machine. The last line reads
``page_ratio=R save_ratio=S api_ratio=A``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html.parser
import http.client
import math
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
SECRETARIAT_EMAIL = "secretariat@bench.org"
#: the questionnaire the focal points open and save (its first section, as a user does)
QUESTIONNAIRE = "pre_meeting"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(folder: Path) -> str:
    """A fresh PostgreSQL database when a server answers, else a SQLite file."""
    base = os.environ.get("TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        import psycopg

        with psycopg.connect(base, autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS shura_bench_pages WITH (FORCE)")
            conn.execute("CREATE DATABASE shura_bench_pages")
        return base.rsplit("/", 1)[0] + "/shura_bench_pages"
    except Exception:  # no server: the embedded default
        return f"sqlite:///{folder / 'bench.db'}"


def drop_database(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS shura_bench_pages WITH (FORCE)")


def prepare(url: str, env: dict, commissions: int, submissions: int, clients: int) -> dict:
    """Load the data; the focal points' (email, draft id) to drive."""
    for command in (["db", "upgrade"], ["definitions", "sync"]):
        subprocess.run([BIN / "shura", *command], env=env, check=True, capture_output=True)
    from sqlalchemy import select

    from app import create_app
    from app.consultations.services import create_consultation
    from app.demo.bulk import load_bulk
    from app.extensions import db, refresh_planner_statistics
    from app.submissions.models import Submission
    from app.users.models import User
    from app.users.roles import COMMISSION, SECRETARIAT

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        consultation = create_consultation(
            slug="bench",
            titles={"en": "Benchmark", "fr": "Banc d'essai", "ar": "اختبار"},
            workflow_code="commission_review",
            before=["pre_meeting"],
            after=["post_meeting"],
        )
        load_bulk(
            consultation,
            commissions=commissions,
            submissions=submissions,
            reviewers=0,  # demo accounts: a production server would refuse to start
            today=dt.datetime.now(dt.UTC).date(),
        )
        db.session.add(
            User(email=SECRETARIAT_EMAIL, name="Bench", role=SECRETARIAT, password=PASSWORD)
        )
        # One focal point per client, each on a draft of its own commission: saves that
        # never wait on each other's row, as in a real consultation.
        drafts, seen = [], set()
        for submission in db.session.scalars(
            select(Submission)
            .where(Submission.questionnaire_code == QUESTIONNAIRE)
            .order_by(Submission.id)
        ):
            if submission.state != submission.workflow.initial or (
                submission.commission_id in seen
            ):
                continue
            seen.add(submission.commission_id)
            email = f"focal{len(drafts)}@bench.org"
            db.session.add(
                User(
                    email=email,
                    name=f"Focal point {len(drafts)}",
                    role=COMMISSION,
                    commission_id=submission.commission_id,
                    is_focal_point=True,
                    password=PASSWORD,
                )
            )
            drafts.append((email, submission.id))
            if len(drafts) == clients:
                break
        if len(drafts) < clients:
            raise SystemExit(f"only {len(drafts)} drafts to give {clients} clients: load more")
        db.session.commit()
        refresh_planner_statistics()
        db.engine.dispose()
    return {"drafts": drafts}


def api_token(env: dict) -> tuple[str | None, str]:
    """A bearer token for the secretariat made as an administrator would, or why not."""
    done = subprocess.run(
        [BIN / "shura", "api-token", "create", "--email", SECRETARIAT_EMAIL],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return None, f"`shura api-token create` failed: {done.stderr.strip()[-300:]}"
    return done.stdout.strip().splitlines()[-1].strip(), ""


class FormFields(html.parser.HTMLParser):
    """The fields a browser posts from the page's questionnaire form, as [name, value]."""

    def __init__(self):
        super().__init__()
        self.inside, self.fields = False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "questionnaire" in (a.get("class") or "").split():
            self.inside = True
        elif not self.inside or not a.get("name") or "disabled" in a:
            if tag == "option" and self._select is not None:
                self._option(a)
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = [a["name"], None, None]  # name, selected, first

    def _option(self, a):
        value = a.get("value") or ""
        if self._select[2] is None:
            self._select[2] = value
        if "selected" in a:
            self._select[1] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append([name, chosen if chosen is not None else first or ""])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Client:
    """One person's browser: one connection (kept open while the server allows) and cookies."""

    def __init__(self, port: int):
        self.port, self.cookies, self.conn = port, {}, None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()  # the server closed a kept connection: open another once
                self.conn = None
                if attempt == 2:
                    raise
        if response.will_close:
            self.conn.close()
            self.conn = None
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name] = value
        return response.status, data

    def login(self, email: str):
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": PASSWORD})
        status, _ = self.request(
            "POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 302, f"signing in as {email} answered {status}"


class Saver:
    """A focal point saving their draft's page again and again, a value changed each time."""

    def __init__(self, client: Client, submission_id: int):
        self.client, self.path = client, f"/submissions/{submission_id}"
        status, page = client.request("GET", self.path)
        assert status == 200, f"{self.path} answered {status}"
        parser = FormFields()
        parser.feed(page.decode())
        self.fields = parser.fields
        names = [name for name, _ in self.fields]
        self.version = names.index("loaded_version")
        own = {"csrf_token", "loaded_version", "section"}
        text = [
            n
            for n, (name, value) in enumerate(self.fields)
            if name not in own and not name.endswith("entry_key") and value and "-" not in name
        ]
        assert text, f"no answered field to change on {self.path}"
        self.changed, self.original = text[0], self.fields[text[0]][1]
        self.count = 0

    def save(self):
        self.count += 1
        self.fields[self.changed][1] = self.original + (" ·" if self.count % 2 else "")
        body = urllib.parse.urlencode([*map(tuple, self.fields), ("intent", "save")])
        status, data = self.client.request(
            "POST",
            self.path + "/answers",
            body,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status in (302, 303):
            self.fields[self.version][1] = str(int(self.fields[self.version][1]) + 1)
        return status, data


def run_round(
    clients, route, requests: int, expected=(200,)
) -> tuple[float, list[float], list[int]]:
    """(requests/s, latencies in ms, failed statuses) of ``requests`` spread over the clients."""
    share = [requests // len(clients) + (n < requests % len(clients)) for n in range(len(clients))]
    latencies: list[list[float]] = [[] for _ in clients]
    failures: list[list[int]] = [[] for _ in clients]
    start = threading.Barrier(len(clients) + 1)

    def fire(n):
        start.wait()
        for _ in range(share[n]):
            began = time.perf_counter()
            status, _ = route(n)
            latencies[n].append((time.perf_counter() - began) * 1000)
            if status not in expected:
                failures[n].append(status)

    workers = [threading.Thread(target=fire, args=(n,)) for n in range(len(clients))]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.monotonic()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    return (
        requests / elapsed,
        [x for ms in latencies for x in ms],
        [s for codes in failures for s in codes],
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commissions", type=int, default=500)
    parser.add_argument("--submissions", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=400, help="per round and route")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (the README's 4)")
    parser.add_argument(
        "--drawn-kept",
        type=int,
        default=None,
        help="SHURA_DRAWN_QUESTIONS_KEPT for the server (0: every page's questions drawn "
        "afresh, as on a first visit; default: the app's own)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = database_url(Path(folder))
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "SHURA_INSTANCE_PATH": folder,
            "SHURA_EXPORT_DIR": str(Path(folder) / "exports"),
            "SHURA_ENV": "production" if url.startswith("postgresql") else "development",
            # Plain HTTP here, as behind the README's HTTPS proxy: the cookies must come back.
            "SHURA_SECURE_COOKIES": "0",
        }
        env.pop("REDIS_URL", None)
        if args.drawn_kept is not None:
            env["SHURA_DRAWN_QUESTIONS_KEPT"] = str(args.drawn_kept)
        started = time.monotonic()
        try:
            data = prepare(url, env, args.commissions, args.submissions, args.clients)
            token, api_missing = api_token(env)
            print(
                f"database: {url.split('@')[-1]}; {args.commissions} commissions, "
                f"{args.submissions} submissions loaded in {time.monotonic() - started:.1f}s"
            )
            figures, failures = measure(args, env, data, token, api_missing)
        finally:
            drop_database(url)
    report(figures, failures, args)


def measure(args, env, data, token, api_missing):
    port = free_port()
    # The README's production command, on a free port.
    server = subprocess.Popen(
        [BIN / "gunicorn", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning", "wsgi:app"],
        cwd=ROOT,
        env=env,
    )
    try:
        probe = Client(port)
        for _ in range(300):
            try:
                if probe.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                probe.conn = None
                time.sleep(0.1)
        secretariat = [Client(port) for _ in range(args.clients)]
        focal = [Client(port) for _ in range(args.clients)]
        for client in secretariat:
            client.login(SECRETARIAT_EMAIL)
        for client, (email, _draft) in zip(focal, data["drafts"], strict=True):
            client.login(email)
        savers = [
            Saver(client, draft)
            for client, (_email, draft) in zip(focal, data["drafts"], strict=True)
        ]
        bearer = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        api_path = "/api/v1/submissions?limit=50"
        if token:
            status, body = focal[0].request("GET", api_path, headers=bearer)
            if status != 200:
                api_missing = f"GET {api_path} answered {status}: {body[:200]!r}"
        routes = {
            "ceiling": lambda n: focal[n].request("GET", "/healthz"),
            "signed_in": lambda n: focal[n].request("GET", "/"),
            "questionnaire": lambda n: focal[n].request("GET", savers[n].path),
            "save": lambda n: savers[n].save(),
            "dashboard": lambda n: secretariat[n].request("GET", "/secretariat/"),
        }
        if not api_missing:
            # A bearer token and no cookie: what a reporting tool sends.
            api_clients = [Client(port) for _ in range(args.clients)]
            routes["api"] = lambda n: api_clients[n].request("GET", api_path, headers=bearer)
        figures = {name: {"rps": [], "ms": [], "api_missing": api_missing} for name in routes}
        failures: dict[str, list[int]] = {name: [] for name in routes}
        for name, route in routes.items():  # warm every worker's caches
            run_round(secretariat if name == "dashboard" else focal, route, args.clients * 4)
        for _ in range(args.rounds):
            for name, route in routes.items():
                expected = (302, 303) if name in ("save", "signed_in") else (200,)
                rps, latencies, failed = run_round(focal, route, args.requests, expected)
                figures[name]["rps"].append(rps)
                figures[name]["ms"].extend(latencies)
                failures[name].extend(failed)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures, failures


def report(figures, failures, args) -> None:
    ceiling = statistics.median(figures["ceiling"]["rps"])
    kept = "" if args.drawn_kept is None else f", SHURA_DRAWN_QUESTIONS_KEPT={args.drawn_kept}"
    print(
        f"{args.clients} clients, {args.rounds} rounds of {args.requests} requests a route, "
        f"gunicorn --workers {args.workers}{kept}"
    )
    print(f"{'route':14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}  rounds (req/s)")
    ratios = {}
    for name, figure in figures.items():
        if name == "api_missing":
            continue
        rps = statistics.median(figure["rps"])
        ratios[name] = rps / ceiling
        print(
            f"{name:14} {rps:8.1f} {percentile(figure['ms'], 0.5):8.1f} "
            f"{percentile(figure['ms'], 0.99):8.1f} {rps / ceiling:6.3f}  "
            f"{', '.join(f'{v:.0f}' for v in figure['rps'])}"
        )
    for name, codes in failures.items():
        if codes:
            counted = {code: codes.count(code) for code in sorted(set(codes))}
            print(f"FAILED {name}: {len(codes)} requests ({counted})")
    missing = figures["ceiling"]["api_missing"]
    if missing:
        print(f"api: not measured: {missing}")
    print(
        f"page_ratio={ratios['questionnaire']:.3f} save_ratio={ratios['save']:.3f} "
        f"api_ratio={ratios['api']:.3f}"
        if "api" in ratios
        else f"page_ratio={ratios['questionnaire']:.3f} save_ratio={ratios['save']:.3f} "
        "api_ratio=nan"
    )


if __name__ == "__main__":
    main()
