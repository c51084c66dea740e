"""WhatsApp: the 24-hour window, news opt-in, inbox per channel, message statuses, menu pages

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 12:00:00

- families.last_incoming_at: the family's last message on a channel that counts a window
  (WhatsApp delivers free-form messages only within 24 hours of it);
- families.news_opt_in_at: the family asked for news outside a conversation (marketing
  templates on WhatsApp need an opt-in);
- inbox.channel: each channel catches up on its own updates only;
- outbox.delivery_status(_at): what the channel reported back (sent, delivered, read, failed);
- whatsapp_messages: a sent message's wamid → its outbox row, for the status webhooks;
- whatsapp_menus: the further pages of a menu longer than WhatsApp shows at once (a day).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_incoming_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("news_opt_in_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sa.String(length=20), server_default="telegram", nullable=False)
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_status", sa.String(length=16)))
        batch_op.add_column(sa.Column("delivery_status_at", sa.DateTime(timezone=True)))
    op.create_table(
        "whatsapp_messages",
        sa.Column("wamid", sa.String(length=128), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("wamid", name=op.f("pk_whatsapp_messages")),
    )
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatsapp_messages_created_at"), ["created_at"])
    op.create_table(
        "whatsapp_menus",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_whatsapp_menus")),
    )
    with op.batch_alter_table("whatsapp_menus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatsapp_menus_created_at"), ["created_at"])


def downgrade() -> None:
    with op.batch_alter_table("whatsapp_menus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_menus_created_at"))
    op.drop_table("whatsapp_menus")
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_messages_created_at"))
    op.drop_table("whatsapp_messages")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("delivery_status_at")
        batch_op.drop_column("delivery_status")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("families", schema=None) as batch_op:
        batch_op.drop_column("news_opt_in_at")
        batch_op.drop_column("last_incoming_at")
