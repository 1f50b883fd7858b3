"""Shura: a form-and-workflow engine for survey-based consultations."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from app.config import DEFAULT_INSTANCE_PATH, finalise_settings, load_settings


class DatabaseId(IntegerConverter):
    """An id in a URL: a number past a 64-bit integer names nothing (404), rather than
    reaching the database and failing there (500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**63 - 1, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def create_app(config_overrides: dict | None = None) -> Flask:
    """Build the application: config, then extensions, then blueprints, then the CLI."""
    overrides = dict(config_overrides or {})
    instance_path = Path(overrides.pop("INSTANCE_PATH", DEFAULT_INSTANCE_PATH))
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder="web/templates",
        static_folder="web/static",
    )
    # Before any route exists: every <int:...> of the URL map stops at a database integer.
    app.url_map.converters["int"] = DatabaseId
    settings = load_settings(instance_path)
    settings.update(overrides)
    finalise_settings(settings, instance_path)
    app.config.update(settings)

    from app import extensions

    extensions.db.init_app(app)
    from app.core import read_only_transactions

    read_only_transactions.init_app(app, extensions.db)
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=str(Path(__file__).resolve().parent.parent / "migrations"),
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    _init_babel(app)
    _import_models()
    _check_definitions(app)
    # The command line checks before each command that writes instead (see cli.py).
    if app.config["SHURA_ENV"] == "production" and app.config.get("DEMO_ACCOUNTS_STRICT", True):
        from app.users.accounts import refuse_demo_accounts

        refuse_demo_accounts(app)

    from app.web import init_app as init_web

    init_web(app)

    from app.api import init_app as init_api

    init_api(app)

    from app.cli import init_app as init_cli

    init_cli(app)
    return app


def _init_babel(app: Flask) -> None:
    """Flask-Babel with the catalogs read from their .po files (see core/i18n.py)."""
    from app.core.i18n import DOMAIN, install_template_gettext
    from app.extensions import babel
    from app.web.language import current_language

    babel.init_app(app, locale_selector=current_language)
    babel.domain_instance = DOMAIN
    install_template_gettext(app.jinja_env)


def _check_definitions(app: Flask) -> None:
    """Refuse to start on a broken definition file; the CLI loads leniently to report them."""
    from app.consultations.definitions import load_definitions
    from app.core.definition_files import DefinitionError

    loaded = load_definitions(Path(app.config["FORMS_DIR"]), Path(app.config["WORKFLOWS_DIR"]))
    app.extensions["shura.definition_problems"] = loaded.problems
    if loaded.problems and app.config.get("DEFINITIONS_STRICT", True):
        raise DefinitionError(loaded.problems)


def _import_models() -> None:
    """Register every model with the metadata (Alembic and create_all need them all)."""
    from app.consultations import models as _consultations  # noqa: F401
    from app.jobs import models as _jobs  # noqa: F401
    from app.notifications import models as _notifications  # noqa: F401
    from app.questionnaires import models as _questionnaires  # noqa: F401
    from app.submissions import models as _submissions  # noqa: F401
    from app.users import api_tokens as _api_tokens  # noqa: F401
    from app.users import models as _users  # noqa: F401
    from app.users import tokens as _tokens  # noqa: F401
    from app.workflows import models as _workflows  # noqa: F401
