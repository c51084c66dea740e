"""The inbox: every update is stored before the channel is told it arrived, handled exactly
once (the row is taken in the handling transaction), and its replies are kept in that same
transaction until they are sent. Each row has an owner, the process that has it in hand;
processes show they are alive every few seconds (`heartbeat`). What a dead one had in hand,
another picks up (`overdue`): it handles what was not handled and sends what was handled but
not sent, only the replies not sent yet. A slow process keeps its own. The content of an
update is dropped once it is answered; the id stays a day against a repeat."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, null, or_, select, update
from sqlalchemy.orm import Session

from bot.db.models import InboxUpdate, InboxWorker

KEPT = timedelta(days=1)
Unsent = tuple[int, str, list[dict[str, Any]], int]  # id, chat, replies not sent, sent before


def store(
    session: Session,
    updates: Iterable[dict[str, Any]],
    now: datetime,
    owner: str,
    channel: str = "telegram",
) -> int:
    """Store what is new (an update fetched again is there already); returns how many."""
    by_id = {u["update_id"]: u for u in updates if isinstance(u.get("update_id"), int)}
    if not by_id:
        return 0
    known = set(
        session.scalars(select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(by_id)))
    )
    for update_id, body in by_id.items():
        if update_id not in known:
            session.add(
                InboxUpdate(
                    update_id=update_id, channel=channel, body=body, received_at=now, owner=owner
                )
            )
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
    session: Session, update_id: int, chat_id: str, replies: list[dict[str, Any]], owner: str
) -> None:
    session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id)
        .values(chat_id=chat_id, replies=replies or null(), owner=owner)
    )


def release(session: Session, update_id: int) -> None:
    """No owner: whichever process looks next picks it up (`overdue`)."""
    session.execute(
        update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(owner=null())
    )


def progress(session: Session, update_id: int, sent: int) -> None:
    """`sent` replies of the update are out: a process that takes over sends only the rest."""
    session.execute(
        update(InboxUpdate).where(InboxUpdate.update_id == update_id).values(replies_sent=sent)
    )


def answered(session: Session, update_id: int, now: datetime) -> None:
    """Sent (or nothing to send): the content goes."""
    session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id, InboxUpdate.unreadable.is_(False))
        .values(body=null(), replies=null(), replied_at=now, handled_at=now)
        .execution_options(synchronize_session=False)
    )


def unreadable(session: Session, update_id: int, now: datetime) -> None:
    """The library could not read it: nothing to answer, its content kept (a day, see
    `purge`) so that someone can find out why."""
    session.execute(
        update(InboxUpdate)
        .where(InboxUpdate.update_id == update_id)
        .values(unreadable=True, replied_at=now, handled_at=now)
    )


def unreadable_updates(session: Session) -> list[dict[str, Any]]:
    query = select(InboxUpdate.body).where(InboxUpdate.unreadable.is_(True))
    return [body for body in session.scalars(query.order_by(InboxUpdate.update_id)) if body]


def heartbeat(session: Session, worker: str, now: datetime) -> None:
    """This process is alive."""
    seen = session.get(InboxWorker, worker)
    if seen is None:
        session.add(InboxWorker(id=worker, seen_at=now))
    else:
        seen.seen_at = now
    session.flush()


def overdue(
    session: Session, now: datetime, me: str, dead_after: timedelta, channel: str = "telegram"
) -> tuple[list[dict[str, Any]], list[Unsent]]:
    """What processes not seen for `dead_after` had in hand, taken over by `me` (so that of
    several live processes one picks it up): updates not handled (handed out again, handled
    once all the same, see `take`), and replies handled but not sent, only those not sent.
    Only `channel`'s: each channel reads and answers its own updates."""
    heartbeat(session, me, now)
    alive = select(InboxWorker.id).where(InboxWorker.seen_at > now - dead_after)
    orphaned = (
        InboxUpdate.channel == channel,
        InboxUpdate.replied_at.is_(None),
        InboxUpdate.received_at <= now - dead_after,
        or_(InboxUpdate.owner.is_(None), InboxUpdate.owner.not_in(alive)),
    )
    taken = session.execute(
        update(InboxUpdate)
        .where(*orphaned, or_(InboxUpdate.handled_at.is_(None), InboxUpdate.replies.is_not(None)))
        .values(owner=me)
        .returning(
            InboxUpdate.update_id,
            InboxUpdate.handled_at,
            InboxUpdate.body,
            InboxUpdate.chat_id,
            InboxUpdate.replies,
            InboxUpdate.replies_sent,
        )
        .execution_options(synchronize_session=False)
    ).all()
    unhandled = [b for _, handled, b, *_ in sorted(taken) if handled is None and b]
    unsent = [
        (i, str(c), r[n:], n) for i, handled, _, c, r, n in sorted(taken) if handled and c and r
    ]
    return unhandled, [u for u in unsent if u[2]]


def purge(session: Session, now: datetime) -> int:
    """Ids of answered updates after a day (Telegram sends an update again only until the
    next poll); content was dropped when answered, but for unreadable ones. Replies that could
    not be sent for a day are given up, as are processes not seen for a day."""
    session.execute(delete(InboxWorker).where(InboxWorker.seen_at < now - KEPT))
    gone = session.execute(
        delete(InboxUpdate).where(
            or_(InboxUpdate.replied_at < now - KEPT, InboxUpdate.received_at < now - KEPT)
        )
    )
    return gone.rowcount or 0
