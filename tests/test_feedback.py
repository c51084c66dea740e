"""Feedback from families: stored with the event, forwarded to the staff chat, in the report."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.db.models import Family, Feedback, Library
from bot.engine.core import Engine
from bot.services import registrations as regs
from bot.services import staff
from bot.services.privacy import export_family
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import RecordingChannel, dispatch, local_time, register

LIBRARIAN, STAFF_GROUP = "9101", "-100777"
AFTER_SAXOPHONE = local_time(2027, 1, 14, 10)  # the day after "Saxofoon spelen"


def with_staff_group(engine: Engine) -> Engine:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        session.get(Library, "teststad").staff_chat_id = STAFF_GROUP
    return engine


def went_to_saxophone(engine: Engine, user_id: str) -> ChatUser:
    user = ChatUser(engine, user_id, channel="telegram")
    register(user, "Sam")
    user.now = AFTER_SAXOPHONE
    return user


def feedback_rows(engine: Engine) -> list[tuple[str | None, str]]:
    with engine.db.transaction() as session:
        return [(f.event_id, f.text) for f in session.scalars(select(Feedback))]


def test_typed_feedback_goes_with_the_event_to_the_staff_chat(engine: Engine) -> None:
    with_staff_group(engine)
    user = went_to_saxophone(engine, "5101")
    check_dialog(
        user,
        [
            Step(
                send="complimenten aan de juf!",
                messages=1,
                says=[
                    "Dank je wel voor je reactie over Saxofoon spelen!",
                    "doorgegeven aan de medewerkers",
                ],
            ),
        ],
    )
    assert feedback_rows(engine) == [("ws-saxofoon", "complimenten aan de juf!")]
    channel = RecordingChannel()
    dispatch(engine, channel, AFTER_SAXOPHONE)
    forwarded = channel.texts(STAFF_GROUP)
    assert "💬 Reactie op Saxofoon spelen" in forwarded
    assert "complimenten aan de juf!" in forwarded
    assert "Sam" not in forwarded and "5101" not in forwarded  # what, not who


def test_feedback_without_a_recent_event_is_kept_for_the_library(engine: Engine) -> None:
    user = ChatUser(engine, "5102", channel="telegram")
    user.send("/start")
    user.press("ouder")
    check_dialog(
        user,
        [
            Step(
                send="het was echt super leuk",
                messages=1,
                says=["Dank je wel voor je bericht!", "bewaard"],
                not_says=["doorgegeven"],  # this library has no staff chat
            ),
        ],
    )
    assert feedback_rows(engine) == [(None, "het was echt super leuk")]


def test_with_two_recent_events_the_family_says_which(engine: Engine) -> None:
    user = went_to_saxophone(engine, "5103")
    with engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == "5103")).one()
        regs.register(
            session, event_id="lezing-schermtijd", family=family, child=None, now=user.now
        )
    user.now = local_time(2027, 1, 22, 10)
    check_dialog(
        user,
        [
            Step(
                send="dat was saai zeg",
                messages=1,
                says=["Over welke activiteit gaat je bericht?"],
                buttons=["Schermtijd en social media", "Saxofoon spelen", "Over iets anders"],
            ),
            Step(
                press="Schermtijd",
                messages=1,
                says=["Dank je wel voor je reactie over Schermtijd en social media!"],
            ),
        ],
    )
    assert feedback_rows(engine) == [("lezing-schermtijd", "dat was saai zeg")]


def test_staff_read_the_comments_in_the_report(engine: Engine) -> None:
    with_staff_group(engine)
    went_to_saxophone(engine, "5104").send("complimenten aan de juf!")
    librarian = ChatUser(engine, LIBRARIAN, channel="telegram")
    librarian.now = AFTER_SAXOPHONE
    check_dialog(
        librarian,
        [
            Step(
                send="/rapport",
                messages=1,
                says=["💬 Laatste reacties:", "Saxofoon spelen: “complimenten aan de juf!”"],
                files=["rapport.png"],
            ),
        ],
    )


def test_feedback_is_in_my_data_and_goes_when_the_family_is_forgotten(engine: Engine) -> None:
    user = went_to_saxophone(engine, "5105")
    user.send("complimenten aan de juf!")
    with engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == "5105")).one()
        exported = export_family(session, family)
    assert exported["feedback"][0]["event"] == "Saxofoon spelen"
    assert exported["feedback"][0]["text"] == "complimenten aan de juf!"
    assert "complimenten" not in json.dumps(exported["registrations"])
    user.send("/privacy")
    user.press("Verwijder alles")
    user.press("Ja, verwijder alles")
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == 0
