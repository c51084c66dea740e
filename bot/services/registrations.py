"""A family's registrations (the full registration service arrives with registering)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import ACTIVE_REGISTRATION_STATUSES, Event, Registration


def upcoming_registrations(session: Session, family_id: int, now: datetime) -> list[Registration]:
    query = (
        select(Registration)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Registration.family_id == family_id,
            Registration.status.in_(ACTIVE_REGISTRATION_STATUSES),
            Event.end > now,
        )
        .order_by(Event.start, Registration.id)
    )
    return list(session.scalars(query).unique())
