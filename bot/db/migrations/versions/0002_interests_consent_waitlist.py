"""family interests and consent version, unique waiting-list places

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 16:47:15.496524
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_column("interests")

    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("interests", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )

    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            "uq_registrations_waitlist_position",
            ["event_id", "waitlist_position"],
            unique=True,
            sqlite_where=sa.text("waitlist_position IS NOT NULL"),
            postgresql_where=sa.text("waitlist_position IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_registrations_waitlist_position",
            sqlite_where=sa.text("waitlist_position IS NOT NULL"),
            postgresql_where=sa.text("waitlist_position IS NOT NULL"),
        )

    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.drop_column("interests")
        batch_op.drop_column("consent_version")

    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("interests", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
