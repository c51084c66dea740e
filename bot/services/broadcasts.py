"""Announcements to an audience, delivered through the outbox (rate limits, 403s, restarts).

Audiences: all (every family of the library that did not turn announcements off),
event:ID (who has a place), waitlist:ID, category:NAME and activity:SLUG (opt-in interests),
age:MIN-MAX (parents of children of those ages).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import (
    Activity,
    Broadcast,
    Child,
    Family,
    OutboxMessage,
    Registration,
)
from bot.db.states import OutboxKind, RegistrationStatus
from bot.outbox import write as outbox
from bot.plaintext import clean_text
from bot.services.audiences import BroadcastError, age_bounds, check_audience

__all__ = [
    "BroadcastError",
    "audience_families",
    "broadcast_status",
    "checked_text",
    "create_broadcast",
]
MAX_TEXT = 4000


def audience_families(session: Session, audience: str, library_id: str | None) -> list[Family]:
    """Who the audience reaches now; BroadcastError naming the valid choices when it does
    not exist in the catalogue (audiences.py)."""
    check_audience(session, audience, library_id)
    kind, _, value = audience.partition(":")
    query = select(Family).where(
        Family.channel.in_(outbox.DELIVERABLE_CHANNELS), Family.unreachable_at.is_(None)
    )
    if library_id is not None:
        query = query.where(Family.library_id == library_id)
    if kind in ("event", "waitlist"):
        statuses = (
            (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
            if kind == "event"
            else (RegistrationStatus.WAITLISTED,)
        )
        query = query.where(
            Family.id.in_(
                select(Registration.family_id).where(
                    Registration.event_id == value, Registration.status.in_(statuses)
                )
            )
        )
    elif kind == "age":
        low, high = age_bounds(value)
        query = query.where(
            Family.announcements.is_(True),
            Family.id.in_(select(Child.family_id).where(Child.age.between(low, high))),
        )
    else:
        query = query.where(Family.announcements.is_(True))
    families = list(session.scalars(query.order_by(Family.id)))
    if kind in ("category", "activity"):
        families = [f for f in families if _interested(session, f, kind, value)]
    return families


def _interested(session: Session, family: Family, kind: str, value: str) -> bool:
    interests = set(family.interests or [])
    if kind == "activity":
        return value in interests
    if value in interests:
        return True
    slugs = session.scalars(select(Activity.slug).where(Activity.category == value)).all()
    return bool(interests & set(slugs))


def create_broadcast(
    session: Session,
    *,
    audience: str,
    text: str,
    library_id: str | None,
    created_by: str,
    now: datetime,
    photo: str | None = None,
) -> Broadcast:
    """One outbox row per family, all written in this transaction. An audience that reaches
    nobody is refused: a broadcast to 0 families is a mistake, never an announcement."""
    text = checked_text(text, photo)
    families = audience_families(session, audience, library_id)
    if not families:
        raise BroadcastError(
            f"audience {audience} reaches 0 families; choose another audience",
            "staff.broadcast_nobody",
            count=0,
        )
    broadcast = Broadcast(
        library_id=library_id,
        audience=audience,
        text=text,
        created_by=created_by,
        total=len(families),
        created_at=now,
    )
    session.add(broadcast)
    session.flush()
    # About a family's own seat (event, waiting list): not silenced by the announcements switch.
    own_seat = audience.startswith(("event:", "waitlist:"))
    kind = OutboxKind.EVENT_NEWS if own_seat else OutboxKind.BROADCAST
    payload = {"text": text, **({"photo": photo} if photo else {})}
    for family in families:
        dedup_key = f"broadcast:{broadcast.id}:{family.id}"
        message = outbox.enqueue(
            session, kind=kind, family=family, dedup_key=dedup_key, due_at=now, payload=payload
        )
        if message is not None:
            message.broadcast_id = broadcast.id
    session.flush()
    return broadcast


def checked_text(text: str, photo: str | None = None) -> str:
    """The text as it is sent (control characters out, trimmed); refused when empty or too
    long (the chat cuts a typed text to MAX_TEXT before it gets here)."""
    text = (clean_text(text) or "").strip()
    if not text and not photo:
        raise BroadcastError("the text is empty", "office_broadcast.error.text_empty")
    if len(text) > MAX_TEXT:
        raise BroadcastError(
            f"the text is longer than {MAX_TEXT} characters",
            "office_broadcast.error.text_too_long",
            max=MAX_TEXT,
            length=len(text),
        )
    return text


def broadcast_status(session: Session, broadcast_id: int) -> dict[str, int] | None:
    broadcast = session.get(Broadcast, broadcast_id)
    if broadcast is None:
        return None
    states: Counter[str] = Counter(
        dict(
            session.execute(
                select(OutboxMessage.state, func.count())
                .where(OutboxMessage.broadcast_id == broadcast_id)
                .group_by(OutboxMessage.state)
            ).all()
        )
    )
    return {
        "total": broadcast.total,
        "sent": states["sent"],
        "blocked": states["blocked"],
        "failed": states["failed"],
        "pending": states["pending"] + states["claimed"],
        "skipped": states["skipped"],
    }
