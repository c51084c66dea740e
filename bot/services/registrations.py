"""Registrations: registering (with every reason to refuse), checking in, cancelling, and
the lists of a family and of an event, without ever overbooking (bot/services/seats.py).

Refusals are raised as RegistrationRefused with a key whose text lives in dialogs/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from bot.db.models import Child, Event, Family, Registration
from bot.db.states import ACTIVE_STATUSES, EventStatus, RegistrationStatus
from bot.outbox import write as outbox
from bot.services import reminders
from bot.services.seats import anyone_waiting, free_seats, give_seat, lock_event, next_position
from bot.services.waitlist import DEFAULT_POLICY, Policy, fill_free_seats

OVERLAP_STATUSES = ACTIVE_STATUSES


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
    existing = active_registration(session, event.id, family, child)
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
    if free_seats(session, event) > 0 and not anyone_waiting(session, event.id):
        give_seat(registration)
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlist_position = next_position(session, event.id)
    session.add(registration)
    session.flush()
    reminders.schedule_for(session, registration, now)
    return Outcome(registration)


def _check_open(event: Event, now: datetime) -> None:
    if event.status != EventStatus.SCHEDULED:
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


# Built once, values as parameters (see bot/services/seats.py).
# Its event is the one being registered for, already loaded (and locked) by then.
_ACTIVE = (
    select(Registration)
    .options(lazyload(Registration.event))
    .where(Registration.event_id == bindparam("event_id"), Registration.status.in_(ACTIVE_STATUSES))
)
_ACTIVE_OF_PARENT = _ACTIVE.where(
    Registration.family_id == bindparam("family_id"), Registration.child_id.is_(None)
)
_ACTIVE_OF_CHILD = _ACTIVE.where(Registration.child_id == bindparam("child_id"))
_OVERLAP = (
    select(Event.title)
    .join(Registration, Registration.event_id == Event.id)
    .where(
        Registration.child_id == bindparam("child_id"),
        Registration.status.in_(OVERLAP_STATUSES),
        Event.id != bindparam("event_id"),
        Event.start < bindparam("end"),
        Event.end > bindparam("start"),
    )
)
_FAMILY_REGISTRATIONS = (
    select(Registration)
    .join(Event, Event.id == Registration.event_id)
    .where(
        Registration.family_id == bindparam("family_id"),
        Registration.status.in_(ACTIVE_STATUSES),
        Event.end > bindparam("now"),
    )
    .order_by(Event.start, Registration.id)
)


def active_registration(
    session: Session, event_id: str, family: Family, child: Child | None
) -> Registration | None:
    """The place (or waiting-list place) this child, or with None the parent, already has."""
    if child is None:
        query, params = _ACTIVE_OF_PARENT, {"event_id": event_id, "family_id": family.id}
    else:
        query, params = _ACTIVE_OF_CHILD, {"event_id": event_id, "child_id": child.id}
    return session.scalars(query, params).unique().first()


def _check_overlap(session: Session, event: Event, child: Child) -> None:
    params = {"child_id": child.id, "event_id": event.id, "start": event.start, "end": event.end}
    clash = session.scalars(_OVERLAP, params).first()
    if clash is not None:
        raise RegistrationRefused("overlap", name=child.first_name, other=clash.get("nl"))


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
    if registration.status not in ACTIVE_STATUSES:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.status_reason = reason
    registration.cancelled_at = now
    registration.updated_at = now
    outbox.withdraw_for_registration(session, registration.id)
    session.flush()
    return fill_free_seats(session, registration.event, now, policy=policy)


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
    params = {"family_id": family_id, "now": now}
    return list(session.scalars(_FAMILY_REGISTRATIONS, params).unique())


def owned_registration(
    session: Session, family: Family, registration_id: int | None
) -> Registration | None:
    """The registration only when it belongs to this family (None for no id)."""
    if registration_id is None:
        return None
    registration = session.get(Registration, registration_id)
    if registration is None or registration.family_id != family.id:
        return None
    return registration


def event_registrations(session: Session, event_id: str) -> list[Registration]:
    query = (
        select(Registration)
        .where(Registration.event_id == event_id)
        .order_by(
            Registration.status != RegistrationStatus.CONFIRMED,
            Registration.waitlist_position,
            Registration.id,
        )
    )
    return list(session.scalars(query).unique())
