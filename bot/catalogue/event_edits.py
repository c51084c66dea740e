"""Saving an event made or changed in the back-office: the import's own conversion to columns
(rows.py), marked as edited outside the catalogue (a later import keeps it), and everyone
concerned told exactly as after an import: a new time or place to the registrants, a larger
capacity to the waiting list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.catalogue import rows
from bot.catalogue.schema import EventIn
from bot.db.models import Event
from bot.services import capacity, event_changes
from bot.services.catalogue_edits import mark_edited
from bot.services.change_audience import Audience, audience

NOTEWORTHY = event_changes.NOTEWORTHY  # changes the registrants are told of


def create(session: Session, item: EventIn, by: str, now: datetime) -> Event:
    event = Event(id=item.id, **rows.event(item))
    mark_edited(event, by, now)
    session.add(event)
    session.flush()
    return event


def changes(event: Event, item: EventIn) -> dict[str, object]:
    """The columns the form would change, with their new values."""
    values = rows.event(item)
    values.pop("status")  # cancelling is its own step, with its own preview
    return {column: value for column, value in values.items() if getattr(event, column) != value}


def told_of(session: Session, event: Event, changed: dict[str, object]) -> Audience | None:
    """Who will hear of these changes (for the preview); None when nobody needs to."""
    return audience(session, event.id) if set(changed) & NOTEWORTHY else None


def save(session: Session, event: Event, changed: dict[str, object], by: str, now: datetime) -> int:
    """Apply the changes; the number of families told."""
    for column, value in changed.items():
        setattr(event, column, value)
    mark_edited(event, by, now)
    session.flush()
    told = event_changes.announce(session, {event.id: set(changed)}, [], now)
    if "capacity" in changed:
        capacity.after_capacity_changes(session, [event.id], now)
    return told
