"""What the recommender needs from the catalogue: hobbies with their upcoming try-outs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from bot.db.models import Activity, Event, Partner
from bot.db.states import EventStatus
from bot.discovery.quiz import Quiz
from bot.discovery.recommender import Hobby, Tryout
from bot.discovery.understand import fold
from bot.services.events import EventListing, seats_taken
from bot.timeutil import local

TRYOUT_KINDS = ("workshop",)


@dataclass(frozen=True)
class CatalogueFacts:
    hobbies: tuple[Hobby, ...]
    activities: Mapping[str, Activity]
    listings: Mapping[str, EventListing]  # event id → the try-out with its spots left
    costs_money: frozenset[str]  # slugs whose cost note mentions a price


def _says(note: Mapping[str, str] | None, words: tuple[str, ...]) -> bool:
    text = _folded((note or {}).get("nl", ""))
    return any(word in text for word in words)


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    """`fold`, remembered by the text itself (two per activity on every discovery answer)."""
    return fold(text)


_ACTIVITIES = select(Activity).order_by(Activity.slug)
# What the recommender needs of the upcoming try-outs (those of `upcoming_events(kinds=
# TRYOUT_KINDS, include_rounds=True)`, in its order), without loading each event with its
# activity, partner and location: that was most of the time of a discovery answer.
_TRYOUTS = (
    select(
        Event.id,
        Event.start,
        Event.activity_slug,
        Event.audience,
        Event.min_age,
        Event.max_age,
        Event.capacity,
    )
    .where(
        Event.end > bindparam("now"),
        Event.kind.in_(TRYOUT_KINDS),
        Event.status == EventStatus.SCHEDULED,
    )
    .order_by(Event.start, Event.id)
)


class _Listings(Mapping[str, EventListing]):
    """The try-outs by event id, with their spots left (counted in this transaction); an
    event is loaded when asked for: a result shows a few of the dozens."""

    def __init__(self, session: Session, spots_left: dict[str, int | None]) -> None:
        self._session = session
        self._spots_left = spots_left
        self._loaded: dict[str, EventListing] = {}

    def __getitem__(self, event_id: str) -> EventListing:
        if event_id not in self._loaded:
            spots_left = self._spots_left[event_id]
            event = self._session.get(Event, event_id)
            if event is None:
                raise KeyError(event_id)
            self._loaded[event_id] = EventListing(event, spots_left)
        return self._loaded[event_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spots_left)

    def __len__(self) -> int:
        return len(self._spots_left)


def load_facts(session: Session, now: datetime, quiz: Quiz) -> CatalogueFacts:
    """Every activity, and the try-outs for children that have not started yet."""
    activities = {a.slug: a for a in session.scalars(_ACTIVITIES)}
    rows = [
        row
        for row in session.execute(_TRYOUTS, {"now": now})
        if row.start > now and row.activity_slug in activities and row.audience != "parents"
    ]
    taken = seats_taken(session, (row.id for row in rows))
    spots_left: dict[str, int | None] = {}
    tryouts: dict[str, list[Tryout]] = {}
    for row in rows:
        spots = None if row.capacity is None else max(row.capacity - taken.get(row.id, 0), 0)
        spots_left[row.id] = spots
        tryouts.setdefault(row.activity_slug or "", []).append(
            Tryout(row.id, local(row.start), spots, row.min_age, row.max_age)
        )
    listings = _Listings(session, spots_left)
    hobbies = tuple(
        Hobby(
            slug=a.slug,
            category=a.category,
            tags=frozenset(a.tags or ()),
            min_age=a.min_age,
            max_age=a.max_age,
            continues_free=_says(a.cost_note, quiz.free_words),
            tryouts=tuple(tryouts.get(a.slug, ())),
        )
        for a in activities.values()
    )
    costs_money = frozenset(
        a.slug for a in activities.values() if _says(a.cost_note, quiz.paid_words)
    )
    return CatalogueFacts(hobbies, activities, listings, costs_money)


_WELFARE_PARTNERS = select(Partner).where(Partner.kind == "welfare").order_by(Partner.id)


def welfare_partner(session: Session, library_id: str | None) -> Partner | None:
    """Who helps families apply to the Jeugdfonds: the welfare organisation, ours first."""
    partners = session.scalars(_WELFARE_PARTNERS).all()
    return next((p for p in partners if p.library_id == library_id), None) or next(
        iter(partners), None
    )
