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


#: a questionnaire as the first schema stored it: numbered slots, a 1-5 scale, yes/no booleans
OLD_DEFINITION = {
    "code": "pre_meeting",
    "title": {"en": "Pre", "fr": "Pré", "ar": "قبل"},
    "choice_lists": {"sectors": [{"value": "science", "label": {"en": "S", "fr": "S", "ar": "ع"}}]},
    "sections": [
        {
            "code": "s",
            "title": {"en": "S", "fr": "S", "ar": "ق"},
            "items": [
                {
                    "code": "priorities",
                    "type": "slots",
                    "count": 5,
                    "required_count": 1,
                    "label": {"en": "Priority", "fr": "Priorité", "ar": "الأولوية"},
                    "items": [
                        {
                            "code": "title",
                            "type": "text",
                            "label": {"en": "T", "fr": "T", "ar": "ع"},
                        },
                        {
                            "code": "sector",
                            "type": "select_one",
                            "choices": "sectors",
                            "label": {"en": "S", "fr": "S", "ar": "ق"},
                        },
                    ],
                },
                {
                    "code": "proposals",
                    "type": "slots",
                    "count": 5,
                    "label": {"en": "Proposal", "fr": "Proposition", "ar": "المقترح"},
                    "items": [
                        {
                            "code": "sector",
                            "type": "select_one",
                            "choices": "sectors",
                            "label": {"en": "S", "fr": "S", "ar": "ق"},
                        },
                    ],
                },
                {"code": "women", "type": "yes_no", "label": {"en": "W", "fr": "F", "ar": "م"}},
                {
                    "code": "satisfaction",
                    "type": "scale",
                    "min": 1.0,
                    "max": 5.0,
                    "label": {"en": "H", "fr": "C", "ar": "ر"},
                },
            ],
        }
    ],
}
OLD_ANSWERS = {
    "priorities_1_title": "Literacy",
    "priorities_3_title": "Heritage",
    "priorities_3_sector": "science",
    "proposals_2_sector": "science",
    "women": False,
    "satisfaction": 4,
}


def test_stored_slots_become_repeats(database_url, tmp_path):
    """The 2026-12-02 migration rewrites stored definitions and answers (see its docstring)."""
    import json

    from sqlalchemy import text

    from app.submissions.models import Submission

    app = make_app(database_url, tmp_path)
    with app.app_context():
        existing = MetaData()
        existing.reflect(db.engine)
        existing.drop_all(db.engine)
        upgrade(revision="cedb13c8e225")
        day = "2021-01-01"
        rows = [
            (
                "commissions",
                dict(id=1, iso2="MA", region="arab", name_en="M", name_fr="M", name_ar="م"),
            ),
            (
                "consultations",
                dict(
                    id=1,
                    slug="c",
                    title_en="C",
                    title_fr="C",
                    title_ar="ج",
                    workflow_code="commission_review",
                    created_at=day,
                ),
            ),
            (
                "meetings",
                dict(
                    id=1,
                    consultation_id=1,
                    commission_id=1,
                    meeting_date="2021-03-08",
                    created_at=day,
                ),
            ),
            (
                "questionnaire_versions",
                dict(
                    id=1,
                    code="pre_meeting",
                    content_hash="x",
                    source_file="f",
                    created_at=day,
                    content=json.dumps(OLD_DEFINITION),
                ),
            ),
            (
                "workflow_versions",
                dict(
                    id=1, code="w", content_hash="x", content="{}", source_file="f", created_at=day
                ),
            ),
            (
                "submissions",
                dict(
                    id=1,
                    meeting_id=1,
                    commission_id=1,
                    questionnaire_code="pre_meeting",
                    questionnaire_version_id=1,
                    workflow_version_id=1,
                    state="draft",
                    version=1,
                    created_at=day,
                    updated_at=day,
                    answers=json.dumps(OLD_ANSWERS),
                ),
            ),
        ]
        with db.engine.begin() as connection:
            for table, values in rows:
                columns = ", ".join(values)
                marks = ", ".join(f":{name}" for name in values)
                connection.execute(
                    text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values
                )
        upgrade()
        submission = db.session.get(Submission, 1)
        assert submission.answers == {
            "priorities": [{"title": "Literacy"}, {"title": "Heritage", "sector": "science"}],
            "proposals": [{"proposal_sector": "science"}],
            "women": "no",
            "satisfaction": 4,
        }
        definition = submission.definition
        priorities = definition.node_by_code["priorities"].item
        assert (priorities.type, priorities.min_count, priorities.max_count) == ("repeat", 1, 5)
        assert definition.node_by_code["satisfaction"].item.type == "rating"
        assert definition.answer_scopes["proposal_sector"] == ("proposals",)
        db.session.remove()
        downgrade(revision="cedb13c8e225")
        with db.engine.connect() as connection:
            answers = connection.execute(text("SELECT answers FROM submissions")).scalar()
        answers = json.loads(answers) if isinstance(answers, str) else answers
        # Empty slots are not kept: the third priority comes back as the second.
        assert answers == {
            "priorities_1_title": "Literacy",
            "priorities_2_title": "Heritage",
            "priorities_2_sector": "science",
            "proposals_1_sector": "science",
            "women": False,
            "satisfaction": 4,
        }
        downgrade(revision="base")
        db.engine.dispose()
