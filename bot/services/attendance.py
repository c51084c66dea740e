"""Confirm or release: before a full event with a waiting list, registrants are asked to say
they are coming; without an answer by the deadline (after a warning) the seat moves on."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Event, Family, Registration
from bot.db.states import EventStatus, RegistrationStatus
from bot.outbox import write as outbox
from bot.services import registrations as regs
from bot.services import seats
from bot.services.reminders import DEFAULT_REMINDERS, ReminderPolicy

WARN_BEFORE_DEADLINE = timedelta(hours=6)


def confirm_or_release(
    session: Session, now: datetime, policy: ReminderPolicy = DEFAULT_REMINDERS
) -> Counter[str]:
    done: Counter[str] = Counter()
    horizon = now + timedelta(days=policy.confirm_days_before)
    event_ids = session.scalars(
        select(Event.id).where(
            Event.status == EventStatus.SCHEDULED,
            Event.start > now,
            Event.start <= horizon,
            Event.capacity.is_not(None),
        )
    ).all()
    for event_id in event_ids:
        event = seats.lock_event(session, event_id)
        if event is not None:
            done.update(_check_event(session, event, now, policy))
    return done


def _check_event(
    session: Session, event: Event, now: datetime, policy: ReminderPolicy
) -> Counter[str]:
    done: Counter[str] = Counter()
    registrations = regs.event_registrations(session, event.id)
    confirmed = [r for r in registrations if r.status == RegistrationStatus.CONFIRMED]
    waiting = any(r.status == RegistrationStatus.WAITLISTED for r in registrations)
    full = len(confirmed) + sum(r.status == RegistrationStatus.OFFERED for r in registrations) >= (
        event.capacity or 0
    )
    for registration in confirmed:
        if registration.attendance_confirmed_at is not None or not _can_be_asked(
            session, registration
        ):
            continue
        if registration.attendance_check_at is None:
            if full and waiting:
                registration.attendance_check_at = now
                _tell(session, registration, "attendance_check", now + policy.confirm_within, now)
                done["asked"] += 1
            continue
        deadline = registration.attendance_check_at + policy.confirm_within
        if now >= deadline:
            regs.cancel(session, registration, now, reason="not_confirmed")
            _tell(session, registration, "released", deadline, now)
            done["released"] += 1
        elif now >= deadline - WARN_BEFORE_DEADLINE:
            _tell(session, registration, "attendance_warning", deadline, now)
            done["warned"] += 1
    return done


def _can_be_asked(session: Session, registration: Registration) -> bool:
    """A family the bot cannot write to (the web chat, the desk) is never asked, so its seat
    is never released for want of an answer."""
    family = session.get(Family, registration.family_id) if registration.family_id else None
    return family is not None and family.channel in outbox.DELIVERABLE_CHANNELS


def _tell(
    session: Session, registration: Registration, kind: str, deadline: datetime, now: datetime
) -> None:
    outbox.notify(session, registration, kind, now, payload={"deadline": deadline.isoformat()})


def record_no_shows(session: Session, now: datetime) -> int:
    """After an event where staff checked people in, whoever held a seat but never arrived is
    recorded as a no-show (the report's no-show rate). Events without any check-in stay as
    they are: then nobody kept the list, and "unrecorded" is the honest answer."""
    checked = select(Registration.event_id).where(
        Registration.status == RegistrationStatus.ATTENDED
    )
    rows = (
        session.scalars(
            select(Registration)
            .join(Event, Event.id == Registration.event_id)
            .where(
                Event.end <= now,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.event_id.in_(checked),
            )
        )
        .unique()
        .all()
    )
    for registration in rows:
        registration.status = RegistrationStatus.NO_SHOW
        registration.updated_at = now
    return len(rows)
