"""Registrations: seats, the waiting list, offers and cancellations, without ever overbooking.

Every change happens with the event row locked (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite every transaction starts with BEGIN IMMEDIATE, which serialises writers), so seats are
counted and taken in one step even with several bot processes on one database. Refusals are
raised as RegistrationRefused with a key whose text lives in dialogs/.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import ACTIVE_REGISTRATION_STATUSES, Child, Event, Family, Registration
from bot.outbox import write as outbox
from bot.services import reminders
from bot.services.events import SEAT_HOLDING_STATUSES

OVERLAP_STATUSES = ("confirmed", "offered", "waitlisted")


@dataclass(frozen=True)
class Policy:
    """How long a waiting-list offer stays open, and when seats go straight to the next."""

    offer_valid: timedelta = timedelta(hours=24)
    direct_confirm_before: timedelta = timedelta(hours=24)


DEFAULT_POLICY = Policy()


class RegistrationRefused(Exception):
    """A friendly no: `reason` is a text key under registration.refused, `params` fill it."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class Outcome:
    registration: Registration
    already: bool = False  # the same person was registered already (a double tap, say)

    @property
    def status(self) -> str:
        return self.registration.status


def age_at(child: Child, moment: datetime) -> int | None:
    if child.age is not None:
        return child.age
    if child.birth_year is not None:
        return moment.year - child.birth_year
    return None


def lock_event(session: Session, event_id: str) -> Event | None:
    """The event, locked until the transaction ends (plain row lock, no joins)."""
    locked = session.scalar(select(Event.id).where(Event.id == event_id).with_for_update())
    return None if locked is None else session.get(Event, event_id)


def register(
    session: Session,
    *,
    event_id: str,
    family: Family,
    child: Child | None,
    now: datetime,
    source: str = "chat",
    override_age: bool = False,
) -> Outcome:
    """Register a child (or, with child None, the parent) or put them on the waiting list."""
    event = lock_event(session, event_id)
    if event is None:
        raise RegistrationRefused("gone")
    _check_open(event, now)
    _check_participant(event, child, now, override_age)
    existing = _active_registration(session, event.id, family, child)
    if existing is not None:
        return Outcome(existing, already=True)
    if child is not None:
        _check_overlap(session, event, child)
    registration = Registration(
        event_id=event.id,
        family_id=family.id,
        child_id=child.id if child else None,
        age_at_registration=age_at(child, event.start) if child else None,
        source=source,
        created_at=now,
        updated_at=now,
    )
    if _free_seats(session, event) > 0 and not _waitlist(session, event.id):
        _confirm(registration)
    else:
        registration.status = "waitlisted"
        registration.waitlist_position = _next_position(session, event.id)
    session.add(registration)
    session.flush()
    reminders.schedule_for(session, registration, now)
    return Outcome(registration)


def _confirm(registration: Registration) -> None:
    """A seat is theirs: it gets the code staff scan at the door."""
    registration.status = "confirmed"
    if registration.checkin_code is None:
        registration.checkin_code = secrets.token_urlsafe(12)


def check_in(session: Session, code: str, now: datetime) -> tuple[str, Registration | None]:
    """('checked_in' | 'already' | 'invalid', registration) for a scanned code; used once."""
    registration = session.scalar(select(Registration).where(Registration.checkin_code == code))
    if registration is None:
        return "invalid", None
    if registration.status == "attended":
        return "already", registration
    if registration.status != "confirmed":
        return "invalid", registration
    registration.status = "attended"
    registration.attended_at = now
    return "checked_in", registration


def _check_open(event: Event, now: datetime) -> None:
    if event.status != "scheduled":
        raise RegistrationRefused("cancelled")
    if event.start <= now:
        raise RegistrationRefused("past")
    if event.kind == "event_day":
        raise RegistrationRefused("per_workshop")
    if event.capacity is None:
        raise RegistrationRefused("walk_in")
    if event.registration_opens is not None and now < event.registration_opens:
        raise RegistrationRefused("not_open_yet", opens=event.registration_opens)
    if event.registration_closes is not None and now >= event.registration_closes:
        raise RegistrationRefused("closed")


def _check_participant(
    event: Event, child: Child | None, now: datetime, override_age: bool
) -> None:
    if child is None:
        if event.audience == "kids":
            raise RegistrationRefused("children_only")
        return
    if event.audience == "parents":
        raise RegistrationRefused("parents_only")
    age = age_at(child, event.start)
    too_young = event.min_age is not None and age is not None and age < event.min_age
    too_old = event.max_age is not None and age is not None and age > event.max_age
    if (too_young or too_old) and not (override_age and event.allow_age_override):
        raise RegistrationRefused(
            "age_overridable" if event.allow_age_override else "age",
            name=child.first_name,
            age=age,
            min=event.min_age,
            max=event.max_age,
        )


def _active_registration(
    session: Session, event_id: str, family: Family, child: Child | None
) -> Registration | None:
    query = select(Registration).where(
        Registration.event_id == event_id,
        Registration.status.in_(ACTIVE_REGISTRATION_STATUSES),
    )
    if child is None:
        query = query.where(Registration.family_id == family.id, Registration.child_id.is_(None))
    else:
        query = query.where(Registration.child_id == child.id)
    return session.scalars(query).unique().first()


def _check_overlap(session: Session, event: Event, child: Child) -> None:
    query = (
        select(Event)
        .join(Registration, Registration.event_id == Event.id)
        .where(
            Registration.child_id == child.id,
            Registration.status.in_(OVERLAP_STATUSES),
            Event.id != event.id,
            Event.start < event.end,
            Event.end > event.start,
        )
    )
    clash = session.scalars(query).unique().first()
    if clash is not None:
        raise RegistrationRefused("overlap", name=child.first_name, other=clash.title.get("nl"))


def _free_seats(session: Session, event: Event) -> int:
    taken = session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.status.in_(SEAT_HOLDING_STATUSES)
        )
    )
    return (event.capacity or 0) - (taken or 0)


def _waitlist(session: Session, event_id: str) -> list[Registration]:
    query = (
        select(Registration)
        .where(Registration.event_id == event_id, Registration.status == "waitlisted")
        .order_by(Registration.waitlist_position)
    )
    return list(session.scalars(query).unique())


def _next_position(session: Session, event_id: str) -> int:
    highest = session.scalar(
        select(func.max(Registration.waitlist_position)).where(Registration.event_id == event_id)
    )
    return (highest or 0) + 1


def waitlist_rank(session: Session, registration: Registration) -> int | None:
    """Place in line now (1 = next), counting only those still waiting ahead."""
    if registration.status != "waitlisted" or registration.waitlist_position is None:
        return None
    ahead = session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == "waitlisted",
            Registration.waitlist_position < registration.waitlist_position,
        )
    )
    return (ahead or 0) + 1


def cancel(
    session: Session,
    registration: Registration,
    now: datetime,
    *,
    reason: str = "by_family",
    policy: Policy = DEFAULT_POLICY,
) -> list[Registration]:
    """Cancel; a freed seat goes to the waiting list at once. Returns who moved up."""
    lock_event(session, registration.event_id)
    session.refresh(registration)
    if registration.status not in ACTIVE_REGISTRATION_STATUSES:
        return []
    registration.status = "cancelled"
    registration.status_reason = reason
    registration.cancelled_at = now
    registration.updated_at = now
    outbox.withdraw_for_registration(session, registration.id)
    session.flush()
    return fill_free_seats(session, registration.event, now, policy=policy)


def fill_free_seats(
    session: Session, event: Event, now: datetime, *, policy: Policy = DEFAULT_POLICY
) -> list[Registration]:
    """Offer free seats to the waiting list in order; close to the event, confirm directly.

    The caller holds the event lock (cancel, expire_offers and decline take it).
    """
    if event.status != "scheduled" or event.start <= now:
        return []
    moved: list[Registration] = []
    free = _free_seats(session, event)
    for registration in _waitlist(session, event.id)[: max(free, 0)]:
        deadline = min(now + policy.offer_valid, event.start - policy.direct_confirm_before)
        registration.updated_at = now
        if deadline <= now:
            _confirm(registration)
            outbox.notify(session, registration, "seat_confirmed", now)
            reminders.schedule_for(session, registration, now)
        else:
            registration.status = "offered"
            registration.offer_expires_at = deadline
            outbox.notify(session, registration, "offer", now)
        moved.append(registration)
    session.flush()
    return moved


def accept_offer(session: Session, registration: Registration, now: datetime) -> bool:
    """Take an offered seat; False when the offer is no longer open."""
    lock_event(session, registration.event_id)
    session.refresh(registration)
    expires = registration.offer_expires_at
    if registration.status != "offered" or (expires is not None and expires <= now):
        return False
    _confirm(registration)
    registration.offer_expires_at = None
    registration.updated_at = now
    session.flush()
    reminders.schedule_for(session, registration, now)
    return True


def decline_offer(
    session: Session, registration: Registration, now: datetime, policy: Policy = DEFAULT_POLICY
) -> bool:
    lock_event(session, registration.event_id)
    session.refresh(registration)
    if registration.status != "offered":
        return False
    _end_offer(registration, "offer_declined", now)
    fill_free_seats(session, registration.event, now, policy=policy)
    return True


def expire_offers(session: Session, now: datetime, policy: Policy = DEFAULT_POLICY) -> int:
    """Offers past their deadline lapse and the seat goes to the next in line."""
    query = select(Registration.id, Registration.event_id).where(
        Registration.status == "offered", Registration.offer_expires_at <= now
    )
    expired = session.execute(query).all()
    for registration_id, event_id in expired:
        event = lock_event(session, event_id)
        registration = session.get(Registration, registration_id)
        if event is None or registration is None or registration.status != "offered":
            continue
        _end_offer(registration, "offer_expired", now)
        outbox.notify(session, registration, "offer_expired", now)
        fill_free_seats(session, event, now, policy=policy)
    return len(expired)


def _end_offer(registration: Registration, reason: str, now: datetime) -> None:
    registration.status = "cancelled"
    registration.status_reason = reason
    registration.offer_expires_at = None
    registration.cancelled_at = now
    registration.updated_at = now


def cancel_child_registrations(
    session: Session, family: Family, child: Child, now: datetime
) -> int:
    """Cancel every upcoming registration of one child; each freed seat moves on."""
    mine = [r for r in family_registrations(session, family.id, now) if r.child_id == child.id]
    for registration in mine:
        cancel(session, registration, now)
    return len(mine)


def family_registrations(session: Session, family_id: int, now: datetime) -> list[Registration]:
    """Upcoming registrations and waiting-list places of one family, soonest first."""
    query = (
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.family_id == family_id,
            Registration.status.in_(ACTIVE_REGISTRATION_STATUSES),
            Event.end > now,
        )
        .order_by(Event.start, Registration.id)
    )
    return list(session.scalars(query).unique())


def owned_registration(
    session: Session, family: Family, registration_id: int
) -> Registration | None:
    """The registration only when it belongs to this family."""
    registration = session.get(Registration, registration_id)
    if registration is None or registration.family_id != family.id:
        return None
    return registration


def event_registrations(session: Session, event_id: str) -> list[Registration]:
    query = (
        select(Registration)
        .where(Registration.event_id == event_id)
        .order_by(
            Registration.status != "confirmed", Registration.waitlist_position, Registration.id
        )
    )
    return list(session.scalars(query).unique())
