"""One-time keys of forms: the first submit acts, a repeat is recognised. The key is taken
in the submit's own transaction, so a submit that fails leaves the key free to try again,
and of two at the same moment one waits for the other and then sees the key taken."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.db.models import WebFormKey

KEPT = timedelta(days=1)
KEY_LENGTH = 64


def first_use(session: Session, key: str, now: datetime) -> bool:
    """True when this key was never sent before (it is now taken); False for a repeat."""
    if not key or len(key) > KEY_LENGTH:
        return False
    dialect = session.get_bind().dialect.name
    builder = {"postgresql": pg_insert, "sqlite": sqlite_insert}.get(dialect)
    if builder is None:  # pragma: no cover - the two databases the project runs on
        session.execute(insert(WebFormKey).values(key=key, used_at=now))
        return True
    statement = (
        builder(WebFormKey)
        .values(key=key, used_at=now)
        .on_conflict_do_nothing()
        .returning(WebFormKey.key)  # a row only when inserted (rowcount is not reliable here)
    )
    return session.execute(statement).first() is not None


def purge(session: Session, now: datetime) -> int:
    return int(
        session.execute(delete(WebFormKey).where(WebFormKey.used_at < now - KEPT)).rowcount or 0
    )
