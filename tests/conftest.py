"""Shared fixtures: an app per database backend, an HTTP client, sign-in helpers, factories.

Every database test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
A test that needs a service which is not configured is skipped with a reason starting with
"service missing"; with SHURA_REQUIRE_SERVICES=1 (as in CI) it fails instead.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.config import normalise_database_url, test_settings
from app.consultations.definitions import sync_definitions
from app.extensions import db
from tests.helpers import (
    PASSWORD,
    create_commission,
    create_consultation,
    create_meeting,
    create_user,
)

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS = test_settings()


def need_service(name: str, configured: bool, how: str) -> None:
    """Skip (or, in CI, fail) a test whose service is not configured."""
    if configured:
        return
    message = f"service missing: {name} ({how})"
    if os.environ.get("SHURA_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away PostgreSQL database for this test session."""
    base = SETTINGS["TEST_DATABASE_URL"]
    need_service("PostgreSQL", bool(base), "set TEST_DATABASE_URL")
    base_url = make_url(normalise_database_url(base))
    name = f"shura_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("postgres_url")


_created_apps: list = []


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Close every pooled connection of the apps a test built (no leak warnings later)."""
    yield
    while _created_apps:
        with _created_apps.pop().app_context():
            db.session.remove()
            db.engine.dispose()


def make_app(database_url: str, tmp_path: Path, **overrides):
    config = {
        **SETTINGS,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": tmp_path / "instance",
        "EXPORT_DIR": str(tmp_path / "exports"),
        "REDIS_URL": None,
        **overrides,
    }
    app = create_app(config)
    _created_apps.append(app)
    return app


def prepared_app(database_url, tmp_path, **overrides):
    """An app on an empty schema with its definitions stored (the shipped ones unless
    ``overrides`` name other folders); dropped afterwards."""
    app = make_app(database_url, tmp_path, **overrides)
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_definitions(Path(app.config["FORMS_DIR"]), Path(app.config["WORKFLOWS_DIR"]))
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    yield from prepared_app(database_url, tmp_path)


@pytest.fixture
def postgres_app(postgres_url, tmp_path):
    """For what only a server database can show: concurrent writers racing for a row."""
    yield from prepared_app(postgres_url, tmp_path)


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def dummy_world(request):
    app = request.getfixturevalue(
        "postgres_app" if "postgres_app" in request.fixturenames else "app"
    )
    """Two commissions with a meeting each, their focal points, two reviewers, a secretariat."""
    from app.users.roles import COMMISSION, REVIEWER, SECRETARIAT

    with app.app_context():
        ma, sn = create_commission("MA"), create_commission("SN")
        consultation = create_consultation()
        world = {
            "ma_meeting": create_meeting(consultation, ma).id,
            "sn_meeting": create_meeting(consultation, sn).id,
            "consultation": consultation.id,
        }
        create_user("focal.ma@test.org", COMMISSION, commission=ma)
        create_user("focal.sn@test.org", COMMISSION, commission=sn)
        create_user("reviewer@test.org", REVIEWER, reviews=[ma, sn])
        create_user("reviewer.sn@test.org", REVIEWER, reviews=[sn])
        create_user("secretariat@test.org", SECRETARIAT)
        db.session.commit()
    return world
