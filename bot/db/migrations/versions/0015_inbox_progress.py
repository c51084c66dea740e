"""inbox: who has an update in hand, how many of its replies were sent, updates the library
could not read

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 21:50:00

`owner` and `inbox_workers`: what a process has in hand is picked up by another only when the
owner stops showing signs of life, not when it is merely slow. `replies_sent`: a process that dies half-way through a reply of several messages (a
registration's confirmation, its .ics and its QR code) is followed by one that sends the rest,
not the whole reply again. `unreadable`: an update the library could not read is kept (a day)
for diagnosis instead of being dropped with its content.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_workers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_workers")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("replies_sent", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("unreadable", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_column("unreadable")
        batch_op.drop_column("replies_sent")
        batch_op.drop_column("owner")
    op.drop_table("inbox_workers")
