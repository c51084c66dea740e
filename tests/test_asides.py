"""A question asked in the middle of a flow is answered, and the flow goes on where it was."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.db.models import Child, Feedback
from bot.engine.core import Engine
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import RecordingChannel, dispatch, local_time, register, telegram_user


def in_quiz(engine: Engine, role: str = "ouder", user_id: str = "3001") -> ChatUser:
    user = ChatUser(engine, user_id, channel="telegram")
    user.send("/start")
    user.press(role)
    user.send("/hobby")
    return user


QUIZ_AGE = "Hoe oud is je kind?"


@pytest.mark.parametrize(
    "question, says, not_says",
    [
        # A hobby named to try: its workshop, not "Oké, onthouden!".
        ("mag ik mee doen met saxofoon", ["Saxofoon spelen", "13 januari"], ["Genoteerd"]),
        ("kan mijn zoon ook snorkelen proberen?", ["Snorkelen proberen"], ["Genoteerd"]),
        ("ik wil saxofoon proberen", ["Saxofoon spelen"], ["Genoteerd"]),
        # A question about the library: its answer, not "dat begrijp ik niet".
        ("hoe laat is de bieb open", ["maandag"], ["begrijp ik niet"]),
        ("wat kost saxofoon spelen?", ["2,50"], ["begrijp ik niet"]),
    ],
)
def test_a_question_in_the_quiz_is_answered_and_the_quiz_waits(
    engine: Engine, question: str, says: list[str], not_says: list[str]
) -> None:
    user = in_quiz(engine)
    check_dialog(
        user,
        [
            Step(
                send=question,
                messages=2,  # the answer, then the open question again
                says=[*says, "Dan gaan we verder waar we waren:", "Vraag 1 van", QUIZ_AGE],
                not_says=not_says,
            ),
            Step(press="10", messages=1, says=["Vraag 2 van"], not_says=[QUIZ_AGE]),
        ],
    )


def test_off_topic_maths_at_the_age_question_skips_nothing(engine: Engine) -> None:
    user = in_quiz(engine)
    check_dialog(
        user,
        [
            Step(
                send="hoeveel is 7 keer 8?",
                messages=2,
                says=["Dat weet ik niet zeker", "Vraag 1 van", QUIZ_AGE],
                not_says=["Vraag 2 van", "Genoteerd"],
            ),
        ],
    )


def test_answers_to_the_quiz_are_still_answers(engine: Engine) -> None:
    user = in_quiz(engine)
    check_dialog(
        user,
        [
            Step(send="10", messages=1, says=["Vraag 2 van"], not_says=["Dan gaan we verder"]),
        ],
    )


def test_a_kid_is_answered_as_a_kid_and_back_in_the_quiz(engine: Engine) -> None:
    user = in_quiz(engine, role="kind", user_id="3002")
    check_dialog(
        user,
        [
            Step(
                send="wanneer is saxofoon?",
                messages=2,
                says=["Saxofoon spelen", "En nu weer verder! 👇", "Vraag 1 van"],
                not_says=["snap ik niet"],
            ),
        ],
    )


def at_name_prompt(engine: Engine, user_id: str = "3003") -> ChatUser:
    user = telegram_user(engine, user_id)
    user.send("/start")
    user.press("ouder")
    user.send("/agenda")
    user.press("Workshops voor kinderen")
    user.press("Saxofoon spelen")
    user.press("Inschrijven")
    user.press("Akkoord")
    assert "voornaam" in user.text
    return user


def test_a_question_at_the_name_prompt_is_no_name(engine: Engine) -> None:
    user = at_name_prompt(engine)
    check_dialog(
        user,
        [
            Step(
                send="hoe laat is de bieb open?",
                messages=2,
                says=["maandag", "Dan gaan we verder waar we waren:", "voornaam van je kind"],
            ),
            Step(send="Daan", messages=1, says=["Hoe oud is Daan?"]),
            Step(
                send="wat moet je meenemen?",
                messages=2,
                says=["Dan gaan we verder waar we waren:", "Hoe oud is Daan?"],
            ),
            Step(send="10", messages=2, says=["Daan (10) is toegevoegd"]),
        ],
    )
    with engine.db.transaction() as session:
        names = session.scalars(select(Child.first_name)).all()
    assert names == ["Daan"]


def rated(engine: Engine, user_id: str) -> ChatUser:
    user = telegram_user(engine, user_id)
    register(user, "Sam")
    channel = RecordingChannel()
    dispatch(engine, channel, local_time(2027, 1, 13, 16))  # the rating request
    eight = next(b.token for b in channel.inbox[user_id][-1].flat_buttons if b.label == "8")
    user.press_token(eight)
    assert "Dank je wel voor je 8!" in user.text
    return user


def test_a_question_after_a_mark_is_answered_not_kept_as_the_comment(engine: Engine) -> None:
    user = rated(engine, "3004")
    user.now = local_time(2027, 1, 13, 17)
    check_dialog(
        user,
        [
            Step(
                send="wat kost snorkelen proberen?",
                messages=2,
                # In January only the event day's snorkelling is still to come.
                says=[
                    "Snorkelen op de talentendag",
                    "Gratis",
                    "Wil je nog iets vertellen over Saxofoon spelen?",
                ],
                not_says=["Dank je wel voor je reactie"],
            ),
            Step(
                send="Waarom duurde het zo kort?",  # a question, but about the workshop
                messages=1,
                says=["Dank je wel voor je reactie over Saxofoon spelen!"],
            ),
        ],
    )
    with engine.db.transaction() as session:
        texts = session.scalars(select(Feedback.text)).all()
        assert texts == ["Waarom duurde het zo kort?"]
        assert session.scalar(select(func.count()).select_from(Feedback)) == 1


def test_an_age_asked_back_is_still_the_answer(engine: Engine) -> None:
    check_dialog(
        in_quiz(engine, user_id="3010"),
        [Step(send="9 jaar?", messages=1, says=["Vraag 2 van"], not_says=["Dan gaan we verder"])],
    )


def test_a_name_from_a_registration_left_half_way_is_not_used_again(engine: Engine) -> None:
    user = at_name_prompt(engine, "3011")
    user.send("Daan")
    assert "Hoe oud is Daan?" in user.text
    user.press("Annuleren")
    user.send("/agenda")
    user.press("Workshops voor kinderen")
    user.press("Snorkelen proberen")
    user.press("Inschrijven")
    check_dialog(
        user,
        [
            Step(
                send="hoe laat is de bieb open?",
                messages=2,
                says=["voornaam van je kind"],
                not_says=["Hoe oud is Daan?"],
            )
        ],
    )
