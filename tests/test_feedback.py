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


def test_a_staff_reply_to_feedback_answers_no_question(engine: Engine) -> None:
    """Feedback is a family's own text in the staff chat: "#1" in it is no question number."""
    from bot.db.models import Question
    from bot.engine.types import Incoming

    with_staff_group(engine)
    asker = ChatUser(engine, "5201", channel="telegram")
    asker.send("/start")
    asker.press("ouder")
    asker.send("ik heb een vraag")
    asker.press("Vraag het een bibliothecaris")
    asker.send("Mijn dochter heeft een notenallergie, kan ze mee?")
    went_to_saxophone(engine, "5202").send("workshop #1 was echt top")
    channel = RecordingChannel()
    dispatch(engine, channel, AFTER_SAXOPHONE)
    forwarded_feedback = channel.inbox[STAFF_GROUP][-1].text
    assert forwarded_feedback.startswith("💬")
    reply = Incoming(
        "telegram",
        STAFF_GROUP,
        LIBRARIAN,
        text="Dank je wel, fijn om te horen!",
        in_group=True,
        quoted=forwarded_feedback,
    )
    outcome = engine.handle(reply, AFTER_SAXOPHONE)
    assert not any("Je antwoord op #1" in r.text for r in outcome.replies)
    with engine.db.transaction() as session:
        assert session.scalars(select(Question.answered_at)).all() == [None]


def test_choosing_the_event_twice_stores_the_feedback_once(engine: Engine) -> None:
    user = went_to_saxophone(engine, "5203")
    with engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == "5203")).one()
        regs.register(
            session, event_id="lezing-schermtijd", family=family, child=None, now=user.now
        )
    user.now = local_time(2027, 1, 22, 10)
    user.send("dat was saai zeg")
    first, other = user.button("Schermtijd").token, user.button("Saxofoon").token
    user.press_token(first)
    user.now = local_time(2027, 1, 22, 10, 1)
    assert "Je reactie heb ik al" in user.press_token(other).replies[0].text
    assert feedback_rows(engine) == [("lezing-schermtijd", "dat was saai zeg")]


def test_feedback_about_no_event_is_in_the_report(engine: Engine) -> None:
    with_staff_group(engine)
    user = ChatUser(engine, "5204", channel="telegram")
    user.send("/start")
    user.press("ouder")
    user.send("het was echt super leuk")
    assert "Dank je wel voor je bericht!" in user.text
    librarian = ChatUser(engine, LIBRARIAN, channel="telegram")
    librarian.send("/rapport")
    assert "“het was echt super leuk”" in librarian.text


def test_a_partner_reads_only_feedback_on_their_own_events(engine: Engine) -> None:
    with engine.db.transaction() as session:
        staff.add_staff(session, "9102", "partner", "teststad", partner_id="sportbedrijf")
    went_to_saxophone(engine, "5205").send("Mijn zoon Daan vond de juf ongeduldig")
    partner = ChatUser(engine, "9102", channel="telegram")
    partner.now = AFTER_SAXOPHONE
    partner.send("/rapport")
    assert "bereikt" in partner.text and "Daan" not in partner.text


def test_forwarded_feedback_is_taken_back_when_the_family_is_forgotten(engine: Engine) -> None:
    from bot.db.models import OutboxMessage

    with_staff_group(engine)
    user = went_to_saxophone(engine, "5206")
    user.send("Mijn zoon Daan had het fijn")
    channel = RecordingChannel()
    with engine.db.transaction() as session:  # as the Telegram sender records it
        query = select(OutboxMessage).where(OutboxMessage.kind == "staff_feedback")
        session.scalars(query).one().delivered_ids = ["4711"]
    user.send("/privacy")
    user.press("Verwijder alles")
    user.press("Ja, verwijder alles")
    dispatch(engine, channel, AFTER_SAXOPHONE)
    changed = [r for r in channel.inbox.get(STAFF_GROUP, []) if r.edit_of == "4711"]
    assert len(changed) == 1 and "verwijderd" in changed[0].text
