"""The outbox as a queue: claim due rows, record what happened, recover from crashes.

Delivery guarantee, per kind (the window is one message: claim → send → record):
- at least once for what a family must not miss (offers, reminders, changes, cancellations,
  broadcasts): a row left `claimed` by a process that died is sent again after the lease;
- at most once for nice-to-haves (rating requests, follow-ups): such a row is given up.
On PostgreSQL several dispatchers claim with FOR UPDATE SKIP LOCKED and never share a row;
on SQLite (where SQLAlchemy drops SKIP LOCKED) BEGIN IMMEDIATE makes claims one at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.db.models import Family, OutboxMessage
from bot.db.states import AT_MOST_ONCE_KINDS, URGENT_KINDS, OutboxState
from bot.timeutil import local

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6


@dataclass(frozen=True)
class QuietHours:
    start_hour: int = 21
    end_hour: int = 8

    def contains(self, moment: datetime) -> bool:
        hour = local(moment).hour
        if self.start_hour > self.end_hour:
            return hour >= self.start_hour or hour < self.end_hour
        return self.start_hour <= hour < self.end_hour


def claim_due(
    session: Session,
    now: datetime,
    worker: str,
    *,
    limit: int = 50,
    quiet: QuietHours | None = None,
    channels: Sequence[str] = ("telegram",),
) -> list[tuple[int, str]]:
    """Mark up to `limit` due rows as claimed by this worker; returns (id, chat id) pairs.
    Only rows of `channels`: a process sends through the channels it is connected to."""
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.state == OutboxState.PENDING,
            OutboxMessage.due_at <= now,
            OutboxMessage.channel.in_(channels),
        )
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if quiet is not None and quiet.contains(now):
        query = query.where(OutboxMessage.kind.in_(URGENT_KINDS))
    rows = session.scalars(query).all()
    for row in rows:
        row.state = OutboxState.CLAIMED
        row.claimed_by = worker
        row.claimed_at = now
        row.attempts += 1
    session.flush()
    return [(row.id, row.chat_id) for row in rows]


def mark_sent(
    session: Session, message_id: int, now: datetime, delivered: Sequence[str] | None = None
) -> None:
    """One UPDATE: this runs once per message sent, thousands of times for a broadcast."""
    values: dict[str, object] = {"state": OutboxState.SENT, "sent_at": now}
    if delivered:
        values["delivered_ids"] = list(delivered)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values))


def mark_failed(session: Session, message_id: int, error: str) -> None:
    _finish(session, message_id, OutboxState.FAILED, error=error)


def mark_skipped(session: Session, message_id: int, reason: str) -> None:
    _finish(session, message_id, OutboxState.SKIPPED, error=reason)


def mark_blocked(session: Session, message_id: int, now: datetime) -> None:
    """The user blocked the bot: not retried, and the family is marked unreachable."""
    message = _finish(session, message_id, OutboxState.BLOCKED, error="blocked by the user")
    if message is not None and message.family_id is not None:
        family = session.get(Family, message.family_id)
        if family is not None:
            family.unreachable_at = now


def retry_later(
    session: Session, message_id: int, now: datetime, error: str, after: timedelta | None = None
) -> None:
    """Back to pending: after Telegram's retry_after, or with exponential back-off; after
    MAX_ATTEMPTS it is given up and shows as failed to staff."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        return
    message.last_error = error[:500]
    if after is None and message.attempts >= MAX_ATTEMPTS:
        message.state = OutboxState.FAILED
        return
    message.state = OutboxState.PENDING
    message.claimed_by = None
    message.due_at = now + (after if after is not None else _backoff(message.attempts))


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _finish(
    session: Session,
    message_id: int,
    state: OutboxState,
    *,
    now: datetime | None = None,
    error: str | None = None,
) -> OutboxMessage | None:
    message = session.get(OutboxMessage, message_id)
    if message is None:
        return None
    message.state = state
    if now is not None:
        message.sent_at = now
    if error is not None:
        message.last_error = error
    return message


def recover_stale_claims(
    session: Session, now: datetime, lease: timedelta = LEASE
) -> tuple[int, int]:
    """Rows claimed longer than the lease ago belong to a dispatcher that died mid-send.

    Returns (requeued, given up): at-least-once kinds go back to pending, at-most-once kinds
    are marked failed, since they may already have been delivered.
    """
    stale = OutboxMessage.state == OutboxState.CLAIMED, OutboxMessage.claimed_at < now - lease
    given_up = session.execute(
        update(OutboxMessage)
        .where(*stale, OutboxMessage.kind.in_(AT_MOST_ONCE_KINDS))
        .values(state=OutboxState.FAILED, last_error="outcome unknown after a crash; not repeated")
    ).rowcount
    requeued = session.execute(
        update(OutboxMessage)
        .where(*stale, OutboxMessage.kind.not_in(AT_MOST_ONCE_KINDS))
        .values(state=OutboxState.PENDING, claimed_by=None)
    ).rowcount
    return requeued or 0, given_up or 0


def status_counts(session: Session) -> dict[str, Counter[str]]:
    """kind → state → count."""
    counts: dict[str, Counter[str]] = {}
    query = select(OutboxMessage.kind, OutboxMessage.state, func.count()).group_by(
        OutboxMessage.kind, OutboxMessage.state
    )
    for kind, state, count in session.execute(query):
        counts.setdefault(kind, Counter())[state] = count
    return counts


def retry_failed(session: Session, now: datetime) -> int:
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.FAILED)
        .values(state=OutboxState.PENDING, attempts=0, due_at=now, claimed_by=None)
    )
    return result.rowcount or 0
