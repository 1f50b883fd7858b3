"""session tokens: a signed-in session names its user by a token that can be changed

Revision ID: 550e293df24c
Revises: b7d3e9a1c524
Create Date: 2026-12-04 12:45:00

Sessions held the user's id, which never changes, so a session cookie copied before
signing out kept working. They now hold the user's session token; a new token (at sign-out,
at a new password, at deactivation) ends every session of that user. Existing users get a
random token each, which signs everyone out once.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "550e293df24c"
down_revision = "b7d3e9a1c524"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("session_token", sa.String(length=64), nullable=True))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("session_token", sa.String))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(session_token=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("session_token", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_users_session_token"), ["session_token"], unique=True)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_session_token"))
        batch_op.drop_column("session_token")
