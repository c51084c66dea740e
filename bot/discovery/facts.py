"""What the recommender needs from the catalogue: hobbies with their upcoming try-outs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Activity, Partner
from bot.discovery.quiz import Quiz
from bot.discovery.recommender import Hobby, Tryout
from bot.discovery.understand import fold
from bot.services.events import EventListing, upcoming_events
from bot.timeutil import local

TRYOUT_KINDS = ("workshop",)


@dataclass(frozen=True)
class CatalogueFacts:
    hobbies: tuple[Hobby, ...]
    activities: Mapping[str, Activity]
    listings: Mapping[str, EventListing]  # event id → the try-out with its spots left
    costs_money: frozenset[str]  # slugs whose cost note mentions a price


def _says(note: Mapping[str, str] | None, words: tuple[str, ...]) -> bool:
    text = fold((note or {}).get("nl", ""))
    return any(word in text for word in words)


def load_facts(session: Session, now: datetime, quiz: Quiz) -> CatalogueFacts:
    """Every activity, and the try-outs for children that have not started yet."""
    activities = {a.slug: a for a in session.scalars(select(Activity).order_by(Activity.slug))}
    listings = {
        listing.event.id: listing
        for listing in upcoming_events(session, now, kinds=TRYOUT_KINDS, include_rounds=True)
        if listing.event.start > now
        and listing.event.activity_slug in activities
        and listing.event.audience != "parents"
    }
    tryouts: dict[str, list[Tryout]] = {}
    for listing in listings.values():
        event = listing.event
        tryouts.setdefault(event.activity_slug or "", []).append(
            Tryout(event.id, local(event.start), listing.spots_left, event.min_age, event.max_age)
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


def welfare_partner(session: Session, library_id: str | None) -> Partner | None:
    """Who helps families apply to the Jeugdfonds: the welfare organisation, ours first."""
    partners = session.scalars(
        select(Partner).where(Partner.kind == "welfare").order_by(Partner.id)
    ).all()
    return next((p for p in partners if p.library_id == library_id), None) or next(
        iter(partners), None
    )
