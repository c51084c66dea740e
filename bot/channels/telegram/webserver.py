"""Webhook mode: one ASGI app (Starlette, served by uvicorn in the bot's own process) with the
Telegram webhook (secret checked), /healthz and /metrics — python-telegram-bot's documented
custom-webhook pattern. A deployment with several processes behind a load balancer needs the
health check and the metrics on the same port as the updates.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import signal
from collections.abc import Iterator

import uvicorn
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram.tolerant import readable
from bot.db import Database
from bot.metrics import CONTENT_TYPE

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(application: Application, app: App, *, path: str, secret: str) -> Starlette:
    """The routes; each handler does its database work in a thread."""

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

    async def health(_: Request) -> Response:
        checks = {
            "database": await asyncio.to_thread(_database_answers, app.db),
            "scheduler": bool(application.job_queue and application.job_queue.scheduler.running),
        }
        body = {name: "ok" if ok else "failing" for name, ok in checks.items()}
        return JSONResponse(body, status_code=200 if all(checks.values()) else 503)

    async def metrics(_: Request) -> Response:
        body = await asyncio.to_thread(app.metrics.exposition)
        return Response(body, media_type=CONTENT_TYPE)

    routes = [
        Route(f"/{path}", telegram_update, methods=["POST"]),
        Route("/healthz", health, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    return Starlette(routes=routes)


def _database_answers(db: Database) -> bool:
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any failure means unhealthy; the reason is in the database's log
        return False
    return True


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: it would raise the signal again when it stops
    serving, ending the process before the update in hand is finished (see `serve`)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


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
    config = uvicorn.Config(
        web_app(application, app, path=path, secret=secret),
        host=listen,
        port=port,
        lifespan="off",
        log_config=None,  # its lines go through our logging (bot/logs.py), no content in them
        log_level="warning",
        access_log=False,  # a request line is no event worth a log line; URLs hold no content
    )
    server = _Server(config)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        serving = asyncio.create_task(server.serve())
        while not server.started and not serving.done():
            await asyncio.sleep(0.05)
        if serving.done():  # the port was taken, say: uvicorn said why
            await serving
            raise SystemExit(1)
        await application.bot.set_webhook(url, secret_token=secret, allowed_updates=allowed_updates)
        await serving
        await application.stop()
