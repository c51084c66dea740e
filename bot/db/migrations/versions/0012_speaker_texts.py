"""speaker in Dutch and English: events.speaker becomes {nl: ..., en: ...} like other texts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:00:00

A speaker ("een pedagoog van Welzijn Lelystad") is text a family reads, so it gets an
English variant like title, topic and bring. The column is added, filled and renamed
instead of changed in place: on SQLite a change of type rebuilds the table, which would
drop the catalogue-token triggers of migration 0009 and trip over the foreign keys that
point at events.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.add_column(
        "events", sa.Column("speaker_texts", sa.JSON(), nullable=False, server_default="{}")
    )
    to_json = "json_object('nl', speaker)" if _sqlite() else "json_build_object('nl', speaker)"
    op.execute(f"UPDATE events SET speaker_texts = {to_json} WHERE speaker IS NOT NULL")
    op.drop_column("events", "speaker")
    op.alter_column("events", "speaker_texts", new_column_name="speaker")


def downgrade() -> None:
    op.add_column("events", sa.Column("speaker_nl", sa.String(length=200), nullable=True))
    dutch = "json_extract(speaker, '$.nl')" if _sqlite() else "speaker->>'nl'"
    op.execute(f"UPDATE events SET speaker_nl = {dutch}")
    op.drop_column("events", "speaker")
    op.alter_column("events", "speaker_nl", new_column_name="speaker")
