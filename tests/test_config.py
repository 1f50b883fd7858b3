"""Configuration: development conveniences, production refusals."""

import secrets

import pytest

from app import create_app
from app.config import ConfigurationError, load_settings, weak_secret_key
from tests.conftest import make_app
from tests.helpers import PASSWORD, create_user

#: a key production accepts (random, as the README tells to make one)
STRONG_KEY = "5f0c2a9e8b7d4c3f1a6e9d0b2c4f7a18"


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
        "SECRET_KEY": STRONG_KEY,
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
            make_app(database_url, tmp_path, SHURA_ENV="production", SECRET_KEY=STRONG_KEY)
    finally:
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


@pytest.mark.parametrize(
    "value", ["Production", "PRODUCTION", "prod", "testing", "", " production"]
)
def test_unknown_environments_are_refused_with_the_allowed_ones(tmp_path, value):
    config = {"INSTANCE_PATH": tmp_path, "SHURA_ENV": value, "SECRET_KEY": STRONG_KEY}
    with pytest.raises(ConfigurationError) as refused:
        create_app({**config, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    message = str(refused.value)
    assert repr(value) in message and "development, production" in message


def test_the_environment_is_read_as_spelled(tmp_path):
    settings = load_settings(tmp_path, environ={"SHURA_ENV": "Production"})
    assert settings["SHURA_ENV"] == "Production"  # not lowered into a silent production
    assert load_settings(tmp_path, environ={})["SHURA_ENV"] == "development"


@pytest.mark.parametrize(
    "key, reason",
    [
        (" " * 32, "at least 8 different characters"),
        ("a" * 64, "at least 8 different characters"),
        ("abc" * 12, "at least 8 different characters"),
        ("0123456789abcdef" * 2, "one piece repeated (16 characters"),
        ("correct-horse!" * 3, "one piece repeated (14 characters"),
        ("0123456789abcdef0123456789abcde", "at least 32 characters"),
    ],
)
def test_production_refuses_guessable_keys(tmp_path, key, reason):
    assert reason in weak_secret_key(key)
    config = {
        "INSTANCE_PATH": tmp_path,
        "SHURA_ENV": "production",
        "SECRET_KEY": key,
        "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1/none",
    }
    with pytest.raises(ConfigurationError, match="SECRET_KEY must") as refused:
        create_app(config)
    assert key.strip() == "" or key not in str(refused.value)  # the key is not logged


@pytest.mark.parametrize(
    "key",
    [
        STRONG_KEY,
        secrets.token_hex(32),
        secrets.token_urlsafe(32),
        "the seven moons of Aldebaran rise over a quiet sea",
    ],
)
def test_random_keys_and_passphrases_are_accepted(key):
    assert weak_secret_key(key) is None


def test_demo_accounts_that_appear_while_production_runs_open_nothing(postgres_app, tmp_path):
    from app.extensions import db

    production = make_app(
        postgres_app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        SHURA_ENV="production",
        SECRET_KEY=STRONG_KEY,
    )  # starts: no demo account yet
    with postgres_app.app_context():
        create_user("demo@example.org", "secretariat").is_demo = True
        create_user("real@example.org", "secretariat")
        db.session.commit()
    client = production.test_client()
    refused = client.post("/login", data={"email": "demo@example.org", "password": PASSWORD})
    assert refused.status_code != 302
    assert client.get("/secretariat/").status_code == 302  # still signed out
    signed_in = client.post("/login", data={"email": "real@example.org", "password": PASSWORD})
    assert signed_in.status_code == 302
