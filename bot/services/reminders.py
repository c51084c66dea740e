"""What the bot will say later about a registration: reminders, a rating request, a follow-up.

Scheduled as outbox rows when a seat is confirmed; a moment already past is skipped rather
than sent late. The de-duplication key includes the event's start, so after a time change
the new reminders are new rows and the old pending ones are withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.db.models import Event, Family, Registration
from bot.db.states import RegistrationStatus
from bot.outbox import write as outbox
from bot.timeutil import AMSTERDAM, local


@dataclass(frozen=True)
class ReminderPolicy:
    day_before_at: time = time(17, 0)  # the evening before, local time
    hours_before: int = 2
    rating_after: timedelta = timedelta(hours=1)  # after the end; quiet hours still apply
    follow_up_after: timedelta = timedelta(days=21)
    confirm_days_before: int = 3  # confirm-or-release for full events
    confirm_within: timedelta = timedelta(hours=24)


DEFAULT_REMINDERS = ReminderPolicy()


def reminder_moments(event: Event, policy: ReminderPolicy) -> dict[str, datetime]:
    day_before = local(event.start).date() - timedelta(days=1)
    evening = datetime.combine(day_before, policy.day_before_at, tzinfo=AMSTERDAM)
    return {
        "day_before": evening.astimezone(event.start.tzinfo),
        "hours_before": event.start - timedelta(hours=policy.hours_before),
    }


def schedule_for(
    session: Session,
    registration: Registration,
    now: datetime,
    policy: ReminderPolicy = DEFAULT_REMINDERS,
) -> int:
    """Queue the reminders, rating request and follow-up of a confirmed registration."""
    family = session.get(Family, registration.family_id) if registration.family_id else None
    if family is None or registration.status != RegistrationStatus.CONFIRMED:
        return 0
    event = registration.event
    stamp = event.start.isoformat()
    planned = {
        f"reminder:{registration.id}:{label}:{stamp}": ("reminder", due)
        for label, due in reminder_moments(event, policy).items()
    }
    planned[f"rating:{registration.id}"] = ("rating", event.end + policy.rating_after)
    if event.kind == "workshop":
        planned[f"follow_up:{registration.id}"] = ("follow_up", event.end + policy.follow_up_after)
    queued = 0
    for key, (kind, due) in planned.items():
        if due <= now:
            continue  # too late for this one: skip it rather than send it late
        outbox.enqueue(
            session,
            kind=kind,
            family=family,
            dedup_key=key,
            due_at=due,
            registration_id=registration.id,
            event_id=event.id,
        )
        queued += 1
    return queued
