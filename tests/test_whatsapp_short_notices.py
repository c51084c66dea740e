"""The rating request and the follow-up to a WhatsApp family who last wrote 25 hours ago: they
go as their utility templates (they used to be skipped), and the family's answer continues
them over the real web app and the emulator: a typed mark rates at once, anything else brings
the question back with its buttons; the mark and the answer land in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.models import Feedback, OutboxMessage, Registration
from bot.db.states import OutboxKind, OutboxState
from bot.engine.core import Engine
from bot.engine.flows.short_notice import mark_in
from bot.services import registrations
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import NOW
from tests.whatsapp import api_with, dispatch, say, tap, whatsapp_bot
from whatsapp_emulator import Sent, WhatsAppEmulator

PARENT = "31611112222"


api = api_with(PARENT)


def _went(engine: Engine, kind: str) -> datetime:
    """Daan (10) went to the saxophone workshop; the family last wrote 25 hours before the
    `kind` message is due, which is the only one left to send. Returns when it is due."""
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "whatsapp", PARENT, language="nl", now=NOW)
        give_consent(family, NOW)
        child = add_child(session, family, "Daan", 10, NOW)
        registrations.register(session, event_id="ws-saxofoon", family=family, child=child, now=NOW)
        session.flush()
        due = None
        for row in session.scalars(select(OutboxMessage)):
            if row.kind == kind:
                due = row.due_at
            else:
                row.state = OutboxState.CANCELLED
        assert due is not None
        family.last_incoming_at = due - timedelta(hours=25)
    return due


def _template_sent(engine: Engine, api: WhatsAppEmulator, kind: str) -> Sent:
    due = _went(engine, kind)
    api.close_window(PARENT)
    report = dispatch(engine, api, due)
    (sent,) = api.messages_to(PARENT)
    assert (report.sent, sent.kind) == (1, "template")
    assert sent.template is not None and sent.template.category == "utility"
    return sent


def _registration(engine: Engine) -> tuple[int | None, str | None]:
    with engine.db.transaction() as session:
        registration = session.scalars(select(Registration)).one()
        return registration.rating, registration.follow_up


def test_a_rating_request_outside_the_window_is_its_template_and_a_typed_mark_rates(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    sent = _template_sent(any_engine, api, OutboxKind.RATING)
    assert sent.payload["template"]["name"] == "talentbot_cijfer"
    assert sent.text == (
        "Hoe was Saxofoon spelen (woensdag 13 januari, 14:00–15:00)? Stuur ons een cijfer van "
        "1 tot 10, dan kun je er daarna ook iets over vertellen."
    )
    assert "Daan" not in sent.text  # no child's name goes into a template
    with whatsapp_bot(any_engine, api) as bot:
        (thanks,) = say(api, bot, PARENT, "een 8!")
        assert "Dank je wel voor je 8!" in thanks.text
        assert _registration(any_engine) == (8, None)
        (stored,) = say(api, bot, PARENT, "De juf was heel aardig")
    assert "Dank je wel voor je reactie over Saxofoon spelen!" in stored.text
    with any_engine.db.transaction() as session:
        feedback = session.scalars(select(Feedback)).one()
        assert (feedback.event_id, feedback.text) == ("ws-saxofoon", "De juf was heel aardig")


def test_any_other_answer_to_the_rating_template_brings_the_buttons(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    _template_sent(engine, api, OutboxKind.RATING)
    with whatsapp_bot(engine, api) as bot:
        (request,) = say(api, bot, PARENT, "hoi")
        assert request.text == "Hoe vond Daan Saxofoon spelen? Geef een cijfer van 1 tot 10!"
        assert [title for _, title, _ in request.choices] == [str(n) for n in range(1, 11)]
        assert _registration(engine) == (None, None)
        (thanks,) = tap(api, bot, PARENT, "7")
        assert "Dank je wel voor je 7!" in thanks.text
        assert _registration(engine) == (7, None)
        # The wait is over: a later mark-like message is read as any other.
        say(api, bot, PARENT, "Nee, dank je")
        say(api, bot, PARENT, "9")
    assert _registration(engine) == (7, None)


def test_a_question_in_reply_to_the_rating_template_is_answered_first(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    _template_sent(engine, api, OutboxKind.RATING)
    with whatsapp_bot(engine, api) as bot:
        replies = say(api, bot, PARENT, "hoe laat is de bieb open?")
    assert "Geef een cijfer van 1 tot 10!" in replies[-1].text
    assert len(replies) >= 2 and "cijfer" not in replies[0].text
    assert _registration(engine) == (None, None)


def test_the_follow_up_outside_the_window_is_its_template_and_the_answer_its_buttons(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    sent = _template_sent(any_engine, api, OutboxKind.FOLLOW_UP)
    assert sent.payload["template"]["name"] == "talentbot_hoe_gaat_het"
    assert sent.text == (
        "Een paar weken geleden was de kennismaking met Saxofoon. Gaat het ermee verder, of "
        "wil je iets anders proberen? Stuur ons een bericht, dan denken we mee."
    )
    with whatsapp_bot(any_engine, api) as bot:
        (question,) = say(api, bot, PARENT, "Hallo")
        assert question.text == (
            "Een paar weken geleden probeerde Daan Saxofoon. Is Daan ermee verder gegaan?"
        )
        (answer,) = tap(api, bot, PARENT, "Nee")
    assert "Dat geeft niets" in answer.text
    assert "🔍 Iets vergelijkbaa…" in [title for _, title, _ in answer.choices]
    assert _registration(any_engine) == (None, "no")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("8", 8),
        ("8!", 8),
        ("8.", 8),
        ("10", 10),
        ("een 8!", 8),
        ("Het was leuk, een 8.", 8),
        ("Ik geef het een 8.", 8),
        ("Een 9 want de juf was lief", 9),
        ("8/10", 8),
        ("8 / 10", 8),
        ("Daan geeft het 7 van de 10", None),  # not a way a mark is said
        ("Daan geeft het 7 van 10", 7),
        ("cijfer 6", 6),
        ("Cijfer: 6", 6),
        ("9 punten!", 9),
        ("an 8, it was great", 8),
        ("8 out of 10", 8),
        ("Daan (10) vond het super, een 9!", 9),
    ],
)
def test_a_mark_in_a_typed_answer(text: str, mark: int) -> None:
    assert mark_in(text) == mark


@pytest.mark.parametrize(
    "text",
    [
        "Daan (10) vond het super!",
        "2 kinderen vonden het leuk",
        "we komen om 10:30",
        "Daan is 8 jaar",
        "een 8 jarige",
        "een 10:30 afspraak",
        "8 km fietsen",
        "een 2 euro",
        "7,5",
        "een 7,5",
        "8/100",
        "8 of 9",
        "een 8 of een 9",
        "hoi",
        "11",
        "Het was heel erg leuk en Daan wil volgende week graag weer, een 9",  # long
    ],
)
def test_no_mark_in_a_typed_answer(text: str) -> None:
    assert mark_in(text) is None


@pytest.mark.parametrize(
    ("text", "rating"), [("Het was leuk, een 8.", 8), ("Daan (10) vond het super!", None)]
)
def test_a_mark_in_a_sentence_rates_and_an_age_does_not(
    engine: Engine, api: WhatsAppEmulator, text: str, rating: int | None
) -> None:
    _template_sent(engine, api, OutboxKind.RATING)
    with whatsapp_bot(engine, api) as bot:
        (reply,) = say(api, bot, PARENT, text)
    if rating is None:
        assert reply.text == "Hoe vond Daan Saxofoon spelen? Geef een cijfer van 1 tot 10!"
    else:
        assert f"Dank je wel voor je {rating}!" in reply.text
    assert _registration(engine) == (rating, None)
