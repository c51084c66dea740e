"""Which broadcasts sent from the chat need their progress message updated, and with what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Broadcast
from bot.services.broadcasts import broadcast_status

EVERY = timedelta(seconds=5)  # edited every few seconds, never per message


@dataclass(frozen=True)
class ProgressUpdate:
    broadcast_id: int
    chat_id: str
    message_id: str | None  # None: send the progress message first
    status: dict[str, int]
    finished: bool


def due_updates(session: Session, now: datetime) -> list[ProgressUpdate]:
    query = select(Broadcast).where(
        Broadcast.requester_chat.is_not(None), Broadcast.finished_at.is_(None)
    )
    updates = []
    for broadcast in session.scalars(query):
        if broadcast.progress_at is not None and now - broadcast.progress_at < EVERY:
            continue
        status = broadcast_status(session, broadcast.id) or {}
        updates.append(
            ProgressUpdate(
                broadcast.id,
                str(broadcast.requester_chat),
                broadcast.progress_message_id,
                status,
                finished=status.get("pending", 0) == 0,
            )
        )
    return updates


def record_update(
    session: Session, update: ProgressUpdate, message_id: str | None, now: datetime
) -> None:
    broadcast = session.get(Broadcast, update.broadcast_id)
    if broadcast is None:
        return
    broadcast.progress_at = now
    if message_id is not None:
        broadcast.progress_message_id = message_id
    if update.finished:
        broadcast.finished_at = now
