"""The conversation checker itself: it fails on what a user would notice is wrong."""

from __future__ import annotations

import pytest

from bot.engine.core import Engine
from tests.dialog import ChatUser, Step, check_dialog

WELCOME = "Welkom bij de Talentenkwekerij"
PARENT_BUTTON = "Ik ben ouder of verzorger"


def test_a_true_step_passes(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [Step(send="/start", messages=1, says=[WELCOME], buttons=[PARENT_BUTTON])],
    )


@pytest.mark.parametrize(
    ("step", "complaint"),
    [
        (Step(send="/start", messages=2, says=[WELCOME]), "expected 2 messages, got 1"),
        (Step(send="/start", messages=1, says=[PARENT_BUTTON]), "is not in the texts"),
        (Step(send="/start", messages=1, buttons=[WELCOME]), "no button label has"),
        (Step(send="/start", messages=1, not_says=[WELCOME]), "must not be"),
        (Step(send="/start", messages=1, no_buttons=["ouder"]), "a button label has 'ouder'"),
        (Step(send="/start", messages=1, files=["*.ics"]), "expected files ['*.ics'], got []"),
        (Step(send="/start", ignored=True), "expected the press to be ignored"),
    ],
)
def test_a_wrong_expectation_fails_and_says_why(engine: Engine, step: Step, complaint: str) -> None:
    with pytest.raises(AssertionError, match="step 1 of 1") as failed:
        check_dialog(ChatUser(engine), [step])
    assert complaint in str(failed.value)


def test_a_press_must_name_exactly_one_button(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/start")
    with pytest.raises(AssertionError, match="2 buttons with that label"):
        check_dialog(user, [Step(press="Ik ben", messages=1, says=["x"])])
    with pytest.raises(AssertionError, match="no button with that label"):
        check_dialog(user, [Step(press="Bestaat niet", messages=1, says=["x"])])


def test_a_step_must_say_what_the_user_notices() -> None:
    with pytest.raises(TypeError, match="say how many messages"):
        Step(send="hoi", says=["hallo"])
    with pytest.raises(TypeError, match="a count alone"):
        Step(send="hoi", messages=1)
    with pytest.raises(TypeError, match="exactly one of"):
        Step(send="hoi", press="Menu", messages=1, says=["x"])
    with pytest.raises(TypeError, match="an empty dialog"):
        check_dialog(None, [])  # type: ignore[arg-type]
