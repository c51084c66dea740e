"""Seats of one event: the lock every seat change takes, how many are free, who waits.

Every change to seats happens with the event row locked (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite every transaction starts with BEGIN IMMEDIATE, which serialises
writers), so seats are counted and taken in one step even with several bot processes.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import SEAT_HOLDING_STATUSES, RegistrationStatus


def lock_event(session: Session, event_id: str) -> Event | None:
    """The event, locked until the transaction ends (plain row lock, no joins)."""
    locked = session.scalar(select(Event.id).where(Event.id == event_id).with_for_update())
    return None if locked is None else session.get(Event, event_id)


def free_seats(session: Session, event: Event) -> int:
    taken = session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.status.in_(SEAT_HOLDING_STATUSES)
        )
    )
    return (event.capacity or 0) - (taken or 0)


def give_seat(registration: Registration) -> None:
    """A seat is theirs: it gets the code staff scan at the door."""
    registration.status = RegistrationStatus.CONFIRMED
    if registration.checkin_code is None:
        registration.checkin_code = secrets.token_urlsafe(12)


def waiting_list(session: Session, event_id: str) -> list[Registration]:
    query = (
        select(Registration)
        .where(
            Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED
        )
        .order_by(Registration.waitlist_position)
    )
    return list(session.scalars(query).unique())


def anyone_waiting(session: Session, event_id: str) -> bool:
    """Whether anyone is in line, without loading them (each with its event and child)."""
    query = select(Registration.id).where(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.WAITLISTED
    )
    return session.scalar(query.limit(1)) is not None


def next_position(session: Session, event_id: str) -> int:
    highest = session.scalar(
        select(func.max(Registration.waitlist_position)).where(Registration.event_id == event_id)
    )
    return (highest or 0) + 1


def waitlist_rank(session: Session, registration: Registration) -> int | None:
    """Place in line now (1 = next), counting only those still waiting ahead."""
    if (
        registration.status != RegistrationStatus.WAITLISTED
        or registration.waitlist_position is None
    ):
        return None
    ahead = session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_position < registration.waitlist_position,
        )
    )
    return (ahead or 0) + 1
