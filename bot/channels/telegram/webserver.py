"""Webhook mode with our own small server: updates (secret checked), /healthz and /metrics.

python-telegram-bot's built-in webhook server serves updates only; a deployment with several
processes behind a load balancer also needs health checks and metrics on the same port.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import signal
from typing import Any

import tornado.httpserver
import tornado.web
from sqlalchemy import text
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram.tolerant import readable
from bot.db import Database
from bot.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application, secret: str, app: App) -> None:
        self.bot_app = bot_app
        self.secret = secret
        self.engine = app.engine
        self.on_skip = app.metrics.unreadable_updates.inc

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given, self.secret):
            log.warning("webhook request with a missing or wrong secret refused")
            self.set_status(403)
            return
        try:
            data = json.loads(self.request.body)
        except ValueError:
            self.set_status(400)
            return
        # One update the library cannot read is skipped (with one log line), not refused:
        # Telegram would send it again and again, and hold back the others meanwhile.
        update = readable(data, self.bot_app.bot, self.on_skip)
        if isinstance(data, dict):  # kept before Telegram hears it arrived (services/inbox.py)
            await asyncio.to_thread(self.engine.receipts.receive, [data])
        await self.bot_app.update_queue.put(update)
        self.set_status(200)


class HealthHandler(tornado.web.RequestHandler):
    def initialize(self, bot_app: Application, db: Database) -> None:
        self.bot_app = bot_app
        self.db = db

    async def get(self) -> None:
        checks = {
            "database": await asyncio.to_thread(_database_answers, self.db),
            "scheduler": bool(self.bot_app.job_queue and self.bot_app.job_queue.scheduler.running),
        }
        self.set_status(200 if all(checks.values()) else 503)
        self.write({name: "ok" if ok else "failing" for name, ok in checks.items()})


class MetricsHandler(tornado.web.RequestHandler):
    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def get(self) -> None:
        body = await asyncio.to_thread(self.metrics.exposition)
        self.set_header("Content-Type", CONTENT_TYPE)
        self.write(body)


def _database_answers(db: Database) -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means unhealthy; the reason is in the database's log
        return False
    return True


async def serve(
    application: Application,
    app: App,
    *,
    url: str,
    path: str,
    listen: str,
    port: int,
    secret: str,
    allowed_updates: list[str],
) -> None:
    """Run until SIGTERM/SIGINT: the update in hand is finished before the process stops."""
    routes: list[Any] = [
        (
            rf"/{path}",
            UpdateHandler,
            {"bot_app": application, "secret": secret, "app": app},
        ),
        (r"/healthz", HealthHandler, {"bot_app": application, "db": app.db}),
        (r"/metrics", MetricsHandler, {"metrics": app.metrics}),
    ]
    server = tornado.httpserver.HTTPServer(tornado.web.Application(routes))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        server.listen(port, address=listen)
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        await stop.wait()
        server.stop()
        await application.stop()
