"""Saying who types in words at the first choice ("ik ben ouder", "ik ben 10"), and the answer
language following the family's own messages until they choose one."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from tests.dialog import ChatUser, Step, check_dialog

PARENT_SET = "Ik praat nu met jou als ouder of verzorger"
KID_SET = "Leuk dat je er bent!"
ASKED_AGAIN = "Vertel je me nog wie je bent?"


def welcomed(engine: Engine, user_id: str) -> ChatUser:
    user = ChatUser(engine, user_id)
    user.send("/start")
    assert "Wie ben jij?" in user.text
    return user


@pytest.mark.parametrize("typed", ["ik ben ouder", "Ik ben de moeder van Sem", "oma", "ouder"])
def test_a_parent_typing_who_they_are_is_answered_as_a_parent(engine: Engine, typed: str) -> None:
    user = welcomed(engine, "8101")
    check_dialog(
        user,
        [
            Step(
                send=typed,
                messages=2,
                says=[PARENT_SET],
                # not taken for a search of parents' lectures, and not asked again
                not_says=["Lezingen en bijeenkomsten voor ouders", ASKED_AGAIN, KID_SET],
                buttons=["Ontdek een hobby", "Mijn inschrijvingen"],
            ),
            # the choice holds: a later question gets no role question after it
            Step(send="wanneer is judo", messages=1, not_says=[ASKED_AGAIN, "Wie ben jij?"]),
        ],
    )


def test_an_english_parent_typing_who_they_are_gets_it_in_english(engine: Engine) -> None:
    user = welcomed(engine, "8106")
    check_dialog(
        user,
        [
            Step(
                send="I'm a dad",
                messages=2,
                says=["I'll talk to you as a parent or carer"],
                not_says=[PARENT_SET, ASKED_AGAIN],
                buttons=["My registrations"],
            )
        ],
    )


@pytest.mark.parametrize("typed", ["ik ben een kind", "ik ben 10", "ik ben 11 jaar", "kind"])
def test_a_child_typing_who_they_are_gets_kid_mode(engine: Engine, typed: str) -> None:
    user = welcomed(engine, "8102")
    check_dialog(
        user, [Step(send=typed, messages=2, says=[KID_SET], not_says=[PARENT_SET, ASKED_AGAIN])]
    )


@pytest.mark.parametrize("typed", ["ik ben 10 minuten te laat", "ik ben ouder dan 12"])
def test_sentences_that_only_start_like_a_role_are_no_choice(engine: Engine, typed: str) -> None:
    user = welcomed(engine, "8103")
    # answered as a message, and then asked who is typing
    check_dialog(
        user, [Step(send=typed, messages=2, says=[ASKED_AGAIN], not_says=[PARENT_SET, KID_SET])]
    )


def test_a_role_said_with_a_question_answers_it_and_does_not_ask_the_role(engine: Engine) -> None:
    user = welcomed(engine, "8104")
    check_dialog(
        user,
        [
            Step(
                send="ik ben moeder, wanneer is de saxofoon workshop?",
                messages=1,
                says=["Saxofoon spelen", "13 januari"],
                not_says=[ASKED_AGAIN, PARENT_SET, KID_SET],
            ),
        ],
    )


def test_english_then_dutch_messages_get_answers_in_their_own_language(engine: Engine) -> None:
    user = welcomed(engine, "8105")
    user.press("ouder")
    check_dialog(
        user,
        [
            Step(send="what can you do?", messages=1, says=["Here is what I can do for you"]),
            # Dutch again: the answer is Dutch again (nobody chose English in /taal)
            Step(
                send="wat kun je allemaal?",
                messages=1,
                says=["Dit kan ik voor je doen"],
                not_says=["Here is what I can do"],
            ),
            Step(send="what can you do?", messages=1, says=["Here is what I can do for you"]),
            # a message whose words could be either keeps the last language
            Step(send="menu", messages=1, says=["Here is what I can do"], not_says=["Dit kan ik"]),
        ],
    )


def test_a_role_word_after_the_choice_changes_nothing(engine: Engine) -> None:
    """A kid who types "mama" is still a kid: typed roles only answer the first choice."""
    user = welcomed(engine, "8107")
    user.press("kind")
    check_dialog(user, [Step(send="mama", messages=1, not_says=[PARENT_SET, KID_SET])])
    check_dialog(user, [Step(send="ik ben ouder", messages=1, not_says=[PARENT_SET])])


def test_a_question_about_a_child_is_no_kid_saying_who_they_are(engine: Engine) -> None:
    user = welcomed(engine, "8108")
    check_dialog(
        user,
        # answered, and then asked who is typing (not silently taken for a kid)
        [Step(send="een kind kan ook mee?", messages=2, says=[ASKED_AGAIN], not_says=[KID_SET])],
    )
