"""Hobbies in the catalogue and what the library lends for them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Activity
from bot.services.catalogue_copy import Frozen, upcoming_catalogue


def activities_in(session: Session, category: str) -> list[Activity]:
    query = select(Activity).where(Activity.category == category).order_by(Activity.slug)
    return list(session.scalars(query))


def get_activity(session: Session, slug: str) -> Activity | None:
    return session.get(Activity, slug)


def materials_for(session: Session, slug: str, now: datetime) -> list[Frozen]:
    """What can be borrowed for a hobby (copies left), by kind: read-only copies."""
    return list(upcoming_catalogue(session, now).materials_of.get(slug, ()))
