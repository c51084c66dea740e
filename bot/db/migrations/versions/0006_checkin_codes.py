"""check-in codes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 17:21:40.691332
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkin_code", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_registrations_checkin_code"), ["checkin_code"]
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_registrations_checkin_code"), type_="unique")
        batch_op.drop_column("checkin_code")
