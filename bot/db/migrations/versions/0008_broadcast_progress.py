"""broadcast progress

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 17:39:48.764145
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requester_chat", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("progress_message_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_column("finished_at")
        batch_op.drop_column("progress_at")
        batch_op.drop_column("progress_message_id")
        batch_op.drop_column("requester_chat")
