"""Who hears of a change to an event (moved, cancelled): the families with a seat, an offer or
a waiting-list place, one message per family however many children they registered.

A family the bot cannot write to (registered at the desk without a chat) gets no message;
staff see them listed, first name and age of each child, to call them. The same grouping is
used for the preview staff confirm and for writing the outbox rows, so the two agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Family, Registration
from bot.db.states import ACTIVE_STATUSES
from bot.outbox.write import DELIVERABLE_CHANNELS


@dataclass(frozen=True)
class FamilyRegistrations:
    """One family's active registrations for the event, oldest first."""

    family: Family
    registrations: list[Registration]

    @property
    def first(self) -> Registration:
        return self.registrations[0]

    @property
    def reachable(self) -> bool:
        return self.family.channel in DELIVERABLE_CHANNELS


@dataclass(frozen=True)
class Audience:
    families: list[FamilyRegistrations] = field(default_factory=list)

    @property
    def reachable(self) -> list[FamilyRegistrations]:
        return [f for f in self.families if f.reachable]

    @property
    def unreachable(self) -> list[FamilyRegistrations]:
        return [f for f in self.families if not f.reachable]

    def by_channel(self) -> dict[str, int]:
        """Families told per channel ({"telegram": 3})."""
        return dict(Counter(f.family.channel for f in self.reachable))


def active_registrations(session: Session, event_id: str) -> list[Registration]:
    query = (
        select(Registration)
        .where(Registration.event_id == event_id, Registration.status.in_(ACTIVE_STATUSES))
        .order_by(Registration.id)
    )
    return list(session.scalars(query).unique())


def audience(session: Session, event_id: str) -> Audience:
    """The event's active registrations grouped by family (forgotten ones have none)."""
    grouped: dict[int, list[Registration]] = {}
    for registration in active_registrations(session, event_id):
        if registration.family_id is not None:
            grouped.setdefault(registration.family_id, []).append(registration)
    families = [
        FamilyRegistrations(family, registrations)
        for family_id, registrations in grouped.items()
        if (family := session.get(Family, family_id)) is not None
    ]
    return Audience(families)
