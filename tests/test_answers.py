"""Typed questions answered from the shared database, and the handoff to a librarian."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.channels.telegram.delivery import telegram_sender
from bot.db.models import Library, OutboxMessage, Question
from bot.engine.core import Engine
from bot.outbox.dispatch import Dispatcher
from bot.services import staff
from botapi_emulator import BotApiEmulator
from botapi_emulator.ptb import ptb_bot
from tests.dialog import ChatUser, Press, verify_dialog
from tests.test_notifications import RecordingChannel, dispatch

LIBRARIAN = "7700"
STAFF_GROUP = -100555


def parent(engine: Engine, user_id: str = "6001") -> ChatUser:
    user = ChatUser(engine, user_id, channel="telegram")
    user.send("/start")
    user.press("ouder")
    return user


@pytest.mark.parametrize(
    ("message", "fragments", "absent"),
    [
        (
            "wanneer is de saxafoon workshop",
            ["Saxofoon spelen", "13 januari 2027"],
            ["Snorkelen proberen"],
        ),
        ("is er in december iets met snorkelen", ["Snorkelen proberen", "12 december"], []),
        ("is er iets in de kerstvakantie", ["Ik vond nu geen workshop", "Andere data"], []),
        ("zijn er lezingen voor ouders", ["Schermtijd en social media"], []),
        ("wat kost het?", ["De workshops zijn gratis."], []),
        (
            "hoe laat is de bieb open",
            [
                "Openingstijden van Bibliotheek Teststad",
                "donderdag: 10:00–20:00",
                "zondag: gesloten",
            ],
            [],
        ),
        (
            "kan ik een schaakspel lenen",
            ["Voor Schaken kun je in de bieb lenen", "Schaakspel (14 dagen)", "bibliotheekpas"],
            [],
        ),
        ("mijn inschrijvingen", ["Je hebt nog geen inschrijvingen"], []),
        ("stop met berichten sturen", ["Welke berichten wil je krijgen?"], []),
        ("verwijder al mijn gegevens", ["Verwijder alles"], []),
        ("hoeveel is 7 keer 8", ["Dat weet ik niet zeker", "Vraag het een bibliothecaris"], []),
    ],
)
def test_questions_get_answers_from_the_database(
    engine: Engine, message: str, fragments: list[str], absent: list[str]
) -> None:
    user = parent(engine)
    user.send(message)
    for fragment in fragments:
        assert fragment in user.visible, f"{fragment!r} not in:\n{user.visible}"
    for fragment in absent:
        assert fragment not in user.text


def test_an_event_answer_leads_to_registration(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(
        user,
        [
            ("ik wil mijn dochter inschrijven voor saxofoon", ["Saxofoon spelen"]),
            (Press("Saxofoon spelen"), ["📝 Inschrijven"]),
            (Press("Inschrijven"), ["Ga je akkoord?"]),
        ],
    )


def test_an_english_question_gets_an_english_answer(engine: Engine) -> None:
    user = parent(engine)
    user.send("when is the street art workshop")
    assert "I found no workshop for" in user.text or "This is what I found" in user.text
    user.send("/taal")
    user.press("Nederlands")
    user.send("any talks for parents")
    assert "Lezingen en bijeenkomsten voor ouders" in user.text  # Dutch was chosen


def test_a_first_question_is_answered_without_the_welcome_in_between(engine: Engine) -> None:
    user = ChatUser(engine, "6100", channel="telegram")
    user.send("wanneer is de workshop saxofoon")
    assert "Saxofoon spelen" in user.text
    user.send("hoi")
    assert "Hallo" in user.text or "Welkom" in user.text


@pytest.fixture
def librarian_setup(engine: Engine) -> Engine:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        session.get(Library, "teststad").staff_chat_id = str(STAFF_GROUP)
    return engine


def test_a_question_goes_to_the_staff_group_and_the_answer_comes_back(
    librarian_setup: Engine,
) -> None:
    engine = librarian_setup
    asker = parent(engine)
    verify_dialog(
        asker,
        [
            ("waar kan ik mijn fiets parkeren?", ["Vraag het een bibliothecaris"]),
            (Press("Vraag het een bibliothecaris"), ["Wat wil je vragen?"]),
            ("Waar kan ik mijn fiets parkeren bij de bieb?", ["doorgestuurd naar de bibliotheek"]),
        ],
    )
    with BotApiEmulator() as api:
        api.add_user(int(asker.user_id), "Ouder")
        api.add_user(int(LIBRARIAN), "Bibliothecaris")
        group = api.add_group(STAFF_GROUP, "Bieb Teststad medewerkers")

        async def deliver() -> None:
            async with ptb_bot(api) as bot:
                dispatcher = Dispatcher(engine, telegram_sender(bot), worker="t", quiet=None)
                await dispatcher.run_once(asker.now)

        asyncio.run(deliver())
        forwarded = api.last_message(group["id"])
        assert forwarded["text"].startswith("❓ #1 (nl)")
        assert "fiets parkeren" in forwarded["text"] and "Ouder" not in forwarded["text"]

        # The librarian replies in the group; the adapter turns it into engine input.
        from telegram import Update

        from bot.channels.telegram.convert import to_incoming

        update = api.send_text(
            int(LIBRARIAN),
            "Er zijn fietsenrekken naast de ingang.",
            chat_type="group",
            chat_id=group["id"],
            reply_to=forwarded,
        )

        async def read() -> Update:
            async with ptb_bot(api) as bot:
                return Update.de_json(update, bot)

        incoming = to_incoming(asyncio.run(read()), api.bot_username)
        outcome = engine.handle(incoming, asker.now)
        assert "Je antwoord op #1 is verstuurd" in outcome.replies[0].text
    channel = RecordingChannel()
    dispatch(engine, channel, asker.now)
    assert "Er zijn fietsenrekken naast de ingang." in channel.texts(asker.user_id)
    with engine.db.transaction() as session:
        question = session.scalars(select(Question)).one()
        assert question.answered_by == LIBRARIAN


def test_open_questions_are_listed_for_staff_and_answered_from_the_chat(
    engine: Engine,
) -> None:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    asker = parent(engine)
    asker.send("wie is de burgemeester")
    asker.press("Vraag het een bibliothecaris")
    asker.send("Hebben jullie een kinderboekenweek?")
    assert "staat klaar voor de bibliotheek" in asker.text
    librarian = ChatUser(engine, LIBRARIAN, channel="telegram")
    verify_dialog(
        librarian,
        [
            ("/vragen", ["#1: Hebben jullie een kinderboekenweek?"]),
            (Press("Beantwoord #1"), ["Typ je antwoord op vraag #1"]),
            ("Ja, in oktober!", ["Je antwoord op #1 is verstuurd"]),
        ],
    )
    with engine.db.transaction() as session:
        kinds = session.scalars(select(OutboxMessage.kind)).all()
    assert "librarian_answer" in kinds
    ChatUser(engine, "6002", channel="telegram").send("/vragen")  # a family: refused
