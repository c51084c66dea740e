"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.db import Database, upgrade
from bot.db.models import Base


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
    finally:
        db.dispose()


def test_upgrading_again_is_harmless(database_url: str) -> None:
    db = Database(database_url)
    try:
        upgrade(db.engine)
        tables = set(inspect(db.engine).get_table_names())
        assert {"events", "registrations", "outbox", "conversations", "families"} <= tables
    finally:
        db.dispose()
