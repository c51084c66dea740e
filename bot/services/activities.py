"""Hobbies in the catalogue and what the library lends for them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Activity, Material, material_activities


def activities_in(session: Session, category: str) -> list[Activity]:
    query = select(Activity).where(Activity.category == category).order_by(Activity.slug)
    return list(session.scalars(query))


def get_activity(session: Session, slug: str) -> Activity | None:
    return session.get(Activity, slug)


def materials_for(session: Session, slug: str) -> list[Material]:
    query = (
        select(Material)
        .join(material_activities, material_activities.c.material_id == Material.id)
        .where(material_activities.c.activity_slug == slug, Material.copies > 0)
        .order_by(Material.kind, Material.id)
    )
    return list(session.scalars(query))
