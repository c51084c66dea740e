"""A wish of its own in answer to a WhatsApp rating or follow-up template ends the wait: the
message is read as it would be without the template ("stop" opens the notification settings,
a cancellation the family's registrations, a hobby wish the discovery), over the real web app
and the emulator; the template's question does not come back, and nothing is stored for it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Registration
from bot.db.states import OutboxKind, RegistrationStatus
from bot.engine.core import Engine
from tests.test_whatsapp_short_notices import PARENT, _registration, _template_sent
from tests.whatsapp import api_with, say, tap, whatsapp_bot
from whatsapp_emulator import Sent, WhatsAppEmulator

api = api_with(PARENT)


def _asked_again(replies: list[Sent]) -> bool:
    return any("Geef een cijfer" in r.text or "ermee verder gegaan" in r.text for r in replies)


def _titles(replies: list[Sent]) -> list[str]:
    return [title for r in replies for _, title, _ in r.choices]


@pytest.mark.parametrize("kind", [OutboxKind.RATING, OutboxKind.FOLLOW_UP])
@pytest.mark.parametrize("text", ["stop", "Ik wil geen berichten meer"])
def test_stop_after_a_template_opens_the_notification_settings(
    engine: Engine, api: WhatsAppEmulator, kind: str, text: str
) -> None:
    _template_sent(engine, api, kind)
    with whatsapp_bot(engine, api) as bot:
        replies = say(api, bot, PARENT, text)
    assert replies[0].text.startswith("🔔 Welke berichten wil je krijgen?")
    assert "✅ Vragen om een cijfer" in _titles(replies)
    assert not _asked_again(replies)
    assert _registration(engine) == (None, None)


@pytest.mark.parametrize("kind", [OutboxKind.RATING, OutboxKind.FOLLOW_UP])
def test_a_cancellation_after_a_template_shows_the_registrations(
    engine: Engine, api: WhatsAppEmulator, kind: str
) -> None:
    _template_sent(engine, api, kind)
    with whatsapp_bot(engine, api) as bot:
        replies = say(api, bot, PARENT, "ik wil me afmelden voor saxofoon")
        assert replies[0].text.startswith("📝 Jullie inschrijvingen:")
        assert "❌ Daan afmelden voor…" in _titles(replies)
        assert not _asked_again(replies)
        (choice,) = [c for c in replies[0].choices if "Daan afmelden" in c[1]]
        assert api.reply(PARENT, replies[0], *choice).status_code == 200
        bot.answered(api.inbound[-1]["id"])
        done = tap(api, bot, PARENT, "Ja, afmelden")
        assert not _asked_again(done)
    with engine.db.transaction() as session:
        registration = session.scalars(select(Registration)).one()
        assert (registration.status, registration.rating) == (RegistrationStatus.CANCELLED, None)


def test_a_hobby_wish_after_the_follow_up_starts_the_discovery(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    _template_sent(engine, api, OutboxKind.FOLLOW_UP)
    with whatsapp_bot(engine, api) as bot:
        replies = say(api, bot, PARENT, "Ze wil iets met muziek")
    assert replies[0].text.startswith("✨ Deze hobby's passen misschien bij je kind:")
    assert "💡 Omdat je kind van muziek houdt." in replies[0].text
    assert not _asked_again(replies)
    assert _registration(engine) == (None, None)
