"""review record: a workflow per questionnaire, answer versions, comments on questions

Revision ID: 8b4d2f6a1c73
Revises: 5e1a7c3d9b20
Create Date: 2026-12-02 18:00:00

What changes, and how stored data is carried over:

- ``consultation_questionnaires.workflow_code``: each questionnaire of a consultation names
  its workflow; it takes the consultation's ``workflow_code``, which goes.
- ``answer_versions``: every version of a submission's answers. Each existing submission gets
  its version 1: its current answers, saved by whoever saved them last, when they did.
  ``submissions.answers_version`` (1 for them) names the current one, and
  ``submission_history.answers_version`` the version an event left, and
  ``submission_history.submission_version`` the submission's version counter then (both
  unknown, so empty, for events before this migration).
- ``question_comments``: a reviewer's comments on single questions.
- Stored workflow versions: a workflow gains ``final`` states. In a stored version that has
  none, the states whose answers are reported (the foundation's end states) become final;
  each rewritten version gets the hash of its new content.

The downgrade gives each consultation the workflow of its first questionnaire, drops the new
tables and columns, and takes ``final`` out of the stored versions it was added to.
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "8b4d2f6a1c73"
down_revision = "5e1a7c3d9b20"
branch_labels = None
depends_on = None

workflow_versions = sa.table(
    "workflow_versions",
    sa.column("id", sa.Integer),
    sa.column("content", sa.JSON),
    sa.column("content_hash", sa.String),
)


def _hash(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _answers_type():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _rewrite_workflows(bind, change) -> None:
    for row in bind.execute(sa.select(workflow_versions)).all():
        content = json.loads(json.dumps(row.content))
        if change(content):
            bind.execute(
                workflow_versions.update()
                .where(workflow_versions.c.id == row.id)
                .values(content=content, content_hash=_hash(content))
            )


def _add_final(content: dict) -> bool:
    states = content.get("states") or {}
    if any(state.get("final") for state in states.values()):
        return False
    reported = [state for state in states.values() if state.get("reported")]
    for state in reported:
        state["final"] = True
    return bool(reported)


def _remove_final(content: dict) -> bool:
    states = content.get("states") or {}
    changed = False
    for state in states.values():
        if state.get("reported") and state.pop("final", None):
            changed = True
    return changed


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("consultation_questionnaires", schema=None) as batch_op:
        batch_op.add_column(sa.Column("workflow_code", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE consultation_questionnaires SET workflow_code = (SELECT workflow_code FROM "
        "consultations WHERE consultations.id = consultation_questionnaires.consultation_id)"
    )
    with op.batch_alter_table("consultation_questionnaires", schema=None) as batch_op:
        batch_op.alter_column("workflow_code", existing_type=sa.String(length=64), nullable=False)
    if bind.dialect.name == "sqlite":
        # Not through a batch copy: other tables point at consultations, and SQLite refuses to
        # drop a table they reference; its own DROP COLUMN leaves them alone.
        op.execute("ALTER TABLE consultations DROP COLUMN workflow_code")
    else:
        op.drop_column("consultations", "workflow_code")

    op.create_table(
        "answer_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("answers", _answers_type(), nullable=False),
        sa.Column("questionnaire_version_id", sa.Integer(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_answer_versions_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_version_id"],
            ["questionnaire_versions.id"],
            name=op.f("fk_answer_versions_questionnaire_version_id_questionnaire_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"], ["users.id"], name=op.f("fk_answer_versions_saved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_versions")),
        sa.UniqueConstraint(
            "submission_id", "number", name=op.f("uq_answer_versions_submission_id_number")
        ),
    )
    op.execute(
        "INSERT INTO answer_versions "
        "(submission_id, number, answers, questionnaire_version_id, saved_by_id, saved_at) "
        "SELECT id, 1, answers, questionnaire_version_id, updated_by_id, updated_at "
        "FROM submissions"
    )
    # Plain ADD COLUMN (no batch copy): other tables point at these two.
    op.add_column(
        "submissions",
        sa.Column("answers_version", sa.Integer(), nullable=False, server_default="1"),
    )
    op.add_column("submission_history", sa.Column("answers_version", sa.Integer(), nullable=True))
    op.add_column(
        "submission_history", sa.Column("submission_version", sa.Integer(), nullable=True)
    )

    op.create_table(
        "question_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("history_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("answers_version", sa.Integer(), nullable=False),
        sa.Column("resolved_by_history_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_question_comments_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["history_id"],
            ["submission_history.id"],
            name=op.f("fk_question_comments_history_id_submission_history"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_history_id"],
            ["submission_history.id"],
            name=op.f("fk_question_comments_resolved_by_history_id_submission_history"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_question_comments_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_comments")),
    )
    with op.batch_alter_table("question_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_comments_submission_id"), ["submission_id"], unique=False
        )

    _rewrite_workflows(bind, _add_final)


def downgrade():
    bind = op.get_bind()
    _rewrite_workflows(bind, _remove_final)
    with op.batch_alter_table("question_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_comments_submission_id"))
    op.drop_table("question_comments")
    for table, column in (
        ("submission_history", "submission_version"),
        ("submission_history", "answers_version"),
        ("submissions", "answers_version"),
    ):
        if bind.dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
    op.drop_table("answer_versions")

    # Added with a default, so SQLite need not copy the table to make it NOT NULL.
    op.add_column(
        "consultations",
        sa.Column(
            "workflow_code",
            sa.String(length=64),
            nullable=False,
            server_default="commission_review",
        ),
    )
    op.execute(
        "UPDATE consultations SET workflow_code = COALESCE((SELECT workflow_code FROM "
        "consultation_questionnaires WHERE consultation_questionnaires.consultation_id = "
        "consultations.id ORDER BY position LIMIT 1), 'commission_review')"
    )
    with op.batch_alter_table("consultation_questionnaires", schema=None) as batch_op:
        batch_op.drop_column("workflow_code")
