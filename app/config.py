"""Settings: defaults, test settings and environment loading.

This is the only module that reads ``os.environ``; everything else reads ``app.config``.
"""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"
DEFAULT_FORMS_DIR = PROJECT_ROOT / "forms"
DEFAULT_WORKFLOWS_DIR = PROJECT_ROOT / "workflows"


class ConfigurationError(RuntimeError):
    """The environment asks for something the application refuses to run with."""


#: the values SHURA_ENV may take, spelled exactly so: any other is refused, not guessed at
ENVIRONMENTS = ("development", "production")
#: a production SECRET_KEY is at least this long ...
SECRET_KEY_MIN_LENGTH = 32
#: ... has at least this many different characters (a random hex key of 32 has about 14;
#: fewer than 8 happens less than once in a million) ...
SECRET_KEY_MIN_DISTINCT = 8


def _secret_key(instance_path: Path) -> str:
    """Development key: generated once and kept in ``instance/`` so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(instance_path: Path, environ=None) -> dict:
    """Build the settings dictionary from defaults and the environment."""
    env = os.environ if environ is None else environ
    shura_env = env.get("SHURA_ENV", "development")
    default_secure = "1" if shura_env == "production" else "0"
    secure_cookies = env.get("SHURA_SECURE_COOKIES", default_secure) == "1"
    settings = {
        "SHURA_ENV": shura_env,
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL")
        or f"sqlite:///{instance_path / 'shura.sqlite3'}",
        "REDIS_URL": env.get("REDIS_URL") or None,
        "EXPORT_DIR": env.get("SHURA_EXPORT_DIR") or str(instance_path / "exports"),
        "FORMS_DIR": env.get("SHURA_FORMS_DIR") or str(DEFAULT_FORMS_DIR),
        "WORKFLOWS_DIR": env.get("SHURA_WORKFLOWS_DIR") or str(DEFAULT_WORKFLOWS_DIR),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS in production; SHURA_SECURE_COOKIES=0 only for a plain-HTTP intranet.
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # A form left open for a long meeting must still save: the CSRF token lives as long
        # as the session, not the one-hour Flask-WTF default.
        "WTF_CSRF_TIME_LIMIT": None,
        # Room in one request for the largest file a question may accept (50 MB,
        # app/questionnaires/types/file.py) beside the page's other answers (up to
        # MAX_FORM_MEMORY_SIZE): a file its question accepts is never refused as too large
        # for the request. The HTTPS proxy's body limit sits a little above this one, so
        # that the app's own page answers (README, "Behind the HTTPS proxy").
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
        # No pre-ping round trip: a pooled PostgreSQL connection is checked on its socket
        # at checkout and replaced if the server closed it (app/core/postgresql.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False},
        "JOB_TIMEOUT": int(env.get("SHURA_JOB_TIMEOUT", "1800")),
        #: finished exports are deleted after this many hours
        "EXPORT_KEEP_HOURS": int(env.get("SHURA_EXPORT_KEEP_HOURS", "72")),
        #: an export silent for this many seconds lost its worker (its heartbeat is 10 s)
        "EXPORT_HEARTBEAT_LOST": int(env.get("SHURA_EXPORT_HEARTBEAT_LOST", "90")),
        # Messages of the CLI in the language of the terminal: LANG=fr_FR.UTF-8 shura ...
        "CLI_LANGUAGE": (env.get("LC_ALL") or env.get("LC_MESSAGES") or env.get("LANG") or "en")[
            :2
        ].lower(),
        # A pasted text far over its limit must arrive to be refused with a message and kept
        # (Werkzeug's default refuses form fields over 500 kB with a bare 413).
        "MAX_FORM_MEMORY_SIZE": 8 * 1024 * 1024,
        # Where e-mails link to: the address people reach the site at.
        "BASE_URL": env.get("SHURA_BASE_URL") or "http://127.0.0.1:5000",
        # E-mail goes out through this SMTP server; without one it stays in the outbox,
        # which the secretariat reads in the app.
        "MAIL_SERVER": env.get("SHURA_MAIL_SERVER") or None,
        "MAIL_PORT": int(env.get("SHURA_MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("SHURA_MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("SHURA_MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": env.get("SHURA_MAIL_STARTTLS", "1") == "1",
        "MAIL_FROM": env.get("SHURA_MAIL_FROM") or "shura@localhost",
        # One-time password links: an invitation works for days, a reset for hours.
        "INVITATION_DAYS": int(env.get("SHURA_INVITATION_DAYS", "7")),
        "PASSWORD_RESET_HOURS": int(env.get("SHURA_PASSWORD_RESET_HOURS", "2")),
        # A commission is reminded this many days before a due date (and once overdue).
        "REMINDER_DAYS_BEFORE": int(env.get("SHURA_REMINDER_DAYS_BEFORE", "3")),
        # How often the worker's scheduler runs the reminders, in seconds.
        "REMINDER_INTERVAL": int(env.get("SHURA_REMINDER_INTERVAL", "3600")),
        # Failed sign-ins: past ACCOUNT_LIMIT failures for one e-mail (or ADDRESS_LIMIT from
        # one address, higher for offices behind one NAT) within WINDOW minutes, sign-in is
        # refused for LOCKOUT minutes, doubling at each new lockout up to LOCKOUT_MAX.
        "LOGIN_ACCOUNT_LIMIT": int(env.get("SHURA_LOGIN_ACCOUNT_LIMIT", "5")),
        "LOGIN_ADDRESS_LIMIT": int(env.get("SHURA_LOGIN_ADDRESS_LIMIT", "20")),
        "LOGIN_WINDOW_MINUTES": int(env.get("SHURA_LOGIN_WINDOW_MINUTES", "15")),
        "LOGIN_LOCKOUT_MINUTES": int(env.get("SHURA_LOGIN_LOCKOUT_MINUTES", "5")),
        "LOGIN_LOCKOUT_MAX_MINUTES": int(env.get("SHURA_LOGIN_LOCKOUT_MAX_MINUTES", "60")),
        #: each failed attempt is answered this much later per failure so far
        "LOGIN_SLOWDOWN_SECONDS": float(env.get("SHURA_LOGIN_SLOWDOWN_SECONDS", "0.5")),
        #: reverse proxies in front that append X-Forwarded-For: the client address counted
        #: is the one the outermost of them saw (0: the connection's own address)
        "LOGIN_PROXY_COUNT": int(env.get("SHURA_LOGIN_PROXY_COUNT", "0")),
        #: the throttle's keys in Redis start with this
        "LOGIN_THROTTLE_PREFIX": env.get("SHURA_LOGIN_THROTTLE_PREFIX") or "shura:login:",
        # A session unused this long ends; what was being typed is kept (see web/session_end.py).
        "SESSION_IDLE_MINUTES": int(env.get("SHURA_SESSION_IDLE_MINUTES", "120")),
        # How many drawings of a questionnaire page's questions each process keeps for the
        # answers they show (see web/drawn_questions.py); 0 draws every page afresh.
        "DRAWN_QUESTIONS_KEPT": int(env.get("SHURA_DRAWN_QUESTIONS_KEPT", "512")),
    }
    if env.get("SECRET_KEY"):
        settings["SECRET_KEY"] = env["SECRET_KEY"]
    return settings


def finalise_settings(settings: dict, instance_path: Path) -> None:
    """Fill what depends on the final settings, and refuse unsafe production settings."""
    environment = settings.get("SHURA_ENV")
    if environment not in ENVIRONMENTS:
        # "Production" is not read as production, nor as development: a typo in the one
        # setting that turns the safety checks on must stop the start.
        raise ConfigurationError(
            f"SHURA_ENV={environment!r} is not known; set it to one of: "
            f"{', '.join(ENVIRONMENTS)} (in lower case)."
        )
    production = environment == "production"
    if not settings.get("SECRET_KEY"):
        if production:
            raise ConfigurationError("SHURA_ENV=production needs SECRET_KEY to be set.")
        settings["SECRET_KEY"] = _secret_key(instance_path)
    settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        settings["SQLALCHEMY_DATABASE_URI"]
    )
    if not production:
        return
    weakness = weak_secret_key(settings["SECRET_KEY"])
    if weakness:
        raise ConfigurationError(
            f"SECRET_KEY {weakness} in production. Use a long random value, e.g. the output "
            "of: python -c 'import secrets; print(secrets.token_hex(32))'"
        )
    if settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        raise ConfigurationError(
            "DATABASE_URL points at SQLite; production needs PostgreSQL "
            "(postgresql+psycopg://user:password@host/dbname)."
        )


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` is too easy to guess for production, or None.

    The rule, simple enough to say in one line: at least 32 characters, at least 8
    different ones, and not one piece repeated (``abcabc...``, 32 spaces, ``aaaa...``).
    """
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"must be at least {SECRET_KEY_MIN_LENGTH} characters"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"must hold at least {SECRET_KEY_MIN_DISTINCT} different characters"
    for size in range(1, len(key) // 2 + 1):
        if all(key[index] == key[index - size] for index in range(size, len(key))):
            # The piece itself is not shown: the message goes to logs.
            return f"must not be one piece repeated ({size} characters over and over)"
    return None


def test_settings(environ=None) -> dict:
    """Overrides used by the test suite (see tests/conftest.py)."""
    env = os.environ if environ is None else environ
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "WTF_CSRF_ENABLED": False,
        "TEST_DATABASE_URL": env.get("TEST_DATABASE_URL") or None,
        "TEST_REDIS_URL": env.get("REDIS_URL") or None,
        "TEST_BROWSER": env.get("SHURA_BROWSER", "/usr/bin/chromium"),
        # Tests fail sign-ins on purpose: no pause (tests/web/test_throttle.py checks it).
        "LOGIN_SLOWDOWN_SECONDS": 0,
    }


def normalise_database_url(url: str) -> str:
    """Accept the common ``postgres://`` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
