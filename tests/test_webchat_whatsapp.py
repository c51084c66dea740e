"""From the web chat to WhatsApp: a visitor registers over HTTP, chooses WhatsApp in the move
offer, and sends the message the wa.me link prepares from WhatsApp (the real web app with
/whatsapp against the WhatsApp emulator); the registration is then the WhatsApp family's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.app import App
from bot.channels.web.routes import chat_routes
from bot.channels.whatsapp.convert import to_incoming
from bot.db.models import Family, OutboxMessage, Registration
from bot.engine.core import Engine
from bot.engine.types import Incoming
from bot.web.server import web_app
from tests.channels import clocked
from tests.conftest import NOW, settings_for
from tests.office import Clock
from tests.test_webchat_routes import Visitor, _register
from tests.whatsapp import say, whatsapp_bot, whatsapp_settings
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31687654321"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def _web(app: App) -> TestClient:
    routes = chat_routes(app, clock=Clock(NOW))
    return TestClient(web_app(app, channel_routes=routes, clock=Clock(NOW)))


def test_a_web_family_moves_to_whatsapp_with_its_registration(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    engine = clocked(any_engine)  # the web chat's clock: the link is made and opened at NOW
    settings = replace(whatsapp_settings(engine, api), whatsapp_display_number="+31 6 1234 5678")
    with whatsapp_bot(engine, api) as bot, _web(App(settings, engine.db, engine)) as client:
        visitor = Visitor(client)
        _register(visitor)
        offer = visitor.replies[-1]
        assert offer["text"].startswith("Goed om te weten")
        assert "Wil je verder in een app waarin dat wel kan?" in offer["text"]
        assert [b["label"] for row in offer["buttons"] for b in row] == [
            "📱 Verder op WhatsApp",
            "Zonder herinneringen verder",
        ]
        visitor.press("Verder op WhatsApp")
        link = next(w for w in visitor.text.split() if w.startswith("https://wa.me/"))
        assert link.startswith("https://wa.me/31612345678?text=START%20mv_")
        (prepared,) = parse_qs(urlsplit(link).query)["text"]

        moved = say(api, bot, PARENT, prepared)
        assert moved[0].text.startswith(
            "Welkom! Ik heb je gegevens van de website hierheen gebracht: 1 kind en 1 inschrijving."
        )
        mine = "".join(m.text for m in say(api, bot, PARENT, "mijn inschrijvingen"))
        assert "Daan: Snorkelen proberen" in mine
        again = say(api, bot, PARENT, prepared)
        assert again[0].text.startswith("Deze link is al gebruikt.")

    with engine.db.transaction() as session:
        family = session.scalars(select(Family)).one()
        assert (family.channel, family.external_id) == ("whatsapp", PARENT)
        seat = session.scalars(select(Registration)).one()
        assert (seat.family_id, seat.child.first_name, seat.child.age, seat.status) == (
            family.id,
            "Daan",
            10,
            "confirmed",
        )
        reminders = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "reminder")
        ).all()
        assert reminders and {(m.channel, m.chat_id) for m in reminders} == {("whatsapp", PARENT)}


def test_whatsapp_is_offered_only_when_it_is_connected(any_engine: Engine) -> None:
    """A display number without the WhatsApp settings offers nothing: no channel to go to."""
    settings = replace(settings_for(any_engine.db.url), whatsapp_display_number="+31612345678")
    with _web(App(settings, any_engine.db, any_engine)) as client:
        visitor = Visitor(client)
        _register(visitor)
    labels = [b["label"] for r in visitor.replies for row in r["buttons"] for b in row]
    assert "📱 Verder op WhatsApp" not in labels
    assert "Goed om te weten" not in visitor.text


@pytest.mark.parametrize(
    ("typed", "engine_gets"),
    [
        ("START mv_abc123", "/start mv_abc123"),
        ("start mv_abc123", "/start mv_abc123"),
        ("START nu", "START nu"),  # no move code: a message like any other
        ("START mv_abc123 graag", "START mv_abc123 graag"),
    ],
)
def test_the_prepared_start_message_is_read_as_start(typed: str, engine_gets: str) -> None:
    message = {"from": PARENT, "type": "text", "text": {"body": typed}}
    incoming = to_incoming(message)
    assert isinstance(incoming, Incoming)
    assert incoming.text == engine_gets
