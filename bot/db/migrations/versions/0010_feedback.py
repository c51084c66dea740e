"""feedback: comments after a mark and typed feedback, with their event

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:00:00

Comments given after a mark lived in registrations.rating_comment; they move to the new
table (with the family, library and event of their registration), beside typed feedback.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("library_id", sa.String(length=64), nullable=True),
        sa.Column("event_id", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_feedback_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_feedback_library_id_libraries")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_feedback_event_id_events"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_event_id"), ["event_id"], unique=False)
    op.execute(
        "INSERT INTO feedback (family_id, library_id, event_id, text, given_at) "
        "SELECT r.family_id, e.library_id, r.event_id, r.rating_comment, r.updated_at "
        "FROM registrations r JOIN events e ON e.id = r.event_id "
        "WHERE r.rating_comment IS NOT NULL AND r.rating_comment <> ''"
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("rating_comment")


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_event_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_family_id"))
    op.drop_table("feedback")
