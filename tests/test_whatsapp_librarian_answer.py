"""A librarian's answer to a WhatsApp family's question: outside the 24-hour window it goes
as the utility template of dialogs/whatsapp.yaml with the answer as its parameter (it used to
be skipped), inside the window as the normal message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import OutboxMessage
from bot.db.states import OutboxState
from bot.engine.core import Engine
from bot.services.families import get_or_create_family
from bot.services.handoff import answer_question, ask_question
from tests.conftest import NOW
from tests.whatsapp import api_with, dispatch
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31655556666"
ANSWER = "Ja, de bieb is op zaterdag\nvan 10 tot 16 uur open."


api = api_with(PARENT)


def _answered(engine: Engine, wrote_hours_ago: float) -> None:
    """The family asked a question `wrote_hours_ago` before NOW; a librarian answers at NOW."""
    wrote = NOW - timedelta(hours=wrote_hours_ago)
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "whatsapp", PARENT, language="nl", now=wrote)
        family.last_incoming_at = wrote
        question = ask_question(session, family, "Is de bieb zaterdag open?", wrote)
        assert answer_question(session, question, ANSWER, "9001", NOW)


def _states(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        query = select(OutboxMessage.state).where(OutboxMessage.kind == "librarian_answer")
        return list(session.scalars(query))


def test_an_answer_outside_the_window_is_the_utility_template(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    _answered(any_engine, wrote_hours_ago=30)
    api.close_window(PARENT)
    report = dispatch(any_engine, api, NOW)
    (sent,) = api.messages_to(PARENT)
    assert (report.sent, sent.kind) == (1, "template")
    template = sent.payload["template"]
    assert (template["name"], template["language"]) == (
        "talentbot_antwoord_bibliotheek",
        {"code": "nl"},
    )
    assert sent.template is not None and sent.template.category == "utility"
    assert sent.text == (
        "Antwoord van de bibliotheek op je vraag: Ja, de bieb is op zaterdag van 10 tot 16 uur "
        "open. Stuur ons een bericht als je nog iets wilt vragen."
    )
    assert _states(any_engine) == [OutboxState.SENT]


def test_an_answer_inside_the_window_is_the_normal_message(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    _answered(engine, wrote_hours_ago=2)
    api.user(PARENT).last_inbound_at = api.world.clock()
    report = dispatch(engine, api, NOW)
    (sent,) = api.messages_to(PARENT)
    assert (report.sent, sent.kind) == (1, "interactive")
    assert "Is de bieb zaterdag open?" in sent.text and "van 10 tot 16 uur open." in sent.text
    assert _states(engine) == [OutboxState.SENT]
