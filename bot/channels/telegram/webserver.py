"""Telegram inside the process's web app: the webhook route (secret checked) — python-telegram-
bot's documented custom-webhook pattern — and running the bot beside the web server, in
polling or in webhook mode, until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram.tolerant import readable
from bot.channels.web.routes import chat_routes
from bot.web.server import Companion, server, start, web_app

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class Webhook:
    url: str
    path: str
    secret: str


def webhook_route(application: Application, app: App, path: str, secret: str) -> Route:
    async def telegram_update(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given, secret):
            log.warning("webhook request with a missing or wrong secret refused")
            return Response(status_code=403)
        try:
            data = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        # One update the library cannot read is skipped (with one log line), not refused:
        # Telegram would send it again and again, and hold back the others meanwhile.
        update = readable(data, application.bot, app.metrics.unreadable_updates.inc)
        if isinstance(data, dict):  # kept before Telegram hears it arrived (services/inbox.py)
            await asyncio.to_thread(app.engine.receipts.receive, [data])
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Route(f"/{path}", telegram_update, methods=["POST"])


def _username(application: Application) -> str | None:
    """The bot's username once python-telegram-bot has asked Telegram (getMe at start)."""
    try:
        return application.bot.username
    except RuntimeError:  # not initialised yet
        return None


async def serve(
    application: Application,
    app: App,
    *,
    webhook: Webhook | None,
    listen: str,
    port: int,
    allowed_updates: list[str],
    companions: Sequence[Companion] = (),
) -> None:
    """The bot and the web app (and its companions, WhatsApp) until SIGTERM/SIGINT; the
    update in hand is finished first."""
    routes = [webhook_route(application, app, webhook.path, webhook.secret)] if webhook else []
    routes += [route for companion in companions for route in companion.routes]
    routes += chat_routes(app, telegram_username=lambda: _username(application))

    def scheduler_runs() -> bool:
        return bool(application.job_queue and application.job_queue.scheduler.running)

    asgi = web_app(app, channel_routes=routes, checks={"scheduler": scheduler_runs})
    web = server(asgi, listen, port)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        serving = await start(web)
        for companion in companions:
            await companion.start()
        if webhook:
            await application.bot.set_webhook(
                webhook.url, secret_token=webhook.secret, allowed_updates=allowed_updates
            )
        elif application.updater is not None:
            await application.updater.start_polling(allowed_updates=allowed_updates)
        await stopping.wait()
        web.should_exit = True  # no new webhook requests; those in hand are answered
        await serving
        for companion in companions:
            await companion.stop()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()
