"""web back-office: one-time keys of forms that must not act twice

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 02:10:00

A desk registration or a new workshop sent twice (a double tap, a resent POST) acts once.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_form_keys",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_web_form_keys")),
    )
    with op.batch_alter_table("web_form_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_form_keys_used_at"), ["used_at"])


def downgrade() -> None:
    with op.batch_alter_table("web_form_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_form_keys_used_at"))
    op.drop_table("web_form_keys")
