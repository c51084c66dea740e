"""WhatsApp in a process's web app: the webhook routes, and beside uvicorn the outbox
dispatcher for WhatsApp rows, the inbox catch-up and, where no Telegram scheduler runs in
the process, the periodic jobs. Made by `talentbot run` and `talentbot web` when the
WhatsApp settings are set."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from starlette.routing import BaseRoute

from bot.app import App
from bot.channels.whatsapp import menus, statuses
from bot.channels.whatsapp.channel import WhatsAppChannel
from bot.channels.whatsapp.convert import CHANNEL
from bot.channels.whatsapp.delivery import whatsapp_sender
from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.pacing import Pacer
from bot.channels.whatsapp.photos import PhotoMedia, TelegramPhotos
from bot.channels.whatsapp.send import ReplySender
from bot.channels.whatsapp.templates import Templates
from bot.channels.whatsapp.webhook import webhook_routes
from bot.channels.whatsapp.window import WindowRenderer
from bot.jobs import PeriodicJob
from bot.outbox.drain import Drain
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
SILENT_BEATS = 3  # as the Telegram channel: silent this many heartbeats is dead
PURGE_EVERY = timedelta(hours=1)


class WhatsAppService:
    def __init__(
        self,
        app: App,
        *,
        run_jobs: bool,
        telegram_username: Callable[[], str | None] = lambda: None,
    ) -> None:
        settings = app.settings
        self.app = app
        # Checked now: a template misconfigured fails at start-up, with file and line.
        self.templates = Templates.load(settings.dialogs_dir, app.engine.texts.languages)
        self.pacer = Pacer(settings.whatsapp_messages_per_second)
        self.client = GraphClient(
            settings.whatsapp_api_base_url,
            str(settings.whatsapp_phone_number_id),
            str(settings.whatsapp_token),
            self.pacer,
        )
        token = settings.telegram_bot_token  # announcements' photos are Telegram files
        source = TelegramPhotos(token, settings.telegram_api_base_url) if token else None
        self.photos = PhotoMedia(source, self.client)
        self.sender = ReplySender(self.client, app.db, app.engine.texts, self.photos)
        self.channel = WhatsAppChannel(
            app.engine, self.sender, lambda: settings.telegram_username or telegram_username()
        )
        self.routes: list[BaseRoute] = list(webhook_routes(settings, self.channel))
        dispatcher = app.dispatcher(
            whatsapp_sender(self.sender),
            renderer=WindowRenderer(app.engine, self.templates),
            channels=(CHANNEL,),
        )
        self.running = False
        self.drain = Drain(dispatcher, lambda: self.running)
        self.run_jobs = run_jobs
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.running = True
        settings = self.app.settings
        dead_after = timedelta(seconds=SILENT_BEATS * settings.heartbeat)
        loops: list[tuple[str, float, float, Callable[[], Awaitable[object]]]] = [
            ("outbox", settings.dispatch_interval, 0.0, self._deliver),
            ("inbox", settings.heartbeat, 0.0, lambda: self.channel.catch_up(dead_after)),
            ("purge", PURGE_EVERY.total_seconds(), 60.0, self._purge),
        ]
        if self.run_jobs:
            loops += [
                (job.name, job.every.total_seconds(), job.first.total_seconds(), _in_thread(job))
                for job in self.app.periodic_jobs()
            ]
        self._tasks = [
            asyncio.create_task(_every(seconds, first, work, name), name=f"whatsapp-{name}")
            for name, seconds, first, work in loops
        ]
        log.info("WhatsApp webhook at /whatsapp")

    async def _deliver(self) -> None:
        self.drain.tick(lambda work: asyncio.create_task(work, name="whatsapp-outbox-drain"))

    async def _purge(self) -> None:
        now = now_utc()
        await asyncio.to_thread(
            self.app.db.run, lambda s: (menus.purge(s, now), statuses.purge(s, now))
        )

    async def stop(self) -> None:
        """Stop claiming, let the messages in hand finish, then stop the loops."""
        self.running = False
        await self.channel.idle()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        running = self.drain._running
        if running is not None:
            with contextlib.suppress(Exception):
                await running
        await self.photos.close()
        await self.client.close()
        self.pacer.close()


def _in_thread(job: PeriodicJob) -> Callable[[], Awaitable[object]]:
    async def run() -> object:
        return await asyncio.to_thread(job.run, now_utc())

    return run


async def _every(
    seconds: float, first: float, work: Callable[[], Awaitable[object]], name: str
) -> None:
    await asyncio.sleep(first)
    while True:
        try:
            await work()
        except Exception:  # one failed round must not end the loop
            log.exception("WhatsApp %s round failed", name)
        await asyncio.sleep(max(seconds, 0.05))
