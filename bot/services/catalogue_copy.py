"""Read-only copies of the upcoming catalogue (events with their activity, partner and
location; every activity with its partners and what can be borrowed for it), kept per
process: agenda and discovery screens read them without the ORM's cost per row, which was
most of an agenda answer's time. Seats are never kept: `events.with_spots` counts them in
the database on every call.

The copies are used while the database's catalogue token is the one they were made at.
Triggers give the token a new random value whenever a catalogue row changes (migration
0009), in the writing transaction: every process sees a change once it is committed, a
transaction sees its own, and a change that is rolled back leaves a token nobody uses again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, Row, or_, select
from sqlalchemy.orm import Session

from bot.db import PROCESS_CACHE
from bot.db.models import (
    Activity,
    CatalogueToken,
    Event,
    Location,
    Material,
    Partner,
    activity_partners,
    material_activities,
)

CACHE_KEY = "upcoming_catalogue"
# The tables whose rows a copy holds: each has the triggers (tests/test_catalogue_copy.py).
CATALOGUE_TABLES = (
    "events",
    "activities",
    "partners",
    "locations",
    "activity_partners",
    "materials",
    "material_activities",
)
# How far back a copy reaches from the first moment it is asked for: a clock that goes back
# less than this (a test's, a process started just after midnight) needs no new copy.
REACH_BACK = timedelta(days=1)

_TOKEN = select(CatalogueToken.__table__.c.token)
_LOCK_TOKEN = _TOKEN.with_for_update()
_EVENTS = Event.__table__
_ACTIVITIES = Activity.__table__
_PARTNERS = Partner.__table__
_LOCATIONS = Location.__table__
_MATERIALS = Material.__table__


class Frozen:
    """A read-only copy of an ORM row: its columns, and the related rows given, as
    attributes. JSON values are read-only too (a mapping, a tuple), so no reader can change
    what the next one reads."""

    def __init__(self, values: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", values)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{name}: a catalogue copy is read-only; change the row instead")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{name}: a catalogue copy is read-only")

    def __repr__(self) -> str:
        return f"Frozen({self.__dict__.get('id') or self.__dict__.get('slug')!r})"


def _read_only(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _read_only(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_read_only(v) for v in value)
    return value


@dataclass(frozen=True)
class UpcomingCatalogue:
    """The events that end after `since`, and every round of their event days, soonest first
    (start, then id); every activity by slug, each with its partners."""

    token: str
    since: datetime
    events: tuple[Frozen, ...]
    by_id: Mapping[str, Frozen]
    activities: Mapping[str, Frozen]
    partners: Mapping[str, Frozen]
    locations: Mapping[str, Frozen]
    materials_of: Mapping[str, tuple[Frozen, ...]]  # activity slug → what can be borrowed

    def rounds_of(self, event_day_id: str) -> list[Frozen] | None:
        """The rounds of an event day in this copy; None: the day is not in it."""
        if event_day_id not in self.by_id:
            return None
        return by_round(e for e in self.events if e.event_day_id == event_day_id)

    def event_copy(self, row: Row[Any]) -> Frozen:
        return _event_copy(row, self.activities, self.partners, self.locations)


def by_round(events: Iterable[Frozen]) -> list[Frozen]:
    """Rounds of an event day by round number (then start and id, as they come)."""
    return sorted(events, key=lambda e: (e.round is None, e.round or 0))


def events_apart(
    session: Session, catalogue: UpcomingCatalogue, where: ColumnElement[bool]
) -> list[Frozen]:
    """Events the copy does not reach (ended before it), read now, soonest first, with the
    copy's activities, partners and locations."""
    query = select(_EVENTS).where(where).order_by(_EVENTS.c.start, _EVENTS.c.id)
    return [catalogue.event_copy(row) for row in session.execute(query)]


def lock_catalogue(session: Session) -> None:
    """Take the catalogue token's row lock before changing catalogue rows. The triggers take
    it anyway, but after the changed rows' own locks: on PostgreSQL an import and a staff
    change taking the two in different orders would deadlock. Taken first, a catalogue
    change waits for the one in progress (an import: seconds). SQLite has one writer anyway."""
    session.execute(_LOCK_TOKEN)


def upcoming_catalogue(session: Session, now: datetime) -> UpcomingCatalogue:
    """The copy for this transaction: the one kept, unless the catalogue changed since or
    `now` lies before it. A session without a process cache (a bare Session in a script)
    gets a copy of its own."""
    if session.autoflush:
        session.flush()  # as a query would: the token must see this transaction's changes
    token = session.connection().execute(_TOKEN).scalar() or ""
    cache = session.info.get(PROCESS_CACHE)
    kept: UpcomingCatalogue | None = cache.get(CACHE_KEY) if cache is not None else None
    if kept is not None and kept.token == token and kept.since <= now:
        return kept
    made = _copy(session, token, now - REACH_BACK)
    if cache is not None and token:
        cache[CACHE_KEY] = made
    return made


def _copy(session: Session, token: str, since: datetime) -> UpcomingCatalogue:
    """Made from rows, not ORM objects: an object this transaction already holds would come
    back with the values it was loaded with, and on PostgreSQL (READ COMMITTED) another
    process may have committed newer ones since, which the new token already stands for."""
    partners = {row.id: _frozen_row(row) for row in session.execute(select(_PARTNERS))}
    locations = {row.id: _frozen_row(row) for row in session.execute(select(_LOCATIONS))}
    partners_of: dict[str, list[Frozen]] = {}
    for link in session.execute(select(activity_partners)):
        partners_of.setdefault(link.activity_slug, []).append(partners[link.partner_id])
    activities = {
        row.slug: _frozen_row(row, partners=tuple(partners_of.get(row.slug, ())))
        for row in session.execute(select(_ACTIVITIES).order_by(_ACTIVITIES.c.slug))
    }
    days = select(_EVENTS.c.id).where(_EVENTS.c.end > since)
    query = (
        select(_EVENTS)
        .where(or_(_EVENTS.c.end > since, _EVENTS.c.event_day_id.in_(days)))
        .order_by(_EVENTS.c.start, _EVENTS.c.id)
    )
    events = tuple(
        _event_copy(row, activities, partners, locations) for row in session.execute(query)
    )
    return UpcomingCatalogue(
        token,
        since,
        events,
        by_id=MappingProxyType({e.id: e for e in events}),
        activities=MappingProxyType(activities),
        partners=MappingProxyType(partners),
        locations=MappingProxyType(locations),
        materials_of=MappingProxyType(_materials_of(session)),
    )


def _event_copy(
    row: Row[Any],
    activities: Mapping[str, Frozen],
    partners: Mapping[str, Frozen],
    locations: Mapping[str, Frozen],
) -> Frozen:
    return _frozen_row(
        row,
        activity=activities.get(row.activity_slug or ""),
        partner=partners.get(row.partner_id or ""),
        location=locations[row.location_id],
    )


def _materials_of(session: Session) -> dict[str, tuple[Frozen, ...]]:
    """Per activity, the materials with copies to lend, by kind and id."""
    activities_of: dict[str, list[str]] = {}
    for link in session.execute(select(material_activities)):
        activities_of.setdefault(link.material_id, []).append(link.activity_slug)
    lendable = select(_MATERIALS).where(_MATERIALS.c.copies > 0)
    per_activity: dict[str, list[Frozen]] = {}
    for row in session.execute(lendable.order_by(_MATERIALS.c.kind, _MATERIALS.c.id)):
        for slug in activities_of.get(row.id, ()):
            per_activity.setdefault(slug, []).append(_frozen_row(row))
    return {slug: tuple(found) for slug, found in per_activity.items()}


def _frozen_row(row: Row[Any], **related: object) -> Frozen:
    # The models' attribute names are their column names (tests/test_catalogue_copy.py).
    values = {name: _read_only(value) for name, value in row._mapping.items()}
    return Frozen(values | related)
