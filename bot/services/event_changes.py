"""When an event moves or is cancelled: registrants and the waiting list hear it at once,
and reminders are withdrawn and planned anew."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Event,
    OutboxMessage,
    Registration,
)
from bot.db.states import ACTIVE_STATUSES, EventStatus, OutboxState, RegistrationStatus
from bot.outbox import write as outbox
from bot.services import reminders
from bot.timeutil import local

NOTEWORTHY = frozenset({"start", "end", "location_id"})


def _active(session: Session, event_id: str) -> list[Registration]:
    query = select(Registration).where(
        Registration.event_id == event_id,
        Registration.status.in_(ACTIVE_STATUSES),
    )
    return list(session.scalars(query).unique())


def event_moved(session: Session, event: Event, now: datetime) -> int:
    """Tell everyone with a place or a waiting-list place; plan the reminders again."""
    told = 0
    for registration in _active(session, event.id):
        session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.registration_id == registration.id,
                OutboxMessage.state == OutboxState.PENDING,
                OutboxMessage.kind.in_(("reminder", "rating", "follow_up")),
            )
            .values(state=OutboxState.CANCELLED)
        )
        session.flush()
        outbox.notify(
            session, registration, "event_changed", now, key_suffix=event.start.isoformat()
        )
        reminders.schedule_for(session, registration, now)
        told += 1
    return told


def event_cancelled(session: Session, event: Event, now: datetime) -> int:
    """Registrations end (kept, with the reason) and their families are told, day or night."""
    told = 0
    for registration in _active(session, event.id):
        registration.status = RegistrationStatus.CANCELLED
        registration.status_reason = "event_cancelled"
        registration.cancelled_at = now
        registration.updated_at = now
        outbox.withdraw_for_registration(session, registration.id)
        session.flush()
        # Only news for today may wake a family; other cancellations wait for the morning.
        same_day = local(event.start).date() == local(now).date()
        outbox.notify(
            session, registration, "event_cancelled_today" if same_day else "event_cancelled", now
        )
        told += 1
    return told


def announce(
    session: Session, changed: dict[str, set[str]], cancelled: Iterable[str], now: datetime
) -> int:
    """After a catalogue import: `changed` maps event ids to the columns that changed."""
    told = 0
    for event_id in set(cancelled) | {e for e, f in changed.items() if "status" in f}:
        event = session.get(Event, event_id)
        if event is not None and event.status == EventStatus.CANCELLED:
            told += event_cancelled(session, event, now)
    for event_id, fields in changed.items():
        event = session.get(Event, event_id)
        if event is not None and event.status == EventStatus.SCHEDULED and fields & NOTEWORTHY:
            told += event_moved(session, event, now)
    return told
