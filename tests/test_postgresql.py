"""PostgreSQL cursors describe their columns only when asked, and describe them as psycopg
does (``app.core.postgresql``)."""

import select as os_select
import time

import psycopg
import pytest
from sqlalchemy import select, text

from app.core import postgresql
from app.core.postgresql import ColumnsOnDemand, DescribedOnDemand
from app.extensions import db
from app.users.models import User
from app.users.roles import SECRETARIAT

QUERY = "SELECT 1 AS one, 'two'::text AS two, now() AS three, NULL::jsonb AS four"


def connect(postgres_url: str, **options) -> psycopg.Connection:
    return psycopg.connect(
        postgres_url.replace("postgresql+psycopg://", "postgresql://", 1), **options
    )


def described(columns) -> list:
    return [(c.name, c.type_code, c.display_size, c.internal_size, c.null_ok) for c in columns]


def test_the_apps_connections_use_them(postgres_app):
    with postgres_app.app_context():
        raw = db.session.connection().connection.dbapi_connection
        assert raw.cursor_factory is DescribedOnDemand
        with raw.cursor() as cursor:
            cursor.execute(QUERY)
            assert isinstance(cursor.description, ColumnsOnDemand)


def test_the_description_is_psycopgs_own(postgres_url):
    with connect(postgres_url) as conn:
        plain = conn.cursor()
        plain.execute(QUERY)
        on_demand = DescribedOnDemand(conn)
        on_demand.execute(QUERY)
        assert len(on_demand.description) == len(plain.description) == 4
        assert described(on_demand.description) == described(plain.description)
        assert on_demand.description[1].name == "two"
        assert [c.name for c in on_demand.description[-2:]] == ["three", "four"]
        # no rows to describe: as psycopg says
        plain.execute("CREATE TEMPORARY TABLE t (x int)")
        for statement in ("SELECT", "INSERT INTO t VALUES (1)", "UPDATE t SET x = 2"):
            plain.execute(statement)
            on_demand.execute(statement)
            assert on_demand.description == plain.description, statement


def test_a_description_read_late_refuses_another_result(postgres_url):
    """psycopg's list describes the result it came from for ever; one built late must not
    describe the next result instead."""
    with connect(postgres_url) as conn:
        cursor = DescribedOnDemand(conn)
        cursor.execute("SELECT 1 AS first")
        kept = cursor.description
        looked_at = cursor.description
        assert [c.name for c in looked_at] == ["first"]  # built while current: kept
        cursor.execute("SELECT 2 AS second")
        assert [c.name for c in looked_at] == ["first"]
        with pytest.raises(RuntimeError, match="moved to another result"):
            list(kept)


def test_cached_statements_read_their_rows_and_names(postgres_app):
    """SQLAlchemy reads the description of a compiled statement on its first run only
    (later runs keep its names and types), and of a plain text() on every run."""
    with postgres_app.app_context():
        db.session.add(User(email="a@example.org", name="A", role=SECRETARIAT, password="x" * 12))
        db.session.commit()
        for _ in range(3):
            row = db.session.execute(text(QUERY)).one()
            assert row._mapping["two"] == "two" and row.four is None
            user = db.session.scalars(select(User).where(User.email == "a@example.org")).one()
            assert user.name == "A"
            assert db.session.execute(select(User.name, User.email)).keys() == ["name", "email"]
            db.session.expire_all()


def terminate(postgres_url: str, pid: int) -> None:
    """End a server process, and wait until it has gone (it ends a moment later)."""
    with connect(postgres_url, autocommit=True) as admin:  # each look a fresh snapshot
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(100):
            there = admin.execute("SELECT FROM pg_stat_activity WHERE pid = %s", [pid])
            if there.fetchone() is None:
                return
            time.sleep(0.05)
    raise AssertionError(f"server process {pid} still there")


def backend_pid(app) -> int:
    with app.app_context():
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.commit()
        return pid


def test_a_pooled_connection_the_server_closed_is_replaced(postgres_app, postgres_url):
    """What the pre-ping did, without its round trip: a connection the server ended while
    it sat in the pool is replaced at checkout, and the statement runs."""
    first = backend_pid(postgres_app)
    assert backend_pid(postgres_app) == first  # the pool keeps one connection
    terminate(postgres_url, first)
    second = backend_pid(postgres_app)
    assert second != first
    assert backend_pid(postgres_app) == second


def test_an_idle_connection_is_checked_without_asking_the_server(postgres_url, monkeypatch):
    with connect(postgres_url) as conn:
        conn.execute("SELECT 1")
        conn.rollback()
        asked = []
        monkeypatch.setattr(postgresql, "answers", lambda c: asked.append(c) or True)
        assert postgresql.still_open(conn) and asked == []
        # Something arrived while idle (here a notification): the server is asked.
        conn.execute("LISTEN shura_test")
        conn.commit()
        with connect(postgres_url) as other:
            other.execute("NOTIFY shura_test")
            other.commit()
        os_select.select([conn.fileno()], [], [], 10)  # delivered a moment later
        assert postgresql.still_open(conn) and asked == [conn]


def test_a_connection_whose_server_went_away_is_not_open(postgres_url):
    with connect(postgres_url) as conn:
        conn.execute("SELECT 1")
        conn.rollback()
        terminate(postgres_url, conn.info.backend_pid)
        assert not postgresql.still_open(conn)
        assert not postgresql.answers(conn)


def test_a_connection_idle_for_long_is_asked(postgres_app, postgres_url, monkeypatch):
    """A connection dropped on the way (a firewall's idle timeout) shows nothing on its
    socket: one that sat idle longer than ASK_AFTER_IDLE is asked at checkout."""
    backend_pid(postgres_app)
    asked = []
    real = postgresql.answers
    monkeypatch.setattr(postgresql, "answers", lambda c: asked.append(c) or real(c))
    backend_pid(postgres_app)
    assert asked == []  # just back in the pool: not asked
    monkeypatch.setattr(postgresql, "ASK_AFTER_IDLE", 0)
    backend_pid(postgres_app)
    assert len(asked) == 1
    with connect(postgres_url) as conn:
        conn.execute("SELECT 1")
        conn.rollback()
        assert postgresql.still_open(conn, ask=True)
