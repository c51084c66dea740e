"""The WhatsApp webhook over HTTP against the emulator: the verification GET, the signature
on every POST (a wrong one handles nothing), and a parent's conversation from greeting to
registration, every reply within WhatsApp's limits and the calendar file as a document."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from bot.db.models import Family, InboxUpdate, Registration
from bot.db.states import RegistrationStatus
from bot.engine.core import Engine
from tests.whatsapp import say, tap, whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31612345678"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        yield emulator


def test_verification_answers_the_challenge_only_with_the_verify_token(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    with whatsapp_bot(engine, api):
        right = api.verify(challenge="1158201444")
        wrong = api.verify("not-the-token", challenge="1158201444")
    assert (right.status_code, right.text) == (200, "1158201444")
    assert (wrong.status_code, wrong.text) == (403, "")


def test_a_post_without_the_right_signature_is_refused_and_nothing_handled(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    with whatsapp_bot(engine, api) as bot:
        unsigned = api.send_text(PARENT, "hallo", signed=False)
        forged = api.send_text(PARENT, "hallo", secret="someone-elses-secret")
        with bot.app.db.transaction() as session:
            stored = session.scalar(select(func.count()).select_from(InboxUpdate))
            families = session.scalar(select(func.count()).where(Family.channel == "whatsapp"))
    assert (unsigned.status_code, forged.status_code) == (403, 403)
    assert (stored, families) == (0, 0)
    assert api.messages_to(PARENT) == []


def _check_limits(api: WhatsAppEmulator) -> None:
    """Every menu the parent got: buttons (≤ 3, titles ≤ 20) or a list (≤ 10 rows, ≤ 24)."""
    for message in api.messages_to(PARENT):
        if message.kind != "interactive":
            continue
        kind = message.payload["interactive"]["type"]
        titles = [title for _, title, _ in message.choices]
        if kind == "button":
            assert len(titles) <= 3 and all(len(t) <= 20 for t in titles), titles
        else:
            assert len(titles) <= 10 and all(len(t) <= 24 for t in titles), titles


def test_a_parent_registers_a_child_over_whatsapp(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    with whatsapp_bot(any_engine, api) as bot:
        welcome = say(api, bot, PARENT, "hallo")
        assert "Wie ben jij?" in welcome[-1].text
        assert welcome[-1].payload["interactive"]["type"] == "button"
        helped = tap(api, bot, PARENT, "ouder")
        assert any("Waarmee kan ik je helpen?" in m.text for m in helped)
        agenda = say(api, bot, PARENT, "/agenda")
        assert "Wat wil je bekijken?" in agenda[-1].text
        workshops = tap(api, bot, PARENT, "Workshops voor kinderen")
        assert "Saxofoon spelen" in "".join(m.text for m in workshops)
        event = tap(api, bot, PARENT, "Saxofoon spelen")
        assert "✨ Saxofoon spelen" in "".join(m.text for m in event)
        consent = tap(api, bot, PARENT, "Inschrijven")
        assert "Ga je akkoord?" in consent[-1].text
        asked = tap(api, bot, PARENT, "Akkoord")
        assert "Wat is de voornaam van je kind?" in "".join(m.text for m in asked)
        assert "Hoe oud is Daan?" in say(api, bot, PARENT, "Daan")[-1].text
        assert "Klopt dat?" in "".join(m.text for m in say(api, bot, PARENT, "10"))
        registered = tap(api, bot, PARENT, "Ja, inschrijven")
    assert "🎉 Daan staat ingeschreven voor Saxofoon spelen!" in "".join(m.text for m in registered)
    documents = [m for m in registered if m.kind == "document"]
    (ics,) = documents
    assert ics.payload["document"]["filename"].endswith(".ics")
    calendar = api.media(ics.payload["document"]["id"])
    assert calendar.content.startswith(b"BEGIN:VCALENDAR")
    # WhatsApp takes no text/calendar: a text/plain document whose name ends in .ics
    assert (calendar.mime_type, calendar.filename[-4:]) == ("text/plain", ".ics")
    assert [m.kind for m in registered].count("image") == 1  # the QR code for the door
    _check_limits(api)
    with any_engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.channel == "whatsapp")).one()
        (registration,) = session.scalars(select(Registration)).all()
        assert (family.external_id, registration.status) == (
            PARENT,
            RegistrationStatus.CONFIRMED,
        )
        assert [c.first_name for c in family.children] == ["Daan"]
        assert family.last_incoming_at is not None
