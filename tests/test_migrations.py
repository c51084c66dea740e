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


def test_comments_after_a_mark_move_to_the_feedback_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migration 0010: a comment stored on a registration is kept, now as feedback."""
    from alembic import command
    from sqlalchemy import create_engine, text

    from bot.db import alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    command.upgrade(alembic_config(engine), "0009")
    now = "2027-01-13 16:00:00.000000"
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO libraries (id, name, city, address, opening_hours) "
            "VALUES ('bieb', 'Bieb', 'Stad', 'Plein 1', '{}')",
            "INSERT INTO locations (id, name, address, library_id) "
            "VALUES ('zaal', 'Zaal', 'Plein 1', 'bieb')",
            "INSERT INTO families (id, channel, external_id, language, created_at, "
            "last_active_at, announcements, reminders, rating_requests) "
            f"VALUES (1, 'telegram', '42', 'nl', '{now}', '{now}', 1, 1, 1)",
            "INSERT INTO events (id, kind, title, description, library_id, location_id, "
            'audience, start, "end", allow_age_override, price_eur, bring, topic, status, '
            "updated_at) VALUES ('ws', 'workshop', '{\"nl\": \"Koken\"}', '{}', 'bieb', "
            f"'zaal', 'kids', '{now}', '{now}', 0, 0, '{{}}', '{{}}', 'scheduled', '{now}')",
            "INSERT INTO registrations (event_id, family_id, status, source, rating, "
            f"rating_comment, created_at, updated_at) VALUES ('ws', 1, 'attended', 'chat', 9, "
            f"'Heerlijk gekookt', '{now}', '{now}')",
        ):
            connection.execute(text(statement))
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT family_id, event_id, text FROM feedback")).all()
        rating = connection.execute(text("SELECT rating FROM registrations")).scalar()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "ws", "Heerlijk gekookt")]
    assert rating == 9
