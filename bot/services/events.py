"""Upcoming workshops, parent lectures and event days, with the seats still free."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import Activity, Event, Registration
from bot.db.states import SEAT_HOLDING_STATUSES, EventStatus


@dataclass(frozen=True)
class EventListing:
    event: Event
    spots_left: int | None  # None: no registration needed (no capacity set)

    @property
    def full(self) -> bool:
        return self.spots_left == 0


def seats_taken(session: Session, event_ids: Iterable[str]) -> dict[str, int]:
    ids = list(event_ids)
    if not ids:
        return {}
    query = (
        select(Registration.event_id, func.count())
        .where(Registration.event_id.in_(ids), Registration.status.in_(SEAT_HOLDING_STATUSES))
        .group_by(Registration.event_id)
    )
    return {event_id: count for event_id, count in session.execute(query)}


def with_spots(session: Session, events: Sequence[Event]) -> list[EventListing]:
    taken = seats_taken(session, (e.id for e in events))
    return [
        EventListing(e, None if e.capacity is None else max(e.capacity - taken.get(e.id, 0), 0))
        for e in events
    ]


def upcoming_events(
    session: Session,
    now: datetime,
    *,
    kinds: Iterable[str] | None = None,
    activity: str | None = None,
    category: str | None = None,
    before: datetime | None = None,
    include_rounds: bool = False,
    include_cancelled: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[EventListing]:
    """Events that have not ended yet, soonest first.

    Workshops that are rounds of an event day are left out unless asked for: they are
    reached through their event day. `category`: only events of an activity in it;
    `before`: only events that start before then.
    """
    query = select(Event).where(Event.end > now).order_by(Event.start, Event.id)
    if kinds is not None:
        query = query.where(Event.kind.in_(list(kinds)))
    if activity is not None:
        query = query.where(Event.activity_slug == activity)
    if category is not None:
        in_category = select(Activity.slug).where(Activity.category == category)
        query = query.where(Event.activity_slug.in_(in_category))
    if before is not None:
        query = query.where(Event.start < before)
    if not include_rounds:
        query = query.where(Event.event_day_id.is_(None))
    if not include_cancelled:
        query = query.where(Event.status == EventStatus.SCHEDULED)
    query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return with_spots(session, session.scalars(query).unique().all())


def count_upcoming_by_kind(
    session: Session, now: datetime, *, kinds: Iterable[str]
) -> dict[str, int]:
    """Upcoming scheduled events (event-day rounds not counted apart) per kind, in one query:
    the agenda shows three counts."""
    query = (
        select(Event.kind, func.count())
        .where(
            Event.end > now,
            Event.kind.in_(list(kinds)),
            Event.event_day_id.is_(None),
            Event.status == EventStatus.SCHEDULED,
        )
        .group_by(Event.kind)
    )
    return {kind: count for kind, count in session.execute(query)}


def get_event(session: Session, event_id: str) -> EventListing | None:
    event = session.get(Event, event_id)
    return None if event is None else with_spots(session, [event])[0]


def rounds_of(session: Session, event_day_id: str) -> list[EventListing]:
    query = (
        select(Event)
        .where(Event.event_day_id == event_day_id, Event.status == EventStatus.SCHEDULED)
        .order_by(Event.round, Event.start, Event.id)
    )
    return with_spots(session, session.scalars(query).unique().all())
