"""Writing the outbox: a message is a row added in the same transaction as the change that
causes it (a registration, a cancellation, an import). Delivery is dispatch.py's job.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from bot.db.models import Family, OutboxMessage, Registration
from bot.db.states import OutboxState

DELIVERABLE_CHANNELS = ("telegram", "whatsapp")
# Built once (a confirmation enqueues four rows); see bot/services/seats.py.
_BY_DEDUP_KEY = select(OutboxMessage).where(OutboxMessage.dedup_key == bindparam("dedup_key"))


def enqueue(
    session: Session,
    *,
    kind: str,
    family: Family,
    dedup_key: str,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
    registration_id: int | None = None,
    event_id: str | None = None,
) -> OutboxMessage | None:
    """Add a message unless one with this key exists; None when it cannot be delivered."""
    if family.channel not in DELIVERABLE_CHANNELS:
        return None  # registered at the desk: the library contacts them itself
    existing = session.scalar(_BY_DEDUP_KEY, {"dedup_key": dedup_key})
    if existing is not None:
        return existing
    message = OutboxMessage(
        dedup_key=dedup_key,
        kind=kind,
        family_id=family.id,
        channel=family.channel,
        chat_id=family.external_id,
        payload=payload or {},
        registration_id=registration_id,
        event_id=event_id,
        due_at=due_at,
        created_at=due_at,
    )
    session.add(message)
    return message


def notify(
    session: Session,
    registration: Registration,
    kind: str,
    now: datetime,
    *,
    payload: dict[str, Any] | None = None,
    key_suffix: str = "",
) -> None:
    """A message about one registration (an offer, a seat that became yours, ...); once per
    registration and kind (and suffix, e.g. the new start time of a moved event)."""
    family = session.get(Family, registration.family_id) if registration.family_id else None
    if family is None:
        return
    enqueue(
        session,
        kind=kind,
        family=family,
        dedup_key=f"{kind}:{registration.id}" + (f":{key_suffix}" if key_suffix else ""),
        due_at=now,
        payload=payload,
        registration_id=registration.id,
        event_id=registration.event_id,
    )


def withdraw_for_registration(session: Session, registration_id: int) -> None:
    """Pending messages about a registration that ended are not sent any more."""
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.registration_id == registration_id,
            OutboxMessage.state == OutboxState.PENDING,
        )
        .values(state=OutboxState.CANCELLED)
    )


def to_staff_chat(
    session: Session,
    *,
    kind: str,
    chat_id: str,
    dedup_key: str,
    payload: dict[str, Any],
    now: datetime,
    channel: str = "telegram",
) -> OutboxMessage:
    """A message for a library's staff chat: no family, so never silenced or forgotten with one."""
    message = OutboxMessage(
        dedup_key=dedup_key,
        kind=kind,
        family_id=None,
        channel=channel,
        chat_id=chat_id,
        payload=payload,
        due_at=now,
        created_at=now,
    )
    session.add(message)
    return message
