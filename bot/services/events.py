"""Upcoming workshops, parent lectures and event days, with the seats still free."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
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


# The queries of every agenda screen are built once, with their values as parameters: building
# the expression and its cache key on each call cost more than running it (see also
# families._FAMILY_BY_ACCOUNT). Seats are still counted in the database on every call.
_SEATS_TAKEN = (
    select(Registration.event_id, func.count())
    .where(
        Registration.event_id.in_(bindparam("ids", expanding=True)),
        Registration.status.in_(SEAT_HOLDING_STATUSES),
    )
    .group_by(Registration.event_id)
)


def seats_taken(session: Session, event_ids: Iterable[str]) -> dict[str, int]:
    ids = list(event_ids)
    if not ids:
        return {}
    return {event_id: count for event_id, count in session.execute(_SEATS_TAKEN, {"ids": ids})}


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
    params: dict[str, Any] = {"now": now, "offset": offset}
    if kinds is not None:
        params["kinds"] = list(kinds)
    if activity is not None:
        params["activity"] = activity
    if category is not None:
        params["category"] = category
    if before is not None:
        params["before"] = before
    if limit is not None:
        params["limit"] = limit
    query = _upcoming_query(frozenset(params), include_rounds, include_cancelled)
    return with_spots(session, session.scalars(query, params).unique().all())


@cache
def _upcoming_query(
    given: frozenset[str], include_rounds: bool, include_cancelled: bool
) -> Select[tuple[Event]]:
    """The query of `upcoming_events` for the filters given (names of its parameters)."""
    query = select(Event).where(Event.end > bindparam("now")).order_by(Event.start, Event.id)
    if "kinds" in given:
        query = query.where(Event.kind.in_(bindparam("kinds", expanding=True)))
    if "activity" in given:
        query = query.where(Event.activity_slug == bindparam("activity"))
    if "category" in given:
        in_category = select(Activity.slug).where(Activity.category == bindparam("category"))
        query = query.where(Event.activity_slug.in_(in_category))
    if "before" in given:
        query = query.where(Event.start < bindparam("before"))
    if not include_rounds:
        query = query.where(Event.event_day_id.is_(None))
    if not include_cancelled:
        query = query.where(Event.status == EventStatus.SCHEDULED)
    query = query.offset(bindparam("offset"))
    if "limit" in given:
        query = query.limit(bindparam("limit"))
    return query


def count_upcoming_by_kind(
    session: Session, now: datetime, *, kinds: Iterable[str]
) -> dict[str, int]:
    """Upcoming scheduled events (event-day rounds not counted apart) per kind, in one query:
    the agenda shows three counts."""
    params = {"now": now, "kinds": list(kinds)}
    return {kind: count for kind, count in session.execute(_UPCOMING_BY_KIND, params)}


_UPCOMING_BY_KIND = (
    select(Event.kind, func.count())
    .where(
        Event.end > bindparam("now"),
        Event.kind.in_(bindparam("kinds", expanding=True)),
        Event.event_day_id.is_(None),
        Event.status == EventStatus.SCHEDULED,
    )
    .group_by(Event.kind)
)


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
