"""Control characters in what people type (a NUL, say) are dropped at the edge: PostgreSQL
would refuse the text, and the question or announcement would be lost."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Broadcast, Question
from bot.engine.core import Engine
from bot.services import staff
from tests.dialog import ChatUser, Step, check_dialog

LIBRARIAN = "9301"


def test_a_question_with_a_nul_reaches_the_library(any_engine: Engine) -> None:
    user = ChatUser(any_engine, "9302", channel="telegram")
    user.send("/start")
    user.press("ouder")
    user.send("ik heb een vraag")
    user.press("Vraag het een bibliothecaris")
    check_dialog(
        user,
        [
            Step(
                send="Is er\x00 parkeerplaats\x0b bij de bieb?",
                messages=1,
                says=["Je vraag staat klaar voor de bibliotheek."],
                not_says=["ging bij mij iets mis"],
            )
        ],
    )
    with any_engine.db.transaction() as session:
        assert session.scalars(select(Question.text)).all() == ["Is er parkeerplaats bij de bieb?"]


def test_an_announcement_with_a_nul_is_sent(any_engine: Engine) -> None:
    with any_engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    librarian = ChatUser(any_engine, LIBRARIAN, channel="telegram")
    librarian.send("/omroep")
    librarian.send("Morgen\x00 is de bieb dicht.")
    librarian.press("Alle gezinnen")
    assert "Morgen is de bieb dicht." in librarian.text
    librarian.press("Versturen")
    with any_engine.db.transaction() as session:
        assert session.scalars(select(Broadcast.text)).all() == ["Morgen is de bieb dicht."]
