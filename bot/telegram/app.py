"""The python-telegram-bot application around the engine: polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from telegram import BotCommand, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot import jobs
from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.engine.core import Engine
from bot.logs import request_id
from bot.metrics import UPDATE_SECONDS, UPDATES
from bot.services.outbox_queue import QuietHours
from bot.telegram.convert import GroupCommand, to_incoming
from bot.telegram.delivery import send_rate_limiter, telegram_sender
from bot.telegram.progress import update_broadcast_progress
from bot.telegram.send import send_replies
from bot.telegram.updates import ChatOrderedUpdateProcessor
from bot.telegram.webserver import serve
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
CONCURRENT_UPDATES = 16  # chats handled side by side; one chat's updates always in order


@dataclass(frozen=True)
class WebhookOptions:
    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    secret_token: str | None = None

    @property
    def url_path(self) -> str:
        return urlparse(self.url).path.strip("/")


class TelegramChannel:
    """Turns updates into engine input and engine replies into Bot API calls."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        request_id.set(f"u{update.update_id}")
        UPDATES.inc()
        with UPDATE_SECONDS.time():
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
        # The engine is synchronous (one database transaction); keep the event loop free.
        outcome = await asyncio.to_thread(self.engine.handle, converted)
        if outcome.ignored:
            return
        pressed = query.message if query is not None else None
        await send_replies(
            context.bot,
            converted.chat_id,
            outcome.replies,
            edit=pressed if isinstance(pressed, Message) else None,
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
        """The command menu, in Dutch (default) and English; check-in codes as deep links."""
        username = application.bot.username
        self.engine.checkin_link = f"https://t.me/{username}?start=ci_{{code}}"
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


def build_application(settings: Settings, engine: Engine, *, webhook: bool = False) -> Application:
    if not settings.telegram_bot_token:
        raise ValueError("no Telegram token")
    channel = TelegramChannel(engine)
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token)
        .rate_limiter(send_rate_limiter(settings.max_send_rate, settings.send_retries))
        .post_init(channel.post_init)
        .concurrent_updates(ChatOrderedUpdateProcessor(CONCURRENT_UPDATES))
    )
    if webhook:
        builder = builder.updater(None)  # our own server receives the updates (webserver.py)
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url
        builder = builder.base_url(base).base_file_url(base.replace("/bot", "/file/bot", 1))
    application = builder.build()
    application.bot_data["db"] = engine.db
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    schedule_jobs(application, engine, settings)
    return application


def schedule_jobs(application: Application, engine: Engine, settings: Settings) -> None:
    """Periodic work on PTB's JobQueue (APScheduler); each job is a plain function in a thread."""
    queue = application.job_queue
    if queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    db = engine.db

    async def expire_offers(_: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(jobs.expire_offers, db, now_utc())

    async def purge(_: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(
            jobs.purge_inactive_families, db, now_utc(), settings.retention_days
        )

    async def confirm_or_release(_: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(jobs.confirm_or_release, db, now_utc())

    dispatcher = Dispatcher(
        engine,
        telegram_sender(application.bot),
        worker=f"{socket.gethostname()}:{os.getpid()}",
        quiet=QuietHours(*settings.quiet_hours) if settings.quiet_hours else None,
        lease=timedelta(seconds=settings.outbox_lease),
    )

    drain: asyncio.Task[object] | None = None

    async def deliver(_: ContextTypes.DEFAULT_TYPE) -> None:
        # The tick starts a drain when none runs; a drain may take minutes (a large
        # broadcast at Telegram's rate) without the scheduler skipping ticks, and it stops
        # claiming when the application stops.
        nonlocal drain
        if drain is None or drain.done():
            drain = application.create_task(
                dispatcher.run_once(keep_going=lambda: application.running), name="outbox"
            )
        await update_broadcast_progress(engine, application.bot, now_utc())

    queue.run_repeating(deliver, interval=settings.dispatch_interval, first=1, name="outbox")
    queue.run_repeating(expire_offers, interval=60, first=5, name="expire-offers")
    queue.run_repeating(confirm_or_release, interval=900, first=30, name="confirm-or-release")

    async def no_shows(_: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(jobs.record_no_shows, db, now_utc())

    queue.run_repeating(no_shows, interval=3600, first=90, name="no-shows")
    queue.run_repeating(purge, interval=timedelta(days=1), first=60, name="retention")


def run_telegram(application: Application, webhook: WebhookOptions | None) -> None:
    """Run until SIGINT/SIGTERM; the update in hand is finished before stopping."""
    if webhook is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
        return
    channel_db = application.bot_data["db"]
    asyncio.run(
        serve(
            application,
            channel_db,
            url=webhook.url,
            path=webhook.url_path,
            listen=webhook.listen,
            port=webhook.port,
            secret=webhook.secret_token or secrets.token_urlsafe(32),
            allowed_updates=ALLOWED_UPDATES,
        )
    )
