"""Whether an event may move to a new start: one rule for the chat and the back-office, each
no with the key of its reason (texts in dialogs/) and what that text needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Event

# Activities are planned a season or two ahead; further than this is a typo.
MAX_AHEAD = timedelta(days=730)


@dataclass(frozen=True)
class MoveProblem:
    key: str  # staff.move_past, staff_change.move_too_far, ...
    limit: datetime | None = None  # move_too_far: the last moment allowed
    day: Event | None = field(default=None, compare=False)  # move_outside_day: the event day


def move_problem(
    session: Session, event: Event, start: datetime, now: datetime
) -> MoveProblem | None:
    """Why the event cannot move to `start`; None when it can."""
    if start <= now:
        return MoveProblem("staff.move_past")
    if start > now + MAX_AHEAD:
        return MoveProblem("staff_change.move_too_far", limit=now + MAX_AHEAD)
    if start == event.start:
        return MoveProblem("staff_change.move_same")
    if event.kind == "event_day" and _has_rounds(session, event):
        return MoveProblem("staff_change.move_event_day")
    day = session.get(Event, event.event_day_id) if event.event_day_id else None
    if day is not None and (start < day.start or start + (event.end - event.start) > day.end):
        return MoveProblem("staff_change.move_outside_day", day=day)
    return None


def _has_rounds(session: Session, event: Event) -> bool:
    query = select(func.count()).where(Event.event_day_id == event.id)
    return bool(session.scalar(query))
