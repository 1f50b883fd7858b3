"""accounts: focal points among a commission's users, and one-time password links

Revision ID: e5a9c2f7b318
Revises: d7b1c4e8a905
Create Date: 2026-12-03 09:00:00

Each commission's earliest active user becomes its focal point (until now every commission user
could submit; with one focal point per commission, the others become editors). Accounts
invited from now on have an empty password hash until their owner chooses a password.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5a9c2f7b318"
down_revision = "d7b1c4e8a905"
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    op.add_column(
        "users",
        sa.Column("is_focal_point", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    users = sa.table(
        "users",
        sa.column("id", sa.Integer),
        sa.column("role", sa.String),
        sa.column("commission_id", sa.Integer),
        sa.column("is_focal_point", sa.Boolean),
        sa.column("active", sa.Boolean),
    )
    earliest = (
        sa.select(sa.func.min(users.c.id))
        .where(users.c.role == "commission", users.c.active.is_(True))
        .group_by(users.c.commission_id)
    )
    bind.execute(users.update().where(users.c.id.in_(earliest)).values(is_focal_point=True))
    op.create_index(
        "one_focal_point_per_commission",
        "users",
        ["commission_id"],
        unique=True,
        postgresql_where=sa.text("is_focal_point"),
        sqlite_where=sa.text("is_focal_point"),
    )
    if bind.dialect.name != "sqlite":
        # SQLite cannot add a constraint without copying the table; the model checks it.
        op.alter_column("users", "is_focal_point", server_default=None)
        op.create_check_constraint(
            op.f("ck_users_focal_point_is_commission_user"),
            "users",
            "NOT is_focal_point OR role = 'commission'",
        )
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('invitation', 'password_reset')",
            name=op.f("ck_account_tokens_purpose_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_account_tokens_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    op.create_index(op.f("ix_account_tokens_user_id"), "account_tokens", ["user_id"], unique=False)


def downgrade():
    bind = op.get_bind()
    op.drop_index(op.f("ix_account_tokens_user_id"), table_name="account_tokens")
    op.drop_table("account_tokens")
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_users_focal_point_is_commission_user"), "users", type_="check")
    op.drop_index("one_focal_point_per_commission", table_name="users")
    op.drop_column("users", "is_focal_point")
