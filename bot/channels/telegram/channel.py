"""The Telegram channel: updates in, engine, replies out (kept thin on purpose)."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot.channels.telegram.convert import GroupCommand, to_incoming
from bot.channels.telegram.send import send_replies
from bot.engine.core import Engine
from bot.logs import request_id
from bot.metrics import Metrics

log = logging.getLogger(__name__)
# How long a reply is tried again through Telegram's 5xx answers and timeouts. Best effort:
# what a family must not miss also goes through the outbox (at least once).
REPLY_PATIENCE = 60.0


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
        if converted is None:
            return
        if isinstance(converted, GroupCommand):
            await self._point_to_private_chat(context, converted)
            return
        if self.on_loop:
            outcome = self.engine.handle(converted)
        else:  # one synchronous database transaction: keep the event loop free meanwhile
            outcome = await asyncio.to_thread(self.engine.handle, converted)
        if outcome.ignored:
            return
        pressed = query.message if query is not None else None
        await send_replies(
            context.bot,
            converted.chat_id,
            outcome.replies,
            edit=pressed if isinstance(pressed, Message) else None,
            patience=REPLY_PATIENCE,
        )

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
