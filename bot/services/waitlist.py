"""The waiting list: a freed seat is offered to the first in line (or, close to the event,
given to them directly); offers are accepted, declined or lapse, and the seat moves on.

The caller's transaction holds the event lock (bot/services/seats.py) while seats move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import EventStatus, OutboxKind, RegistrationStatus
from bot.outbox import write as outbox
from bot.services import reminders
from bot.services.seats import free_seats, give_seat, lock_event, waiting_list


@dataclass(frozen=True)
class Policy:
    """How long a waiting-list offer stays open, and when seats go straight to the next."""

    offer_valid: timedelta = timedelta(hours=24)
    direct_confirm_before: timedelta = timedelta(hours=24)


DEFAULT_POLICY = Policy()


def fill_free_seats(
    session: Session, event: Event, now: datetime, *, policy: Policy = DEFAULT_POLICY
) -> list[Registration]:
    """Offer free seats to the waiting list in order; close to the event, confirm directly.

    The caller holds the event lock (cancel, expire_offers and decline take it).
    """
    if event.status != EventStatus.SCHEDULED or event.start <= now:
        return []
    moved: list[Registration] = []
    free = free_seats(session, event)
    for registration in waiting_list(session, event.id)[: max(free, 0)]:
        deadline = min(now + policy.offer_valid, event.start - policy.direct_confirm_before)
        registration.updated_at = now
        if deadline <= now:
            give_seat(registration)
            outbox.notify(session, registration, OutboxKind.SEAT_CONFIRMED, now)
            reminders.schedule_for(session, registration, now)
        else:
            registration.status = RegistrationStatus.OFFERED
            registration.offer_expires_at = deadline
            outbox.notify(session, registration, OutboxKind.OFFER, now)
        moved.append(registration)
    session.flush()
    return moved


def accept_offer(session: Session, registration: Registration, now: datetime) -> bool:
    """Take an offered seat; False when the offer is no longer open."""
    lock_event(session, registration.event_id)
    session.refresh(registration)
    expires = registration.offer_expires_at
    if registration.status != RegistrationStatus.OFFERED or (
        expires is not None and expires <= now
    ):
        return False
    give_seat(registration)
    registration.offer_expires_at = None
    # Taking the seat is saying "we come": no confirm-or-release question for it after.
    registration.attendance_confirmed_at = now
    registration.updated_at = now
    session.flush()
    reminders.schedule_for(session, registration, now)
    return True


def decline_offer(
    session: Session, registration: Registration, now: datetime, policy: Policy = DEFAULT_POLICY
) -> bool:
    lock_event(session, registration.event_id)
    session.refresh(registration)
    if registration.status != RegistrationStatus.OFFERED:
        return False
    _end_offer(registration, "offer_declined", now)
    fill_free_seats(session, registration.event, now, policy=policy)
    return True


def expire_offers(session: Session, now: datetime, policy: Policy = DEFAULT_POLICY) -> int:
    """Offers past their deadline lapse and the seat goes to the next in line."""
    query = select(Registration.id, Registration.event_id).where(
        Registration.status == RegistrationStatus.OFFERED, Registration.offer_expires_at <= now
    )
    expired = session.execute(query).all()
    for registration_id, event_id in expired:
        event = lock_event(session, event_id)
        registration = session.get(Registration, registration_id)
        if (
            event is None
            or registration is None
            or registration.status != RegistrationStatus.OFFERED
        ):
            continue
        _end_offer(registration, "offer_expired", now)
        outbox.notify(session, registration, OutboxKind.OFFER_EXPIRED, now)
        fill_free_seats(session, event, now, policy=policy)
    return len(expired)


def _end_offer(registration: Registration, reason: str, now: datetime) -> None:
    registration.status = RegistrationStatus.CANCELLED
    registration.status_reason = reason
    registration.offer_expires_at = None
    registration.cancelled_at = now
    registration.updated_at = now
