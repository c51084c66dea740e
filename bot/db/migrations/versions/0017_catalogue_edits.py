"""catalogue rows changed outside the catalogue import: edited_at and edited_by

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 10:00:00

A row that staff changed in the Telegram staff mode or the web back-office (or created
there) is marked with when and by whom ("staff:123", "web:5"); a later `catalogue import`
leaves such a row as it is and reports the conflict (bot/catalogue/conflicts.py). Plain
`ADD COLUMN`s, no batch mode: on SQLite a rebuilt table would lose the catalogue-token
triggers of migration 0009.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "libraries",
    "partners",
    "locations",
    "activities",
    "events",
    "materials",
    "faq_entries",
    "school_holidays",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))
        op.add_column(table, sa.Column("edited_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "edited_by")
        op.drop_column(table, "edited_at")
