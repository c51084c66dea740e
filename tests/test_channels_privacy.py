"""Privacy on the newer channels: "mijn gegevens" names what only the family's channel keeps
(the web chat's kept lines, WhatsApp's news opt-in) and the file holds it; "verwijder alles"
also deletes the further pages of WhatsApp menus kept for that number (a label may hold a
child's first name), and no one else's."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.app import App
from bot.channels.web.routes import chat_routes
from bot.channels.whatsapp import menus
from bot.db.models import Family, WebChatLine, WhatsAppMenu
from bot.engine.core import Engine
from bot.engine.types import Button
from bot.timeutil import now_utc
from bot.web.server import web_app
from tests.conftest import NOW, settings_for
from tests.dialog import ChatUser
from tests.office import Clock
from tests.test_webchat_routes import Visitor, _register
from tests.whatsapp import say, tap, whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31611112222"
OTHER_PARENT = "31633334444"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def test_my_data_in_the_web_chat_counts_its_kept_lines(any_engine: Engine) -> None:
    app = App(settings_for(any_engine.db.url), any_engine.db, any_engine)
    routes = chat_routes(app, clock=Clock(NOW))
    with TestClient(web_app(app, channel_routes=routes, clock=Clock(NOW))) as client:
        visitor = Visitor(client)
        _register(visitor)
        visitor.send("/privacy")
        with any_engine.db.transaction() as session:
            kept = session.scalar(select(func.count()).select_from(WebChatLine))
        shown_again = len(visitor.history())  # what a reload shows
        (summary,) = visitor.press("Mijn gegevens")
        exported = json.loads(client.get(summary["attachment"]["url"]).content)
    assert kept == shown_again and kept > 20  # the registration's turns, said and answered
    assert f"🗨️ Chat op deze website: {kept} regels bewaard" in summary["text"]
    assert "Nieuws ook buiten een gesprek" not in summary["text"]
    assert len(exported["web_chat_lines"]) == kept
    said = [line["text"] for line in exported["web_chat_lines"] if line["author"] == "visitor"]
    assert said[-4:] == ["Daan", "10", "✅ Ja, inschrijven", "/privacy"]


def test_my_data_elsewhere_names_no_channel_lines(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/privacy")
    user.press("Mijn gegevens")
    assert "Dit weten we van je" in user.text
    assert "Chat op deze website" not in user.text
    assert "Nieuws ook buiten een gesprek" not in user.text


def test_whatsapp_my_data_shows_the_news_opt_in_and_forgetting_deletes_kept_menus(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    with whatsapp_bot(any_engine, api) as bot:
        say(api, bot, PARENT, "hallo")
        tap(api, bot, PARENT, "ouder")
        say(api, bot, PARENT, "/privacy")
        before = tap(api, bot, PARENT, "Mijn gegevens")
        say(api, bot, PARENT, "/meldingen")
        tap(api, bot, PARENT, "Nieuws ook buiten een gesprek")
        say(api, bot, PARENT, "/privacy")
        after = tap(api, bot, PARENT, "Mijn gegevens")
        (document,) = [m for m in after if m.kind == "document"]
        exported = json.loads(api.media(document.payload["document"]["id"]).content)
        with any_engine.db.transaction() as session:
            # The further pages of long menus, as the channel keeps them for each number.
            menus.keep(session, PARENT, [Button("❌ Daan afmelden", "t1")], now_utc())
            menus.keep(session, OTHER_PARENT, [Button("❌ Sem afmelden", "t2")], now_utc())
        say(api, bot, PARENT, "/privacy")
        tap(api, bot, PARENT, "Verwijder alles")
        gone = tap(api, bot, PARENT, "Ja, verwijder alles")
    said_before = "".join(m.text for m in before)
    assert "📰 Nieuws ook buiten een gesprek (WhatsApp): uit" in said_before
    assert "📰 Nieuws ook buiten een gesprek (WhatsApp): aan" in "".join(m.text for m in after)
    assert exported["account"]["news_outside_a_conversation_since"] is not None
    assert exported["web_chat_lines"] == []
    assert "Alles is verwijderd." in "".join(m.text for m in gone)
    with any_engine.db.transaction() as session:
        assert session.scalars(select(Family).where(Family.external_id == PARENT)).all() == []
        left = session.scalars(select(WhatsAppMenu.chat)).all()
    assert left == [menus.chat_hash(OTHER_PARENT)]
