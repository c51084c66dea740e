"""When an event moves or is cancelled: registrants and the waiting list hear it at once,
one message per family (see change_audience.py), and reminders are withdrawn and planned anew.

Each returns the number of families told: the outbox rows it wrote, so what staff are told
("3 gezinnen krijgen bericht") is what will be sent. `move` and `cancel` are the changes
staff make (chat, back-office): they mark the event as edited outside the catalogue import
(catalogue_edits.py), so a later import leaves it as staff left it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.db.models import Event, OutboxMessage
from bot.db.states import EventStatus, OutboxKind, OutboxState, RegistrationStatus
from bot.outbox import write as outbox
from bot.services import reminders
from bot.services.catalogue_edits import mark_edited
from bot.services.change_audience import FamilyRegistrations, active_registrations, audience
from bot.timeutil import local

NOTEWORTHY = frozenset({"start", "end", "location_id"})


def _tell(session: Session, group: FamilyRegistrations, kind: str, now: datetime, key: str) -> bool:
    """One row for the family, about its oldest registration; False when it has no chat.

    A change notice names all the family's registrations rather than hanging on one: one
    child cancelling before it is sent must not withdraw the notice for the other.
    """
    changed = kind == OutboxKind.EVENT_CHANGED
    message = outbox.enqueue(
        session,
        kind=kind,
        family=group.family,
        dedup_key=f"{kind}:{group.first.id}{key}",
        due_at=now,
        payload={"registrations": [r.id for r in group.registrations]} if changed else None,
        registration_id=None if changed else group.first.id,
        event_id=group.first.event_id,
    )
    return message is not None


def move(session: Session, event: Event, start: datetime, by: str, now: datetime) -> int:
    """Staff move the event to `start` (its length kept); everyone concerned is told."""
    event.end, event.start = start + (event.end - event.start), start
    mark_edited(event, by, now)
    session.flush()
    return event_moved(session, event, now)


def cancel(session: Session, event: Event, by: str, now: datetime) -> int:
    """Staff cancel the event; its registrations end and their families are told."""
    event.status = EventStatus.CANCELLED
    mark_edited(event, by, now)
    return event_cancelled(session, event, now)


def event_moved(session: Session, event: Event, now: datetime) -> int:
    """Tell everyone with a place or a waiting-list place; plan the reminders again."""
    for registration in active_registrations(session, event.id):
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
        reminders.schedule_for(session, registration, now)
    # A notice of an earlier move not sent yet would only repeat this one.
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.event_id == event.id,
            OutboxMessage.kind == OutboxKind.EVENT_CHANGED,
            OutboxMessage.state == OutboxState.PENDING,
        )
        .values(state=OutboxState.CANCELLED)
    )
    # The moment of the change in the key too: moved there, away and back is told each time.
    key = f":{event.start.isoformat()}@{int(now.timestamp())}"
    told = [
        _tell(session, group, OutboxKind.EVENT_CHANGED, now, key)
        for group in audience(session, event.id).families
    ]
    return sum(told)


def event_cancelled(session: Session, event: Event, now: datetime) -> int:
    """Registrations end (kept, with the reason) and their families are told, day or night."""
    # Only news for today may wake a family; other cancellations wait for the morning.
    same_day = local(event.start).date() == local(now).date()
    kind = OutboxKind.EVENT_CANCELLED_TODAY if same_day else OutboxKind.EVENT_CANCELLED
    groups = audience(session, event.id).families
    for registration in active_registrations(session, event.id):
        registration.status = RegistrationStatus.CANCELLED
        registration.status_reason = "event_cancelled"
        registration.cancelled_at = now
        registration.updated_at = now
        outbox.withdraw_for_registration(session, registration.id)
    session.flush()
    return sum(_tell(session, group, kind, now, "") for group in groups)


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
