"""Alembic has one head, and the migrations build exactly what the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData

from app.extensions import db
from tests.conftest import make_app

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_single_head():
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_migration_file_names_start_with_the_date():
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert path.name[:10].replace("_", "").isdigit(), path.name


def test_migrations_match_the_models(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        existing = MetaData()
        existing.reflect(db.engine)
        existing.drop_all(db.engine)
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        downgrade(revision="base")
        remaining = MetaData()
        remaining.reflect(db.engine)
        assert set(remaining.tables) <= {"alembic_version"}
        remaining.drop_all(db.engine)
        db.engine.dispose()
