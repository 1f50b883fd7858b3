"""meetings and windows: meeting details and status, questionnaire windows

Revision ID: c3e9a7d5f214
Revises: 8b4d2f6a1c73
Create Date: 2026-12-02 19:00:00

- ``meetings`` gains its time, place, online link, status (scheduled, held, postponed,
  cancelled), notes, the day it was marked held, a version counter and who changed it last.
  A meeting already past when this runs is taken as held on its date (its post-meeting
  questionnaire was open until now and stays open); the others are scheduled.
- ``consultation_questionnaires`` gains the window settings, in days: opens and due before
  the meeting, due after it, accepted late, and the review deadline; every existing
  questionnaire gets the defaults (30, 7, 30, 7, 14).
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3e9a7d5f214"
down_revision = "8b4d2f6a1c73"
branch_labels = None
depends_on = None

WINDOW_DEFAULTS = {
    "opens_days_before": 30,
    "due_days_before": 7,
    "due_days_after": 30,
    "late_days": 7,
    "review_days": 14,
}
MEETING_COLUMNS = (
    "start_time",
    "place",
    "online_link",
    "status",
    "notes",
    "held_on",
    "version",
    "updated_at",
    "updated_by_id",
)


def upgrade():
    bind = op.get_bind()
    # Plain ADD COLUMN (no batch copy): submissions point at meetings.
    op.add_column("meetings", sa.Column("start_time", sa.Time(), nullable=True))
    op.add_column("meetings", sa.Column("place", sa.String(length=300), nullable=True))
    op.add_column("meetings", sa.Column("online_link", sa.String(length=500), nullable=True))
    op.add_column(
        "meetings",
        sa.Column("status", sa.String(length=12), nullable=False, server_default="scheduled"),
    )
    op.add_column("meetings", sa.Column("notes", sa.Text(), nullable=True))
    op.add_column("meetings", sa.Column("held_on", sa.Date(), nullable=True))
    op.add_column(
        "meetings", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    # A constant default, which SQLite's ADD COLUMN needs for NOT NULL; every row then takes
    # its creation time, and PostgreSQL drops the default.
    op.add_column(
        "meetings",
        sa.Column(
            "updated_at", sa.DateTime(), nullable=False, server_default="2000-01-01 00:00:00"
        ),
    )
    if bind.dialect.name == "sqlite":
        op.execute("ALTER TABLE meetings ADD COLUMN updated_by_id INTEGER REFERENCES users (id)")
    else:
        op.add_column("meetings", sa.Column("updated_by_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_meetings_updated_by_id_users"), "meetings", "users", ["updated_by_id"], ["id"]
        )
    meetings = sa.table(
        "meetings",
        sa.column("meeting_date", sa.Date),
        sa.column("status", sa.String),
        sa.column("held_on", sa.Date),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    )
    today = dt.datetime.now(dt.UTC).date()
    bind.execute(meetings.update().values(updated_at=meetings.c.created_at))
    bind.execute(
        meetings.update()
        .where(meetings.c.meeting_date < today)
        .values(status="held", held_on=meetings.c.meeting_date)
    )
    if bind.dialect.name != "sqlite":
        # SQLite cannot add a constraint without copying the table; the model checks it.
        op.alter_column("meetings", "updated_at", existing_type=sa.DateTime(), server_default=None)
        op.create_check_constraint(
            op.f("ck_meetings_status_known"),
            "meetings",
            "status IN ('scheduled', 'held', 'postponed', 'cancelled')",
        )
    with op.batch_alter_table("consultation_questionnaires", schema=None) as batch_op:
        for column, default in WINDOW_DEFAULTS.items():
            batch_op.add_column(
                sa.Column(column, sa.Integer(), nullable=False, server_default=str(default))
            )


def downgrade():
    bind = op.get_bind()
    with op.batch_alter_table("consultation_questionnaires", schema=None) as batch_op:
        for column in WINDOW_DEFAULTS:
            batch_op.drop_column(column)
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_meetings_status_known"), "meetings", type_="check")
        op.drop_constraint(op.f("fk_meetings_updated_by_id_users"), "meetings", type_="foreignkey")
    for column in MEETING_COLUMNS:
        if bind.dialect.name == "sqlite":
            op.execute(f"ALTER TABLE meetings DROP COLUMN {column}")
        else:
            op.drop_column("meetings", column)
