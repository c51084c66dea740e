"""The python-telegram-bot application around the engine: polling or webhook, and the
periodic work on PTB's JobQueue."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.app import App
from bot.channels.telegram.broadcast_progress import update_broadcast_progress
from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.delivery import send_rate_limiter, telegram_sender
from bot.channels.telegram.tolerant import TolerantBot
from bot.channels.telegram.updates import ChatOrderedUpdateProcessor
from bot.channels.telegram.webserver import Webhook, serve
from bot.jobs import PeriodicJob
from bot.outbox.drain import Drain
from bot.timeutil import now_utc
from bot.web.server import Companion

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
SILENT_BEATS = 3  # a process without a sign of life for this many heartbeats is dead
CONCURRENT_UPDATES = 16  # chats handled side by side; one chat's updates always in order
# httpcore looks at every pooled connection (a readability check on each idle one) before each
# request, so PTB's default of 256 grew to one connection per chat in hand and cost about a
# tenth of the bot's CPU. The send limiter keeps few requests in flight: 30 a second at
# Telegram's round trip of tens of milliseconds need two or three connections.
HTTP_CONNECTIONS = 8
POOL_TIMEOUT = 30.0  # seconds a request may wait for a free connection (PTB's default: 1)


@dataclass(frozen=True)
class WebhookOptions:
    url: str
    listen: str | None = None  # None: TALENTBOT_WEB_LISTEN
    port: int | None = None  # None: TALENTBOT_WEB_PORT
    secret_token: str | None = None

    @property
    def url_path(self) -> str:
        return urlparse(self.url).path.strip("/")


def build_application(app: App, *, webhook: bool = False) -> Application:
    settings = app.settings
    if not settings.telegram_bot_token:
        raise ValueError("no Telegram token")
    channel = TelegramChannel(app.engine, app.metrics)
    builder = (
        ApplicationBuilder()
        .bot(_bot(app, channel))
        .post_init(channel.post_init)
        .concurrent_updates(ChatOrderedUpdateProcessor(CONCURRENT_UPDATES))
    )
    if webhook:
        builder = builder.updater(None)  # our own server receives the updates (webserver.py)
    application = builder.build()
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    schedule_jobs(application, app)
    schedule_catch_up(application, app, channel)
    return application


def _bot(app: App, channel: TelegramChannel) -> TolerantBot:
    """The bot as ApplicationBuilder would make it, reading each update on its own."""
    settings = app.settings
    base = settings.telegram_api_base_url or DEFAULT_BASE_URL
    return TolerantBot(
        str(settings.telegram_bot_token),
        base_url=base,
        base_file_url=base.replace("/bot", "/file/bot", 1),
        request=HTTPXRequest(connection_pool_size=HTTP_CONNECTIONS, pool_timeout=POOL_TIMEOUT),
        get_updates_request=HTTPXRequest(),
        rate_limiter=send_rate_limiter(settings.max_send_rate, settings.send_retries),
        on_skip=app.metrics.unreadable_updates.inc,
        on_received=channel.received,
    )


def schedule_jobs(application: Application, app: App) -> None:
    """The outbox tick every few seconds, and the periodic jobs, each in a worker thread."""
    queue = application.job_queue
    if queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
    drain = Drain(app.dispatcher(telegram_sender(application.bot)), lambda: application.running)

    async def deliver(_: ContextTypes.DEFAULT_TYPE) -> None:
        drain.tick(lambda work: application.create_task(work, name="outbox"))
        await update_broadcast_progress(app.engine, application.bot, now_utc())

    queue.run_repeating(deliver, interval=app.settings.dispatch_interval, first=1, name="outbox")
    for job in app.periodic_jobs():
        queue.run_repeating(_in_thread(job), interval=job.every, first=job.first, name=job.name)


def schedule_catch_up(application: Application, app: App, channel: TelegramChannel) -> None:
    """Every few seconds: this process is alive, and what one not seen for a while had in
    hand (it died) is picked up."""
    queue = application.job_queue
    assert queue is not None

    every = app.settings.heartbeat
    dead_after = timedelta(seconds=SILENT_BEATS * every)

    async def catch_up(_: ContextTypes.DEFAULT_TYPE) -> None:
        await channel.catch_up(application, dead_after)

    queue.run_repeating(catch_up, interval=every, first=min(1.0, every), name="inbox")


def _in_thread(job: PeriodicJob) -> Callable[[ContextTypes.DEFAULT_TYPE], Awaitable[None]]:
    async def run(_: ContextTypes.DEFAULT_TYPE) -> None:
        await asyncio.to_thread(job.run, now_utc())

    return run


def run_telegram(
    application: Application,
    app: App,
    webhook: WebhookOptions | None,
    companions: Sequence[Companion] = (),
) -> None:
    """Run with the web app until SIGINT/SIGTERM; the update in hand is finished first. The
    web server listens on the webhook's address, or on TALENTBOT_WEB_LISTEN/_PORT."""
    settings = app.settings
    hook = None
    if webhook is not None:
        secret = webhook.secret_token or secrets.token_urlsafe(32)
        hook = Webhook(webhook.url, webhook.url_path, secret)
    asyncio.run(
        serve(
            application,
            app,
            webhook=hook,
            listen=webhook.listen if webhook and webhook.listen else settings.web_listen,
            port=webhook.port if webhook and webhook.port is not None else settings.web_port,
            allowed_updates=ALLOWED_UPDATES,
            companions=companions,
        )
    )
