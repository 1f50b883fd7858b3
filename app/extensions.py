"""Flask extensions, created unbound and initialised in ``create_app``."""

import sqlite3

from flask import current_app
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# PostgreSQL connections' own cursors and checkout check, set up by its pool listeners.
from app.core import postgresql as _postgresql  # noqa: F401

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def redis_connection(**options):
    """The Redis connection for jobs, or None when jobs run inline (no REDIS_URL);
    ``options`` go to the client (timeouts)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis

    return Redis.from_url(url, **options)


def job_queue(name: str):
    """An RQ queue by name, or None when no Redis is configured."""
    connection = redis_connection()
    if connection is None:
        return None
    from rq import Queue

    return Queue(name, connection=connection, default_timeout=current_app.config["JOB_TIMEOUT"])


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: enforce foreign keys, and let a job report progress while others read (WAL)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def refresh_planner_statistics() -> None:
    """After a bulk load, let PostgreSQL's planner know the tables' new sizes at once
    rather than at autovacuum's next pass: plans chosen on stale statistics (a nested loop
    over thousands of meetings) made the first export after a seed several times slower.
    Nothing to do on SQLite."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
