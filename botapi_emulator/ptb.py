"""Helpers to point python-telegram-bot at the emulator and run an Application in a thread."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot
from telegram.ext import Application, ApplicationBuilder

from .api import BotApiEmulator


def ptb_bot(api: BotApiEmulator, **kwargs: Any) -> Bot:
    """A real telegram.Bot (HTTPXRequest) talking to the emulator."""
    return Bot(api.token, base_url=api.base_url, **kwargs)


def ptb_builder(api: BotApiEmulator) -> ApplicationBuilder:
    """An ApplicationBuilder with token and base_url of the emulator set."""
    return Application.builder().token(api.token).base_url(api.base_url)


@contextmanager
def running_application(
    application: Application,
    *,
    poll_timeout: float = 2.0,
    webhook_url: str | None = None,
    secret_token: str | None = None,
    startup_timeout: float = 10.0,
) -> Iterator[Application]:
    """Run ``application`` in a thread with its own event loop: polling, or with ``webhook_url``
    (http://127.0.0.1:PORT/path) PTB's own webhook server, which calls setWebhook itself.

    Sync tests act through the emulator meanwhile; on exit the updater, application and loop
    are shut down cleanly (when polling, PTB confirms the last updates with one getUpdates).
    """
    loop = asyncio.new_event_loop()
    ready: concurrent.futures.Future[None] = concurrent.futures.Future()
    stop = asyncio.Event()

    async def main() -> None:
        async with application:
            assert application.updater is not None
            if webhook_url:
                url = urlsplit(webhook_url)
                await application.updater.start_webhook(
                    listen=url.hostname or "127.0.0.1",
                    port=url.port or 80,
                    url_path=url.path.lstrip("/"),
                    webhook_url=webhook_url,
                    secret_token=secret_token,
                )
            else:
                await application.updater.start_polling(poll_interval=0, timeout=int(poll_timeout))
            await application.start()
            ready.set_result(None)
            await stop.wait()
            await application.updater.stop()
            await application.stop()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(main())
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error)
            else:
                raise
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="ptb-application", daemon=True)
    thread.start()
    ready.result(timeout=startup_timeout)
    try:
        yield application
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=15)
