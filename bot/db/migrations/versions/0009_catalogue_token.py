"""catalogue token: a new random value whenever catalogue rows change

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 15:00:00

Processes keep read-only copies of the upcoming catalogue (bot/services/catalogue_copy.py)
and use them while this token is unchanged. Triggers give it a new value on every insert,
update or delete of the catalogue rows those copies hold, in the writing transaction, so the
change is seen by every process once committed, and by the writing transaction itself.
The token's row stays locked until the writer commits: catalogue writers take that lock
first (`lock_catalogue`), so on PostgreSQL they queue instead of deadlocking.

A later migration that rebuilds one of these tables (SQLite's batch mode copies a table to
change it) drops its triggers: it must call `create_triggers` again. A test checks that every
table in CATALOGUE_TABLES has them at head.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# catalogue_copy.CATALOGUE_TABLES as of this revision (a migration never imports the app).
CATALOGUE_TABLES = (
    "events",
    "activities",
    "partners",
    "locations",
    "activity_partners",
    "materials",
    "material_activities",
)
SQLITE_NEW_TOKEN = "UPDATE catalogue_token SET token = lower(hex(randomblob(16)))"


def upgrade() -> None:
    op.create_table(
        "catalogue_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_token")),
    )
    op.execute("INSERT INTO catalogue_token (id, token) VALUES (1, 'initial')")
    create_triggers(CATALOGUE_TABLES)


def create_triggers(tables: Sequence[str]) -> None:
    """The token triggers on these tables; running it again (after a table was rebuilt)
    replaces what is there."""
    if op.get_bind().dialect.name == "sqlite":
        for table in tables:
            for change in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_{change.lower()}_new_catalogue_token "
                    f"AFTER {change} ON {table} BEGIN {SQLITE_NEW_TOKEN}; END"
                )
        return
    op.execute(
        "CREATE OR REPLACE FUNCTION new_catalogue_token() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN "
        "UPDATE catalogue_token SET token = md5(random()::text || clock_timestamp()::text); "
        "RETURN NULL; END $$"
    )
    for table in tables:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_new_catalogue_token ON {table}")
        op.execute(
            f"CREATE TRIGGER {table}_new_catalogue_token "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION new_catalogue_token()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in CATALOGUE_TABLES:
        if sqlite:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_{change}_new_catalogue_token")
        else:
            op.execute(f"DROP TRIGGER {table}_new_catalogue_token ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION new_catalogue_token()")
    op.drop_table("catalogue_token")
