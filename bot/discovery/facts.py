"""What the recommender needs from the catalogue: hobbies with their upcoming try-outs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Partner
from bot.db.states import EventStatus
from bot.discovery.quiz import Quiz
from bot.discovery.recommender import Hobby, Tryout
from bot.discovery.understand import fold
from bot.services.catalogue_copy import Frozen, upcoming_catalogue
from bot.services.events import EventListing, with_spots
from bot.timeutil import local

TRYOUT_KINDS = ("workshop",)


@dataclass(frozen=True)
class CatalogueFacts:
    hobbies: tuple[Hobby, ...]
    activities: Mapping[str, Frozen]  # read-only copies, each with its partners
    listings: Mapping[str, EventListing]  # event id → the try-out with its spots left
    costs_money: frozenset[str]  # slugs whose cost note mentions a price


def _says(note: Mapping[str, str] | None, words: tuple[str, ...]) -> bool:
    text = _folded((note or {}).get("nl", ""))
    return any(word in text for word in words)


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    """`fold`, remembered by the text itself (two per activity on every discovery answer)."""
    return fold(text)


def load_facts(session: Session, now: datetime, quiz: Quiz) -> CatalogueFacts:
    """Every activity, and the try-outs for children that have not started yet (those of
    `upcoming_events(kinds=TRYOUT_KINDS, include_rounds=True)`, in its order)."""
    catalogue = upcoming_catalogue(session, now)
    activities = catalogue.activities
    events = [
        e
        for e in catalogue.events
        if e.start > now
        and e.kind in TRYOUT_KINDS
        and e.status == EventStatus.SCHEDULED
        and e.activity_slug in activities
        and e.audience != "parents"
    ]
    listings = {listing.event.id: listing for listing in with_spots(session, events)}
    tryouts: dict[str, list[Tryout]] = {}
    for listing in listings.values():
        e = listing.event
        tryouts.setdefault(e.activity_slug or "", []).append(
            Tryout(e.id, local(e.start), listing.spots_left, e.min_age, e.max_age)
        )
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
