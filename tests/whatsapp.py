"""WhatsApp in tests: the real web app with the WhatsApp service on uvicorn (a free port, its
own thread and event loop) over a test database, talking to the WhatsApp emulator; and the
outbox dispatcher for WhatsApp rows, run once at a chosen moment."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.whatsapp import convert
from bot.channels.whatsapp.delivery import whatsapp_sender
from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.pacing import Pacer
from bot.channels.whatsapp.photos import PhotoMedia, TelegramPhotos
from bot.channels.whatsapp.send import ReplySender
from bot.channels.whatsapp.service import WhatsAppService
from bot.channels.whatsapp.templates import Templates
from bot.channels.whatsapp.window import WindowRenderer
from bot.config import Settings
from bot.db.models import InboxUpdate
from bot.engine.core import Engine
from bot.outbox.dispatch import Dispatcher, DispatchReport
from bot.web.server import server, start, web_app
from tests.conftest import DIALOGS, settings_for
from whatsapp_emulator import Sent, WhatsAppEmulator


def whatsapp_settings(engine: Engine, api: WhatsAppEmulator) -> Settings:
    url = engine.db.engine.url.render_as_string(hide_password=False)
    return replace(
        settings_for(url),
        whatsapp_token=api.world.token,
        whatsapp_phone_number_id=api.world.phone_number_id,
        whatsapp_app_secret=api.app_secret,
        whatsapp_verify_token=api.verify_token,
        whatsapp_api_base_url=api.base_url,
        dispatch_interval=3600.0,  # the tests run the outbox themselves, at chosen moments
        heartbeat=3600.0,
        quiet_hours=None,
    )


def register_templates(api: WhatsAppEmulator) -> Templates:
    """The templates of dialogs/whatsapp.yaml, as registered with Meta."""
    templates = Templates.load(DIALOGS, ["nl", "en"])
    for template in templates.by_kind.values():
        for language, body in template.bodies.items():
            api.register_template(template.name, language, template.category, body)
    return templates


def api_with(*users: str) -> Any:
    """The `api` fixture of a test module: the emulator with these users (as "Ouder") and
    the templates of dialogs/whatsapp.yaml registered: `api = api_with(PARENT)`."""

    @pytest.fixture
    def api() -> Iterator[WhatsAppEmulator]:
        with WhatsAppEmulator() as emulator:
            for wa_id in users:
                emulator.add_user(wa_id, "Ouder")
            register_templates(emulator)
            yield emulator

    return api


@dataclass
class RunningBot:
    app: App
    address: str

    def answered(self, wamid: str, timeout: float = 20.0) -> None:
        """Wait until the bot has answered the user message `wamid` (all replies sent)."""
        update_id = convert.update_id(wamid)
        deadline = time.monotonic() + timeout
        query = select(InboxUpdate.replied_at).where(InboxUpdate.update_id == update_id)
        while True:
            with self.app.db.transaction() as session:
                if session.scalar(query) is not None:
                    return
            assert time.monotonic() < deadline, "the bot did not answer in time"
            time.sleep(0.05)


@contextmanager
def whatsapp_bot(
    engine: Engine, api: WhatsAppEmulator, settings: Settings | None = None
) -> Iterator[RunningBot]:
    """The web app with /whatsapp on a free port, connected to the emulator (`settings`:
    others than `whatsapp_settings`)."""
    app = App(settings or whatsapp_settings(engine, api), engine.db, engine)
    service = WhatsAppService(app, run_jobs=False)
    started = threading.Event()
    stop: dict[str, Any] = {}
    address: list[str] = []

    async def serve() -> None:
        web = server(web_app(app, channel_routes=service.routes), "127.0.0.1", 0)
        serving = await start(web)
        await service.start()
        address.append(web.address)
        stop["loop"], stop["event"] = asyncio.get_running_loop(), asyncio.Event()
        started.set()
        await stop["event"].wait()
        web.should_exit = True
        await serving
        await service.stop()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    assert started.wait(20), "the web app did not start"
    api.connect(f"{address[0]}/whatsapp")
    try:
        yield RunningBot(app, address[0])
    finally:
        stop["loop"].call_soon_threadsafe(stop["event"].set)
        thread.join(20)


def say(api: WhatsAppEmulator, bot: RunningBot, wa_id: str, text: str) -> list[Sent]:
    """The user types `text`; returns the messages the bot sent in answer."""
    before = len(api.messages_to(wa_id))
    assert api.send_text(wa_id, text).status_code == 200
    bot.answered(api.inbound[-1]["id"])
    return api.messages_to(wa_id)[before:]


def tap(api: WhatsAppEmulator, bot: RunningBot, wa_id: str, fragment: str) -> list[Sent]:
    """The user taps the one button or list row of the latest menu whose title or
    description contains `fragment`; returns the messages the bot sent in answer."""
    menus = [m for m in api.messages_to(wa_id) if m.kind == "interactive"]
    assert menus, "no menu to tap on"
    latest = menus[-1]
    found = [c for c in latest.choices if fragment in c[1] or fragment in c[2]]
    assert len(found) == 1, f"{fragment!r} fits {len(found)} of {latest.choices}"
    before = len(api.messages_to(wa_id))
    assert api.reply(wa_id, latest, *found[0]).status_code == 200
    bot.answered(api.inbound[-1]["id"])
    return api.messages_to(wa_id)[before:]


def dispatch(
    engine: Engine,
    api: WhatsAppEmulator,
    now: datetime,
    pacer: Pacer | None = None,
    telegram: tuple[str, str] | None = None,
) -> DispatchReport:
    """One outbox run for WhatsApp rows at `now`, through the emulator (unpaced unless a
    `pacer` is given; announcements' photos from the Bot API at `telegram`: token, base)."""
    templates = Templates.load(DIALOGS, ["nl", "en"])

    async def run() -> DispatchReport:
        client = GraphClient(api.base_url, api.world.phone_number_id, api.world.token, pacer)
        photos = PhotoMedia(TelegramPhotos(*telegram) if telegram else None, client)
        sender = whatsapp_sender(ReplySender(client, engine.db, engine.texts, photos))
        dispatcher = Dispatcher(
            WindowRenderer(engine, templates),
            sender,
            worker="test-whatsapp",
            quiet=None,
            per_chat_interval=0,
            channels=("whatsapp",),
        )
        try:
            return await dispatcher.run_once(now)
        finally:
            await photos.close()
            await client.close()

    return asyncio.run(run())
