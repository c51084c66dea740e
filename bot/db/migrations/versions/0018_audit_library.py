"""audit log: the library each entry belongs to

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 12:00:00

The back-office shows a library's admins their own log. Entries written before this know
only their actor: those of a staff member who is still staff get that member's library.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("library_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_log_library_id"), ["library_id"])
    op.execute(
        "UPDATE audit_log SET library_id = (SELECT s.library_id FROM staff_members s "
        "WHERE s.telegram_id = audit_log.actor OR 'web:' || s.telegram_id = audit_log.actor)"
    )


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_library_id"))
        batch_op.drop_column("library_id")
