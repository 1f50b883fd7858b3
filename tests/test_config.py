"""Configuration: development conveniences, production refusals."""

import pytest

from app import create_app
from app.config import ConfigurationError, load_settings
from tests.conftest import make_app
from tests.helpers import create_user


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = load_settings(tmp_path, environ={})
    assert "SECRET_KEY" not in first  # generated when the app is built
    app = create_app({"INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    again = create_app({"INSTANCE_PATH": tmp_path, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(app.config["SECRET_KEY"]) >= 32
    assert app.config["SECRET_KEY"] == again.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_settings_come_from_the_environment(tmp_path):
    settings = load_settings(
        tmp_path,
        environ={
            "DATABASE_URL": "postgres://u@h/d",
            "REDIS_URL": "redis://r:6379/0",
            "SECRET_KEY": "k" * 40,
        },
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgres://u@h/d"
    assert settings["REDIS_URL"] == "redis://r:6379/0"
    app = create_app({"INSTANCE_PATH": tmp_path, **settings})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_default_database_is_sqlite_under_instance(tmp_path):
    settings = load_settings(tmp_path, environ={})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'shura.sqlite3'}"
    assert settings["REDIS_URL"] is None


def test_cookies_are_httponly_and_lax(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"SECRET_KEY": None}, "needs SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "at least 32 characters"),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "points at SQLite"),
    ],
)
def test_production_refuses_unsafe_settings(tmp_path, overrides, message):
    config = {
        "INSTANCE_PATH": tmp_path,
        "SHURA_ENV": "production",
        "SECRET_KEY": "p" * 40,
        "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1/none",
        **overrides,
    }
    with pytest.raises(ConfigurationError, match=message):
        create_app(config)


def test_production_refuses_demo_accounts(postgres_url, tmp_path):
    database_url = postgres_url
    app = make_app(database_url, tmp_path)
    with app.app_context():
        from app.extensions import db

        db.drop_all()
        db.create_all()
        user = create_user("demo@example.org", "secretariat")
        user.is_demo = True
        db.session.commit()
        db.session.remove()
    try:
        with pytest.raises(ConfigurationError, match="demo account"):
            make_app(database_url, tmp_path, SHURA_ENV="production", SECRET_KEY="p" * 40)
    finally:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()
