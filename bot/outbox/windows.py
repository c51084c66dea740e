"""How late a message may still go out: a bot that was stopped must not send, once it runs
again, what has lost its point (a reminder after the event, two reminders a minute apart, a
rating request weeks late). A message past its window is skipped and counted, not sent.

The rules (also in the README):
- a reminder: before the event starts; the day-before one also not once the hours-before
  one is due (that one says the same, later);
- the confirm-or-release question and its warning: before their deadline and the start;
- the news that a seat was released, an offer, a seat confirmed, an offer expired, an event
  moved or cancelled: before the event ends;
- a rating request: within 3 days of its moment; a follow-up: within 14 days;
- announcements and answers from the library: always.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Event, OutboxMessage
from bot.db.states import OutboxKind

BEFORE_THE_START = frozenset({OutboxKind.REMINDER})
BEFORE_THE_DEADLINE = frozenset({OutboxKind.ATTENDANCE_CHECK, OutboxKind.ATTENDANCE_WARNING})
BEFORE_THE_END = frozenset(
    {
        OutboxKind.RELEASED,
        OutboxKind.OFFER,
        OutboxKind.OFFER_EXPIRED,
        OutboxKind.SEAT_CONFIRMED,
        OutboxKind.EVENT_CHANGED,
        OutboxKind.EVENT_CANCELLED,
        OutboxKind.EVENT_CANCELLED_TODAY,
    }
)
LATE_BY_AT_MOST = {OutboxKind.RATING: timedelta(days=3), OutboxKind.FOLLOW_UP: timedelta(days=14)}


def too_late(session: Session, message: OutboxMessage, now: datetime) -> bool:
    """True when the message's moment has passed beyond the point it still helps."""
    if (late := LATE_BY_AT_MOST.get(message.kind)) is not None:
        return now > message.due_at + late
    event = session.get(Event, message.event_id) if message.event_id else None
    if event is None:
        return False
    if message.kind in BEFORE_THE_START:
        return now >= event.start or _later_reminder_due(session, message, now)
    if message.kind in BEFORE_THE_DEADLINE:
        deadline = _deadline(message) or event.start
        return now >= min(deadline, event.start)
    if message.kind in BEFORE_THE_END:
        return now >= event.end
    return False


def _later_reminder_due(session: Session, message: OutboxMessage, now: datetime) -> bool:
    """The day-before reminder, once the hours-before one of the same seat is due."""
    if ":day_before:" not in message.dedup_key:
        return False
    later = message.dedup_key.replace(":day_before:", ":hours_before:", 1)
    due = session.scalar(select(OutboxMessage.due_at).where(OutboxMessage.dedup_key == later))
    return due is not None and now >= due


def _deadline(message: OutboxMessage) -> datetime | None:
    value = (message.payload or {}).get("deadline")
    return datetime.fromisoformat(value) if isinstance(value, str) else None
