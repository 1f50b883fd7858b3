"""integrated report: submissions know their consultation; export jobs keep their options

Revision ID: a4c8e1f6b925
Revises: e5a9c2f7b318
Create Date: 2026-12-03 14:00:00

Submissions get the consultation of their meeting (as they already have its commission), so
that the report's queries select one consultation's submissions from one index, whatever the
planner knows of the meetings table. Export jobs keep the options they were asked with, the
fingerprint of the data they read (to hand out the same file while nothing changed), their
progress in rows, a heartbeat (a dead worker is noticed within two minutes) and an expiry.
Consultations say whether reviewers may export their assigned commissions' answers.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c8e1f6b925"
down_revision = "e5a9c2f7b318"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('queued', 'running', 'finished', 'failed')"
NEW_STATUSES = "status IN ('queued', 'running', 'finished', 'failed', 'canceled')"


def upgrade():
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("consultation_id", sa.Integer(), nullable=True))
    submissions = sa.table(
        "submissions", sa.column("consultation_id", sa.Integer), sa.column("meeting_id")
    )
    meetings = sa.table("meetings", sa.column("id"), sa.column("consultation_id"))
    op.get_bind().execute(
        submissions.update().values(
            consultation_id=sa.select(meetings.c.consultation_id)
            .where(meetings.c.id == submissions.c.meeting_id)
            .scalar_subquery()
        )
    )
    # On SQLite this copies the table (env.py switches foreign keys off around it).
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("consultation_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            batch.f("fk_submissions_consultation_id_consultations"),
            "consultations",
            ["consultation_id"],
            ["id"],
        )
        batch.create_index(
            "ix_submissions_report", ["consultation_id", "questionnaire_code", "state"]
        )

    op.add_column(
        "consultations",
        sa.Column("reviewers_may_export", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    with op.batch_alter_table("export_jobs") as batch:
        batch.drop_constraint(batch.f("ck_export_jobs_status_known"), type_="check")
        batch.create_check_constraint(batch.f("ck_export_jobs_status_known"), NEW_STATUSES)
        batch.add_column(sa.Column("options", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=True))
        batch.add_column(sa.Column("rows_done", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("rows_total", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index(batch.f("ix_export_jobs_fingerprint"), ["fingerprint"])


def downgrade():
    op.execute("UPDATE export_jobs SET status = 'failed' WHERE status = 'canceled'")
    with op.batch_alter_table("export_jobs") as batch:
        batch.drop_index(batch.f("ix_export_jobs_fingerprint"))
        for column in (
            "cancel_requested",
            "expires_at",
            "heartbeat_at",
            "rows_total",
            "rows_done",
            "fingerprint",
            "options",
        ):
            batch.drop_column(column)
        batch.drop_constraint(batch.f("ck_export_jobs_status_known"), type_="check")
        batch.create_check_constraint(batch.f("ck_export_jobs_status_known"), OLD_STATUSES)
    with op.batch_alter_table("consultations") as batch:
        batch.drop_column("reviewers_may_export")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_index("ix_submissions_report")
        batch.drop_constraint(
            batch.f("fk_submissions_consultation_id_consultations"), type_="foreignkey"
        )
        batch.drop_column("consultation_id")
