"""The Telegram channel: updates in, engine, replies out (kept thin on purpose)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from telegram import BotCommand, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.convert import GroupCommand, to_incoming
from bot.channels.telegram.send import send_replies
from bot.channels.telegram.tolerant import readable
from bot.engine.core import Engine
from bot.engine.types import Incoming
from bot.logs import request_id
from bot.metrics import Metrics

log = logging.getLogger(__name__)
# How long a reply is tried again through Telegram's 5xx answers and timeouts. Best effort:
# what a family must not miss also goes through the outbox (at least once).
REPLY_PATIENCE = 60.0
T = TypeVar("T")
REQUEUE_AFTER = 60.0  # seconds before an update queued again (and still unhandled) is again


class TelegramChannel:
    """Turns updates into engine input and engine replies into Bot API calls."""

    def __init__(self, engine: Engine, metrics: Metrics) -> None:
        self.engine = engine
        self.metrics = metrics
        # On SQLite the engine runs on the event loop itself. In a worker thread every SQLite
        # call hands the GIL to the loop thread and back (2-3 ms of CPU per update in the
        # throughput bench), and SQLite takes one writer at a time anyway (BEGIN IMMEDIATE).
        # The price: while a transaction waits for another process's write lock (a CLI
        # import), or a staff chart is drawn, this process does nothing else. PostgreSQL
        # waits on the network with the GIL released, so there the engine keeps its thread.
        self.on_loop = engine.db.engine.dialect.name == "sqlite"
        self._queued: dict[Any, float] = {}  # updates put in the queue again, and when

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        request_id.set(f"u{update.update_id}")
        self.metrics.updates.inc()
        with self.metrics.update_seconds.time():
            await self._handle(update, context)

    async def _handle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None:
            await _answer_quietly(query)
        converted = to_incoming(update, context.bot.username or "")
        if isinstance(converted, GroupCommand):
            await self._point_to_private_chat(context, converted)
        if not isinstance(converted, Incoming):  # nothing for the engine: its content goes
            await self.db(self.engine.answered, update.update_id)
            return
        converted = replace(converted, receipt=update.update_id)
        outcome = await self.db(self.engine.handle, converted)
        if outcome.ignored or not outcome.replies:
            return  # the engine marked it answered, or another process has it in hand
        pressed = query.message if query is not None else None
        await send_replies(
            context.bot,
            converted.chat_id,
            outcome.replies,
            edit=pressed if isinstance(pressed, Message) else None,
            patience=REPLY_PATIENCE,
        )
        await self.db(self.engine.answered, update.update_id)

    async def db(self, work: Callable[..., T], *args: Any) -> T:
        """Database work on the loop (SQLite) or in a thread (PostgreSQL), see __init__."""
        if self.on_loop:
            return work(*args)
        return await asyncio.to_thread(work, *args)

    async def received(self, updates: list[Any]) -> None:
        """A fetched batch, stored before the next poll confirms it to Telegram."""
        await self.db(self.engine.receive, updates)

    async def catch_up(
        self, application: Application, unhandled_for: timedelta, unsent_for: timedelta
    ) -> None:
        """What a process that died left: updates nobody handled go to the queue again
        (handled once all the same), replies handled but never sent are sent now."""
        bodies, unsent = await self.db(self.engine.overdue, unhandled_for, unsent_for)
        clock = asyncio.get_running_loop().time()
        self._queued = {i: t for i, t in self._queued.items() if clock - t < REQUEUE_AFTER}
        for body in bodies:
            update_id = body.get("update_id")
            if clock - self._queued.get(update_id, -1e9) < REQUEUE_AFTER:
                continue  # queued a moment ago, not handled yet
            self._queued[update_id] = clock
            await application.update_queue.put(readable(body, application.bot, lambda: None))
        for update_id, chat_id, replies in unsent:
            await send_replies(application.bot, chat_id, replies, patience=REPLY_PATIENCE)
            await self.db(self.engine.answered, update_id)

    async def _point_to_private_chat(
        self, context: ContextTypes.DEFAULT_TYPE, command: GroupCommand
    ) -> None:
        language = "en" if (command.language_code or "").startswith("en") else "nl"
        text = self.engine.texts.get(
            "telegram.private_only", language, bot_username=context.bot.username or ""
        )
        await context.bot.send_message(chat_id=command.chat_id, text=text)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log what failed without personal data; the process keeps running."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        if isinstance(error, TelegramError):
            log.warning(
                "Telegram error for update %s: %s: %s",
                update_id,
                type(error).__name__,
                error.message,
            )
        else:
            log.error("error for update %s", update_id, exc_info=error)

    async def post_init(self, application: Application) -> None:
        """The command menu, in Dutch (default) and English."""
        for language in ("nl", "en"):
            commands = [
                BotCommand(name, self.engine.texts.get(f"commands.{name}", language))
                for name in self.engine.commands.menu
            ]
            await application.bot.set_my_commands(
                commands, language_code=None if language == "nl" else language
            )


async def _answer_quietly(query: object) -> None:
    """Stop the button's spinner; an old query id is not worth failing over."""
    try:
        await query.answer()  # type: ignore[attr-defined]
    except TelegramError as exc:
        log.info("answering a button press failed: %s", exc.message)
