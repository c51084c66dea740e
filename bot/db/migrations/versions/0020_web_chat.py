"""web chat: a visitor's last lines and downloads, one-time codes to move to another channel,
the choice to continue without reminders, and the key that signs visitor tokens

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 12:00:00
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FAMILY = "families.id"


def upgrade() -> None:
    op.create_table(
        "web_chat_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            [FAMILY],
            name=op.f("fk_web_chat_lines_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_chat_lines")),
    )
    op.create_index(op.f("ix_web_chat_lines_family_id"), "web_chat_lines", ["family_id"])
    op.create_table(
        "web_chat_files",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            [FAMILY],
            name=op.f("fk_web_chat_files_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_web_chat_files")),
    )
    op.create_index(op.f("ix_web_chat_files_family_id"), "web_chat_files", ["family_id"])
    op.create_index(op.f("ix_web_chat_files_expires_at"), "web_chat_files", ["expires_at"])
    _moves_and_choices()
    secrets_table = sa.table("deployment_secrets", sa.column("name"), sa.column("value"))
    op.bulk_insert(secrets_table, [{"name": "web_visitor_key", "value": secrets.token_hex(32)}])


def _moves_and_choices() -> None:
    op.create_table(
        "channel_moves",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            [FAMILY],
            name=op.f("fk_channel_moves_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_channel_moves")),
    )
    op.create_index(op.f("ix_channel_moves_family_id"), "channel_moves", ["family_id"])
    op.create_table(
        "continue_choices",
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=20), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            [FAMILY],
            name=op.f("fk_continue_choices_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("family_id", name=op.f("pk_continue_choices")),
    )


def downgrade() -> None:
    op.execute("DELETE FROM deployment_secrets WHERE name = 'web_visitor_key'")
    op.drop_table("continue_choices")
    op.drop_index(op.f("ix_channel_moves_family_id"), table_name="channel_moves")
    op.drop_table("channel_moves")
    op.drop_index(op.f("ix_web_chat_files_expires_at"), table_name="web_chat_files")
    op.drop_index(op.f("ix_web_chat_files_family_id"), table_name="web_chat_files")
    op.drop_table("web_chat_files")
    op.drop_index(op.f("ix_web_chat_lines_family_id"), table_name="web_chat_lines")
    op.drop_table("web_chat_lines")
