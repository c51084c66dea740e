"""Upcoming workshops, parent lectures and event days, with the seats still free."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import SEAT_HOLDING_STATUSES, EventStatus
from bot.services.catalogue_copy import Frozen, by_round, events_apart, upcoming_catalogue


@dataclass(frozen=True)
class EventListing:
    event: Frozen  # a read-only copy of the Event row, with its activity, partner and location
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


def with_spots(session: Session, events: Sequence[Frozen]) -> list[EventListing]:
    taken = seats_taken(session, (e.id for e in events))
    return [
        EventListing(e, None if e.capacity is None else max(e.capacity - taken.get(e.id, 0), 0))
        for e in events
    ]


def fits_age(age: int, min_age: int | None, max_age: int | None) -> bool:
    return (min_age is None or min_age <= age) and (max_age is None or age <= max_age)


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
    age: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EventListing]:
    """Events that have not ended yet, soonest first (read from the process's catalogue
    copy; seats counted now).

    Workshops that are rounds of an event day are left out unless asked for: they are
    reached through their event day. `category`: only events of an activity in it;
    `before`: only events that start before then; `age`: only events for that age.
    """
    wanted = None if kinds is None else set(kinds)
    found = [
        e
        for e in upcoming_catalogue(session, now).events
        if e.end > now
        and (wanted is None or e.kind in wanted)
        and (activity is None or e.activity_slug == activity)
        and (category is None or (e.activity is not None and e.activity.category == category))
        and (before is None or e.start < before)
        and (include_rounds or e.event_day_id is None)
        and (include_cancelled or e.status == EventStatus.SCHEDULED)
        and (age is None or fits_age(age, e.min_age, e.max_age))
    ]
    end = None if limit is None else offset + limit
    return with_spots(session, found[offset:end])


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


def get_event(session: Session, event_id: str, now: datetime) -> EventListing | None:
    """An event by id, as a read-only copy with its seats; one that ended before the copy
    reaches back is read from the database."""
    catalogue = upcoming_catalogue(session, now)
    copy = catalogue.by_id.get(event_id)
    if copy is None:
        copy = next(iter(events_apart(session, catalogue, Event.id == event_id)), None)
    return None if copy is None else with_spots(session, [copy])[0]


def rounds_of(session: Session, event_day_id: str, now: datetime) -> list[EventListing]:
    """The scheduled rounds of an event day, by round."""
    catalogue = upcoming_catalogue(session, now)
    rounds = catalogue.rounds_of(event_day_id)
    if rounds is None:  # an event day that ended before the copy reaches back
        rounds = by_round(events_apart(session, catalogue, Event.event_day_id == event_day_id))
    scheduled = [e for e in rounds if e.status == EventStatus.SCHEDULED]
    return with_spots(session, scheduled)
