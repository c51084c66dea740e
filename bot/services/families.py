"""Parent accounts: found by channel and external id, created on first contact."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Family, Library


def get_or_create_family(
    session: Session, channel: str, external_id: str, *, language: str, now: datetime
) -> tuple[Family, bool]:
    """The family for this account, and whether it was created just now."""
    query = select(Family).where(Family.channel == channel, Family.external_id == external_id)
    family = session.scalar(query)
    if family is not None:
        family.last_active_at = now
        return family, False
    family = Family(
        channel=channel,
        external_id=external_id,
        language=language,
        library_id=_default_library_id(session),
        created_at=now,
        last_active_at=now,
    )
    try:
        with session.begin_nested():
            session.add(family)
    except IntegrityError:  # another process created it a moment ago
        return session.scalars(query).one(), False
    return family, True


def _default_library_id(session: Session) -> str | None:
    """With one library in the deployment, every family belongs to it."""
    ids = session.scalars(select(Library.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None
