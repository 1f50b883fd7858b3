"""Servers the fault tests may stop: a PostgreSQL cluster and a Redis of their own.

The shared services of the test run are never touched; these live in temporary folders,
listen on free ports, and go when the session ends.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import need_service

POSTGRES_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    """Whether something accepts connections on the port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout:.0f} s", pytrace=False)


class PrivateRedis:
    """``redis-server`` on a free port, keeping nothing on disk (as production's may not):
    stopped and started again, it comes back empty."""

    def __init__(self, folder: Path):
        need_service("redis-server", bool(shutil.which("redis-server")), "install redis-server")
        self.folder, self.port, self.process = folder, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        wait_for(lambda: answers(self.port), f"Redis did not answer on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # gone at once, like a crashed or restarted host
            self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class PrivateCluster:
    """A PostgreSQL cluster of its own (initdb in a temporary folder owned by ``postgres``),
    which a test may stop and restart: ``pg_ctl`` run as the ``postgres`` user."""

    def __init__(self):
        need_service("PostgreSQL server binaries", bool(POSTGRES_BINARIES), "install postgresql")
        try:
            self.owner = pwd.getpwnam("postgres")
        except KeyError:
            self.owner = None
        may_run = os.geteuid() == 0 or (self.owner and os.geteuid() == self.owner.pw_uid)
        need_service("a PostgreSQL cluster of its own", bool(may_run), "run as root or postgres")
        self.bin = POSTGRES_BINARIES[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="shura-faults-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/shura"
        self._as_postgres(
            self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )

    def _as_postgres(self, *command) -> None:
        words = [str(word) for word in command]
        if os.geteuid() == 0:
            words = ["su", "postgres", "-c", subprocess.list2cmdline(words)]
        result = subprocess.run(words, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            pytest.fail(
                f"{' '.join(words)} exited with {result.returncode}\n{result.stdout}\n"
                f"{result.stderr}\n{self.log.read_text() if self.log.exists() else ''}",
                pytrace=False,
            )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            options,
            "-w",
            action,
            *extra,
        )

    def start(self) -> None:
        self._pg_ctl("start")
        wait_for(lambda: answers(self.port), f"PostgreSQL did not answer on port {self.port}")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE shura")

    def stop_for(self, mode: str, seconds: float) -> None:
        """Stop (``fast``: sessions ended, a clean shutdown; ``immediate``: as a crash,
        recovered from the write-ahead log on the way up) and start again ``seconds`` later."""
        self._pg_ctl("stop", "-m", mode)
        time.sleep(seconds)
        self.start()

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
