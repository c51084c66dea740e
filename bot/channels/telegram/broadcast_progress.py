"""The live progress message of a broadcast in the staff member's chat (Telegram)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.engine.core import Engine
from bot.services.broadcast_progress import ProgressUpdate, due_updates, record_update

log = logging.getLogger(__name__)


async def update_broadcast_progress(engine: Engine, bot: Bot, now: datetime) -> int:
    """Send or edit each due progress message; returns how many were updated."""
    updates = await asyncio.to_thread(_due, engine, now)
    for update in updates:
        message_id = await _show(engine, bot, update)
        await asyncio.to_thread(_record, engine, update, message_id, now)
    return len(updates)


def _due(engine: Engine, now: datetime) -> list[ProgressUpdate]:
    with engine.db.transaction() as session:
        return due_updates(session, now)


def _record(engine: Engine, update: ProgressUpdate, message_id: str | None, now: datetime) -> None:
    with engine.db.transaction() as session:
        record_update(session, update, message_id, now)


async def _show(engine: Engine, bot: Bot, update: ProgressUpdate) -> str | None:
    key = "staff.broadcast_done" if update.finished else "staff.broadcast_report"
    status = update.status
    text = engine.texts.get(key, engine.default_language, "parent", count=status["total"], **status)
    try:
        if update.message_id is None:
            sent = await bot.send_message(chat_id=update.chat_id, text=text)
            return str(sent.message_id)
        await bot.edit_message_text(
            chat_id=update.chat_id, message_id=int(update.message_id), text=text
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            log.info("progress message not updated: %s", error.message)
    except TelegramError as error:
        log.info("progress message not updated: %s", error.message)
    return None
