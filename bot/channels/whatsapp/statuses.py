"""Message status webhooks (sent, delivered, read, failed) onto the outbox rows they belong
to: the furthest status reached is kept; a failure marks the row failed, or blocked with the
family unreachable when WhatsApp cannot deliver to the number (131026), or sends it again as
its template when the window had closed (131047). Statuses of replies in a conversation
(no outbox row) are not kept."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.models import Family, OutboxMessage, WhatsAppMessage
from bot.db.states import OutboxState
from bot.outbox import queue

log = logging.getLogger(__name__)
RANK = {"sent": 1, "delivered": 2, "read": 3}
KEPT = timedelta(days=7)


def apply(session: Session, statuses: list[dict[str, Any]], now: datetime) -> int:
    """Apply the statuses of one webhook; returns how many belonged to an outbox row."""
    applied = 0
    for status in statuses:
        wamid, state = status.get("id"), status.get("status")
        known = session.get(WhatsAppMessage, wamid) if isinstance(wamid, str) else None
        message = session.get(OutboxMessage, known.outbox_id) if known is not None else None
        if message is None or not isinstance(state, str):
            continue
        applied += 1
        at = _moment(status, now)
        if state == "failed":
            _failed(session, message, _codes(status), now)
            message.delivery_status, message.delivery_status_at = "failed", at
        elif (
            state in RANK
            and message.delivery_status != "failed"
            and RANK[state] > RANK.get(message.delivery_status or "", 0)
        ):
            message.delivery_status, message.delivery_status_at = state, at
    return applied


def _failed(session: Session, message: OutboxMessage, codes: list[int], now: datetime) -> None:
    log.info("WhatsApp could not deliver outbox message %s: %s", message.id, codes)
    if 131047 in codes and message.family_id is not None:
        family = session.get(Family, message.family_id)
        if family is not None:
            family.last_incoming_at = None
        queue.retry_later(session, message.id, now, "WhatsApp: outside the window", timedelta(0))
    elif any(code in (131026,) for code in codes):
        queue.mark_blocked(session, message.id, now)
    else:
        message.state = OutboxState.FAILED
        message.last_error = f"WhatsApp: {', '.join(map(str, codes)) or 'failed'}"


def _codes(status: dict[str, Any]) -> list[int]:
    errors = status.get("errors") or []
    return [e["code"] for e in errors if isinstance(e, dict) and isinstance(e.get("code"), int)]


def _moment(status: dict[str, Any], now: datetime) -> datetime:
    try:
        return min(datetime.fromtimestamp(int(status.get("timestamp", "")), UTC), now)
    except (TypeError, ValueError, OverflowError):
        return now


def purge(session: Session, now: datetime) -> int:
    gone = session.execute(delete(WhatsAppMessage).where(WhatsAppMessage.created_at < now - KEPT))
    return gone.rowcount or 0
