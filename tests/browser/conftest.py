"""Fixtures for the browser tests: a real ``shura run`` server on a fresh database, and Chromium.

The server is prepared exactly as an operator would: ``shura db upgrade``, ``shura definitions
sync`` and ``shura seed-demo``, each run as a subprocess on a throw-away SQLite database.
Without REDIS_URL, jobs (workbook exports) run inline in the web process.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.config import test_settings
from tests.conftest import need_service

SHURA = Path(sys.executable).parent / "shura"
SECRET_KEY = "browser-test-secret-key-0123456789abcdef"  # 40 characters
STARTUP_TIMEOUT = 30
CLI_TIMEOUT = 180
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer(str):
    """The server's base URL (a plain string) that also knows where its log is."""

    log_path: Path

    def log(self) -> str:
        return _read_log(self.log_path)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the live server's log next to the traceback."""
    outcome = yield
    report = outcome.get_result()
    funcargs = getattr(item, "funcargs", {})
    server = funcargs.get("live_server") or funcargs.get("shared_server")
    if report.failed and isinstance(server, LiveServer):
        report.sections.append(("live server log", server.log()[-20000:]))


def _read_log(path: Path) -> str:
    """The server's log without the terminal colours Werkzeug adds."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(folder: Path, forms_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # no queue: jobs run inline
    for name in ("FLASK_APP", "FLASK_DEBUG", "SHURA_ENV", "SHURA_FORMS_DIR", "SHURA_WORKFLOWS_DIR"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        SHURA_EXPORT_DIR=str(folder / "exports"),
        SECRET_KEY=SECRET_KEY,
        PYTHONUNBUFFERED="1",
    )
    if forms_dir is not None:
        env["SHURA_FORMS_DIR"] = str(forms_dir)
    return env


def _cli(env: dict[str, str], folder: Path, *args: str) -> None:
    result = subprocess.run(
        [str(SHURA), *args],
        cwd=folder,
        env=env,
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


def _wait_until_up(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last_error = "no answer yet"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _fail_with_log(
                f"`shura run` exited with {server.returncode} before answering", log_path
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    _fail_with_log(
        f"`shura run` did not answer {url} within {STARTUP_TIMEOUT} s ({last_error})", log_path
    )


def _fail_with_log(message: str, log_path: Path) -> None:
    pytest.fail(f"{message}\n--- server log\n{_read_log(log_path)}", pytrace=False)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@contextlib.contextmanager
def serve(folder: Path, forms_dir: Path | None = None):
    """A ``shura run`` server on a freshly migrated and seeded SQLite database in ``folder``
    (with the questionnaires of ``forms_dir`` instead of the shipped ones, when given)."""
    if not SHURA.exists():
        pytest.fail(f"the shura script is not installed next to {sys.executable}", pytrace=False)
    env = _server_env(folder, forms_dir)
    _cli(env, folder, "db", "upgrade")
    _cli(env, folder, "definitions", "sync")
    _cli(env, folder, "seed-demo", "--submissions", "0")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(SHURA), "run", "--host", "127.0.0.1", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(f"{base_url}/login", server, log_path)
            live = LiveServer(base_url)
            live.log_path = log_path
            yield live
            if server.poll() is not None:
                _fail_with_log(
                    f"`shura run` died during the test (exit {server.returncode})", log_path
                )
        finally:
            _stop(server)


@pytest.fixture
def live_server(tmp_path_factory):
    """Base URL of a ``shura run`` server of its own, for a test that changes a lot."""
    with serve(tmp_path_factory.mktemp("live_server")) as live:
        yield live


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for a module's tests (each test works with its own commission)."""
    executable = test_settings()["TEST_BROWSER"]
    need_service("Chromium", Path(executable).is_file(), "install Debian's chromium package")
    with serve(tmp_path_factory.mktemp("shared_server")) as live:
        yield live


@pytest.fixture(autouse=True)
def chromium_executable() -> str:
    """Debian's Chromium (or SHURA_BROWSER); autouse, so a missing browser skips the test
    before the server is prepared."""
    executable = test_settings()["TEST_BROWSER"]
    need_service("Chromium", Path(executable).is_file(), "install Debian's chromium package")
    return executable


@pytest.fixture
def browser(chromium_executable):
    """Headless Chromium driven by Playwright (Playwright's own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()
