"""outbox.delivered_ids: the channel's ids of the messages an outbox row became

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 20:10:00

So that a question forwarded to a staff chat can be taken back (edited to "verwijderd") when
the family asks to be forgotten, or is forgotten after the retention period.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivered_ids", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("delivered_ids")
