"""Sending outbox rows on WhatsApp: Graph API errors become the dispatcher's terms, and every
wamid is remembered with its row, for the status webhooks (statuses.py).

- 130429 (throughput), 131056 (pair rate), 80007: tried again after a pause (RetryAfter);
- 131026 (undeliverable: blocked the business, or no WhatsApp): Blocked, the family unreachable;
- 131047 (outside the window after all): the window is noted as closed and the row tried again
  at once, which renders it as its template;
- anything else (131049, server errors, timeouts): back-off, given up after six attempts."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from functools import partial

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.channels.whatsapp.graph import GraphError
from bot.channels.whatsapp.send import ReplySender
from bot.channels.whatsapp.window import Outgoing
from bot.db.models import Family, WhatsAppMessage
from bot.outbox.dispatch import Blocked, RetryAfter, Sender, TemporaryFailure
from bot.timeutil import now_utc

PAUSES = {130429: 5.0, 131056: 6.0, 80007: 60.0}  # seconds, per rate-limit code
UNDELIVERABLE = frozenset({131026})
OUT_OF_WINDOW = 131047


def whatsapp_sender(sender: ReplySender) -> Sender:
    db = sender.db

    async def send(chat_id: str, outgoing: Sequence[Outgoing]) -> Sequence[str]:
        wamids: list[str] = []
        for out in outgoing:
            try:
                if out.template is not None:
                    sent = await sender.send_messages(chat_id, [out.template.message])
                else:
                    sent = await sender.send_all(chat_id, list(out.replies), out.language)
            except GraphError as error:
                if error.code == OUT_OF_WINDOW and out.family_id is not None:
                    await asyncio.to_thread(db.run, partial(_window_closed, family=out.family_id))
                raise _as_delivery_error(error) from error
            record = partial(remember, wamids=sent, message_id=out.message_id, now=now_utc())
            await asyncio.to_thread(db.run, record)
            wamids += sent
        return wamids

    return send


def _as_delivery_error(error: GraphError) -> Exception:
    if error.code in PAUSES:
        return RetryAfter(PAUSES[error.code])
    if error.code in UNDELIVERABLE:
        return Blocked(str(error))
    if error.code == OUT_OF_WINDOW:
        return RetryAfter(0)
    return TemporaryFailure(str(error))


def remember(session: Session, wamids: list[str], message_id: int, now: datetime) -> None:
    for wamid in wamids:
        session.merge(WhatsAppMessage(wamid=wamid, outbox_id=message_id, created_at=now))


def _window_closed(session: Session, family: int) -> None:
    """WhatsApp says the window is closed: it is, whatever we noted."""
    session.execute(update(Family).where(Family.id == family).values(last_incoming_at=None))
