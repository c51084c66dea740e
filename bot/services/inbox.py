"""The inbox: every update is stored before the channel is told it arrived, handled exactly
once (the row is taken in the handling transaction), and its replies are kept in that same
transaction until they are sent. A process killed at any point loses nothing: the next one
handles what was not handled and sends what was handled but not sent (`overdue`). The content
of an update is dropped once it is answered; the id stays a day against a repeat."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, null, select, update
from sqlalchemy.orm import Session

from bot.db.models import InboxUpdate

KEPT = timedelta(days=1)


def store(session: Session, updates: Iterable[dict[str, Any]], now: datetime) -> int:
    """Store what is new (an update fetched again is there already); returns how many."""
    by_id = {u["update_id"]: u for u in updates if isinstance(u.get("update_id"), int)}
    if not by_id:
        return 0
    known = set(
        session.scalars(select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(by_id)))
    )
    for update_id, body in by_id.items():
        if update_id not in known:
            session.add(InboxUpdate(update_id=update_id, body=body, received_at=now))
    session.flush()
    return len(by_id) - len(known)


def take(session: Session, update_id: int, now: datetime) -> bool:
    """True when this transaction may handle the update: not handled before (an update that
    never went through the inbox is handled as it comes). Another process taking the same
    row waits for this transaction, then finds it handled."""
    taken = session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id, InboxUpdate.handled_at.is_(None))
        .values(handled_at=now)
    )
    if taken.rowcount:
        return True
    return session.get(InboxUpdate, update_id) is None


def keep_replies(
    session: Session, update_id: int, chat_id: str, replies: list[dict[str, Any]]
) -> None:
    session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id)
        .values(chat_id=chat_id, replies=replies or null())
    )


def answered(session: Session, update_id: int, now: datetime) -> None:
    """Sent (or nothing to send): the content goes."""
    session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id)
        .values(body=null(), replies=null(), replied_at=now, handled_at=now)
        .execution_options(synchronize_session=False)
    )


def overdue(
    session: Session, now: datetime, unhandled_for: timedelta, unsent_for: timedelta
) -> tuple[list[dict[str, Any]], list[tuple[int, str, list[dict[str, Any]]]]]:
    """Updates nobody handled for `unhandled_for`, and replies handled but not sent for
    `unsent_for` (longer than a live process may take to send them)."""
    unhandled = session.scalars(
        select(InboxUpdate.body)
        .where(InboxUpdate.handled_at.is_(None), InboxUpdate.received_at <= now - unhandled_for)
        .order_by(InboxUpdate.update_id)
    ).all()
    before = now - unsent_for
    unsent = session.execute(
        select(InboxUpdate.update_id, InboxUpdate.chat_id, InboxUpdate.replies)
        .where(
            InboxUpdate.replied_at.is_(None),
            InboxUpdate.replies.is_not(None),
            InboxUpdate.handled_at <= before,
        )
        .order_by(InboxUpdate.update_id)
    ).all()
    return [b for b in unhandled if b], [(i, str(c), r) for i, c, r in unsent if c and r]


def purge(session: Session, now: datetime) -> int:
    """Ids of answered updates after a day (Telegram sends an update again only until the
    next poll); content was dropped when answered."""
    gone = session.execute(
        delete(InboxUpdate).where(
            InboxUpdate.replied_at.is_not(None), InboxUpdate.replied_at < now - KEPT
        )
    )
    return gone.rowcount or 0
