"""PostgreSQL cursors describe their columns only when asked, and describe them as psycopg
does (``app.core.pg_cursors``)."""

import psycopg
import pytest
from sqlalchemy import select, text

from app.core.pg_cursors import ColumnsOnDemand, DescribedOnDemand
from app.extensions import db
from app.users.models import User
from app.users.roles import SECRETARIAT

QUERY = "SELECT 1 AS one, 'two'::text AS two, now() AS three, NULL::jsonb AS four"


def connect(postgres_url: str) -> psycopg.Connection:
    return psycopg.connect(postgres_url.replace("postgresql+psycopg://", "postgresql://", 1))


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
    """SQLAlchemy reads the description on a statement's first run only; later runs keep
    its names and types."""
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
