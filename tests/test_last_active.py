"""last_active_at: kept to within an hour, not written on every message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event, select

from bot.db.models import Family
from bot.engine.core import Engine
from bot.services.families import ACTIVE_PRECISION
from tests.dialog import ChatUser


def _last_active(engine: Engine, user: ChatUser) -> object:
    with engine.db.transaction() as session:
        return session.scalar(
            select(Family.last_active_at).where(Family.external_id == user.user_id)
        )


def test_last_active_is_written_when_an_hour_old(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/start")
    first = user.now
    assert _last_active(engine, user) == first

    updates: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("UPDATE families"):
            updates.append(statement)

    event.listen(engine.db.engine, "before_cursor_execute", seen)
    try:
        user.now = first + ACTIVE_PRECISION - timedelta(seconds=1)
        user.send("/menu")
        assert _last_active(engine, user) == first and not updates

        user.now = first + ACTIVE_PRECISION
        user.send("/menu")
        assert _last_active(engine, user) == user.now and len(updates) == 1

        user.now = first  # a clock set back is taken as it is
        user.send("/menu")
        assert _last_active(engine, user) == first
    finally:
        event.remove(engine.db.engine, "before_cursor_execute", seen)
