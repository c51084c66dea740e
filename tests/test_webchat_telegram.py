"""From the web chat to Telegram: a visitor registers over HTTP, asks to continue on
Telegram, and opens the link there (the real python-telegram-bot stack against the Bot API
emulator); the registration is then the Telegram account's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram.application import build_application
from bot.channels.web.routes import chat_routes
from bot.db import Database
from bot.db.models import Family, OutboxMessage, Registration
from bot.web.server import web_app
from botapi_emulator import BotApiEmulator
from botapi_emulator.ptb import running_application
from tests.conftest import import_into, settings_for
from tests.test_webchat_routes import Visitor, _register

PARENT = 601


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def test_a_web_family_moves_to_telegram_and_finds_its_registration_there(
    api: BotApiEmulator, sqlite_db: Database
) -> None:
    import_into(sqlite_db)
    settings = replace(
        settings_for(sqlite_db.url),
        telegram_bot_token=api.token,
        telegram_api_base_url=api.base_url,
    )
    app = App.open(settings, sqlite_db)
    application: Application = build_application(app)
    with running_application(application):
        routes = chat_routes(app, telegram_username=lambda: application.bot.username)
        with TestClient(web_app(app, channel_routes=routes)) as client:
            visitor = Visitor(client)
            _register(visitor)
            visitor.press("Verder op Telegram")
            link = next(w for w in visitor.text.split() if w.startswith("https://t.me/"))
        assert link.startswith(f"https://t.me/{api.bot_username}?start=mv_")
        argument = link.split("?start=", 1)[1]

        moved = api.wait_for_reply(api.send_text(PARENT, f"/start {argument}"))
        assert moved["text"].startswith(
            "Welkom! Ik heb je gegevens van de website hierheen gebracht: 1 kind en 1 inschrijving."
        )
        mine = api.wait_for_reply(api.send_text(PARENT, "/inschrijvingen"))
        assert "Snorkelen proberen" in mine["text"] and "Daan" in mine["text"]
        again = api.wait_for_reply(api.send_text(PARENT, f"/start {argument}"))
        assert again["text"].startswith("Deze link is al gebruikt.")

    with sqlite_db.transaction() as session:
        family = session.scalars(select(Family)).one()
        assert (family.channel, family.external_id) == ("telegram", str(PARENT))
        seat = session.scalars(select(Registration)).one()
        assert (seat.family_id, seat.child.first_name, seat.status) == (
            family.id,
            "Daan",
            "confirmed",
        )
        reminders = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "reminder")
        ).all()
        assert {(m.channel, m.chat_id) for m in reminders} == {("telegram", str(PARENT))}
    app.close()
