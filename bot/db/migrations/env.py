"""Alembic environment: runs on the engine handed over by bot.db.upgrade()."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from bot.db.models import Base, UTCDateTime

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - only when someone runs plain `alembic`
    from bot.config import Settings
    from bot.db import make_engine

    engine = make_engine(Settings.from_env().database_url)


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Migrations use plain sa.DateTime, so they never import our models' types."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# One process at a time migrates a shared PostgreSQL database.
MIGRATION_LOCK_KEY = 7_310_221_004


def run_migrations_online() -> None:
    with engine.connect() as connection:
        is_postgres = connection.dialect.name == "postgresql"
        if is_postgres:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
                render_item=render_item,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if is_postgres:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                connection.commit()


run_migrations_online()
