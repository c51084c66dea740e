"""The Telegram channel: updates in, engine, replies out (kept thin on purpose)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from telegram import Bot, BotCommand, Message, Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.convert import GroupCommand, to_incoming
from bot.channels.telegram.send import send_replies
from bot.channels.telegram.tolerant import is_unreadable, readable
from bot.engine.core import Engine
from bot.engine.types import Incoming, Reply
from bot.logs import request_id
from bot.metrics import Metrics

log = logging.getLogger(__name__)
# How long a reply is tried again through Telegram's 5xx answers and timeouts. Best effort:
# what a family must not miss also goes through the outbox (at least once).
REPLY_PATIENCE = 60.0
T = TypeVar("T")


class TelegramChannel:
    """Turns updates into engine input and engine replies into Bot API calls."""

    def __init__(self, engine: Engine, metrics: Metrics) -> None:
        self.engine = engine
        self.receipts = engine.receipts
        self.metrics = metrics
        # On SQLite the engine runs on the event loop itself. In a worker thread every SQLite
        # call hands the GIL to the loop thread and back (2-3 ms of CPU per update in the
        # throughput bench), and SQLite takes one writer at a time anyway (BEGIN IMMEDIATE).
        # The price: while a transaction waits for another process's write lock (a CLI
        # import), or a staff chart is drawn, this process does nothing else. PostgreSQL
        # waits on the network with the GIL released, so there the engine keeps its thread.
        self.on_loop = engine.db.engine.dialect.name == "sqlite"

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        request_id.set(f"u{update.update_id}")
        self.metrics.updates.inc()
        with self.metrics.update_seconds.time():
            await self._handle(update, context)

    async def _handle(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if is_unreadable(update):  # kept for diagnosis (tolerant.py), nothing to answer
            await self.db(self.receipts.unreadable, update.update_id)
            return
        query = update.callback_query
        if query is not None:
            await _answer_quietly(query)
        converted = to_incoming(update, context.bot.username or "")
        if isinstance(converted, GroupCommand):
            await self._point_to_private_chat(context, converted)
        if not isinstance(converted, Incoming):  # nothing for the engine: its content goes
            await self.db(self.receipts.answered, update.update_id)
            return
        converted = replace(converted, receipt=update.update_id)
        outcome = await self.db(self.engine.handle, converted)
        if outcome.ignored or not outcome.replies:
            return  # the engine marked it answered, or another process has it in hand
        pressed = query.message if query is not None else None
        edit = pressed if isinstance(pressed, Message) else None
        await self._deliver(context.bot, update.update_id, converted.chat_id, outcome.replies, edit)

    async def _deliver(
        self,
        bot: Bot,
        update_id: int,
        chat_id: str,
        replies: list[Reply],
        edit: Message | None = None,
        before: int = 0,
    ) -> None:
        """Send an update's replies (kept in the inbox until then). Telegram down for longer
        than the patience: released, and sent (the rest) at the next catch-up, by this or
        another process. Refused, or timed out (it may have arrived): not again."""

        async def progress(count: int) -> None:  # after each reply but the last of several
            await self.db(self.receipts.progress, update_id, before + count)

        try:
            await send_replies(
                bot, chat_id, replies, edit=edit, patience=REPLY_PATIENCE, on_sent=progress
            )
        except (NetworkError, RetryAfter) as error:
            if not isinstance(error, TimedOut):
                log.warning("replies to update %s not sent yet: %s", update_id, error.message)
                await self.db(self.receipts.release, update_id)
                return
            log.warning("replies to update %s timed out; not sent again", update_id)
        except TelegramError as error:
            # The kind of refusal, not Telegram's wording: a description may quote the chat.
            kind = "the chat is closed to the bot" if isinstance(error, Forbidden) else "refused"
            log.warning("replies to update %s not delivered: %s", update_id, kind)
        await self.db(self.receipts.answered, update_id)

    async def db(self, work: Callable[..., T], *args: Any) -> T:
        """Database work on the loop (SQLite) or in a thread (PostgreSQL), see __init__."""
        if self.on_loop:
            return work(*args)
        return await asyncio.to_thread(work, *args)

    async def received(self, updates: list[Any]) -> None:
        """A fetched batch, stored before the next poll confirms it to Telegram."""
        await self.db(self.receipts.receive, updates)

    async def catch_up(self, application: Application, dead_after: timedelta) -> None:
        """What a process that died had in hand: updates it did not handle go to the queue
        (handled once all the same), replies it handled but did not send are sent now."""
        bodies, unsent = await self.db(self.receipts.overdue, dead_after)
        for body in bodies:
            await application.update_queue.put(readable(body, application.bot, lambda: None))
        for update_id, chat_id, replies, before in unsent:
            await self._deliver(application.bot, update_id, chat_id, replies, before=before)

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
