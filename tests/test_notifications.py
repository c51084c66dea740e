"""Messages the bot sends by itself: reminders, offers, changes, ratings, follow-ups.

Time travels by passing `now`: every service and the dispatcher take the moment explicitly.
The channel here is a recording sender; tests/test_delivery_telegram.py runs the same
dispatcher through python-telegram-bot and the Bot API emulator.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db.models import Event, Family, Feedback, OutboxMessage, Registration
from bot.engine.core import Engine
from bot.engine.types import Incoming, Reply
from bot.jobs import confirm_or_release
from bot.outbox import queue as outbox_queue
from bot.outbox.dispatch import Dispatcher
from bot.timeutil import from_local
from tests.conftest import FIXTURE_CATALOGUE
from tests.dialog import ChatUser

Inbox = dict[str, list[Reply]]


class RecordingChannel:
    """Collects what the dispatcher delivers, per chat, like a phone would show it."""

    def __init__(self) -> None:
        self.inbox: Inbox = {}

    async def send(self, chat_id: str, replies: Sequence[Reply]) -> None:
        self.inbox.setdefault(chat_id, []).extend(replies)

    def texts(self, chat_id: str) -> str:
        return "\n\n".join(r.text for r in self.inbox.get(chat_id, []))


def dispatch(engine: Engine, channel: RecordingChannel, now: datetime, worker: str = "w1"):
    dispatcher = Dispatcher(engine, channel.send, worker=worker, quiet=outbox_queue.QuietHours())
    return asyncio.run(dispatcher.run_once(now))


def telegram_user(engine: Engine, user_id: str) -> ChatUser:
    return ChatUser(engine, user_id=user_id, channel="telegram")


def register(user: ChatUser, name: str, event_label: str = "Saxofoon spelen") -> None:
    for step in ("/start", "ouder"):
        user.send(step) if step.startswith("/") else user.press(step)
    user.send("/agenda")
    user.press("Workshops voor kinderen")
    user.press(event_label)
    user.press("Inschrijven")
    if "Ga je akkoord" in user.text:
        user.press("Akkoord")
    if "voornaam" in user.text:
        user.send(name)
        user.send("10")
    user.press("✅ Ja")


def outbox(engine: Engine, kind: str | None = None) -> list[OutboxMessage]:
    with engine.db.transaction() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.scalars(query))


def local_time(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return from_local(datetime(year, month, day, hour, minute))


def test_reminders_the_evening_before_and_two_hours_before(any_engine: Engine) -> None:
    channel = RecordingChannel()
    register(telegram_user(any_engine, "100"), "Sam")
    due = sorted(m.due_at for m in outbox(any_engine, "reminder"))
    # Saxofoon: Wednesday 13 January 2027, 14:00–15:00 in Amsterdam.
    assert due == [local_time(2027, 1, 12, 17), local_time(2027, 1, 13, 12)]
    assert dispatch(any_engine, channel, local_time(2027, 1, 12, 16, 59)).sent == 0
    assert dispatch(any_engine, channel, local_time(2027, 1, 12, 17, 0)).sent == 1
    text = channel.texts("100")
    assert "Herinnering: Sam gaat naar Saxofoon spelen" in text
    assert "woensdag 13 januari, 14:00–15:00" in text  # no year: it is 2027 by then
    assert "Bibliotheek Teststad, Bibliotheekplein 1" in text
    labels = [b.label for r in channel.inbox["100"] for b in r.flat_buttons]
    assert labels == ["✅ Ik kom", "❌ Ik kan niet"]
    assert dispatch(any_engine, channel, local_time(2027, 1, 12, 17, 5)).sent == 0  # once


def test_i_cannot_come_frees_the_seat_and_the_next_gets_an_offer(engine: Engine) -> None:
    channel = RecordingChannel()
    ann, bo, cas = (telegram_user(engine, uid) for uid in ("201", "202", "203"))
    for user, name in ((ann, "Ann"), (bo, "Bo"), (cas, "Cas")):
        register(user, name)
    assert "wachtlijst, op plek 1" in cas.text
    dispatch(engine, channel, local_time(2027, 1, 12, 17))
    token = next(b.token for b in channel.inbox["201"][0].flat_buttons if "kan niet" in b.label)
    ann.press_token(token)
    assert "Ann is afgemeld" in ann.text
    dispatch(engine, channel, local_time(2027, 1, 12, 17, 1))
    offer = channel.texts("203")
    assert "Goed nieuws! Er is een plek vrij voor Cas bij Saxofoon spelen" in offer
    take = next(b.token for b in channel.inbox["203"][-1].flat_buttons if "aannemen" in b.label)
    cas.press_token(take)
    assert "De plek is van Cas" in cas.text


def test_a_late_registration_skips_reminders_already_past(engine: Engine) -> None:
    user = telegram_user(engine, "300")
    user.now = local_time(2027, 1, 13, 12, 30)  # 90 minutes before the start
    register(user, "Sam")
    assert "staat ingeschreven" in user.text
    assert outbox(engine, "reminder") == []
    assert [m.kind for m in outbox(engine)] == ["rating", "follow_up"]


def test_quiet_hours_hold_messages_until_morning_except_cancellations(engine: Engine) -> None:
    channel = RecordingChannel()
    ann, bo, cas = (telegram_user(engine, uid) for uid in ("401", "402", "403"))
    for user, name in ((ann, "Ann"), (bo, "Bo"), (cas, "Cas")):
        register(user, name)
    night = local_time(2026, 12, 1, 22, 30)
    with engine.db.transaction() as session:
        from bot.services import registrations as regs

        first = session.scalars(select(Registration).order_by(Registration.id)).first()
        regs.cancel(session, first, night)
    assert dispatch(engine, channel, night).sent == 0
    assert dispatch(engine, channel, local_time(2026, 12, 2, 7, 59)).sent == 0
    assert dispatch(engine, channel, local_time(2026, 12, 2, 8, 0)).sent == 1
    assert "plek vrij voor Cas" in channel.texts("403")


def test_reminders_keep_the_wall_clock_across_the_change_to_summer_time(
    engine: Engine, tmp_path: Path
) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    events = catalogue / "events.yaml"
    events.write_text(
        events.read_text()
        .replace('"2027-01-13T14:00"', '"2027-03-28T14:00"')
        .replace('"2027-01-13T15:00"', '"2027-03-28T15:00"')
    )
    with engine.db.transaction() as session:
        import_catalogue(session, load_catalogue(catalogue))
    register(telegram_user(engine, "500"), "Sam")
    due = sorted(m.due_at for m in outbox(engine, "reminder"))
    # Saturday 17:00 is still winter time (UTC+1); Sunday 12:00 is summer time (UTC+2).
    assert [d.isoformat() for d in due] == [
        "2027-03-27T16:00:00+00:00",
        "2027-03-28T10:00:00+00:00",
    ]


def test_a_moved_event_tells_registrants_and_replans_reminders(
    any_engine: Engine, tmp_path: Path
) -> None:
    channel = RecordingChannel()
    register(telegram_user(any_engine, "600"), "Sam")
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    events = catalogue / "events.yaml"
    events.write_text(
        events.read_text()
        .replace('"2027-01-13T14:00"', '"2027-01-20T14:00"')
        .replace('"2027-01-13T15:00"', '"2027-01-20T15:00"')
    )
    now = local_time(2026, 12, 1, 10)
    with any_engine.db.transaction() as session:
        report = import_catalogue(session, load_catalogue(catalogue), now)
    assert report.families_told == 1
    dispatch(any_engine, channel, now)
    assert "er is iets veranderd aan Saxofoon spelen" in channel.texts("600")
    assert "woensdag 20 januari 2027, 14:00–15:00" in channel.texts("600")
    pending = sorted(m.due_at for m in outbox(any_engine, "reminder") if m.state == "pending")
    assert pending == [local_time(2027, 1, 19, 17), local_time(2027, 1, 20, 12)]


def test_a_cancellation_waits_for_the_morning_unless_the_event_is_today(
    engine: Engine, tmp_path: Path
) -> None:
    channel = RecordingChannel()
    register(telegram_user(engine, "700"), "Sam")
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    events = catalogue / "events.yaml"
    events.write_text(
        events.read_text().replace("    price: 2.5\n", "    price: 2.5\n    status: cancelled\n")
    )
    night = local_time(2026, 12, 1, 23)
    with engine.db.transaction() as session:
        import_catalogue(session, load_catalogue(catalogue), night)
    assert dispatch(engine, channel, night).sent == 0  # weeks ahead: not worth waking anyone
    assert dispatch(engine, channel, local_time(2026, 12, 2, 8)).sent == 1
    assert "Saxofoon spelen (woensdag 13 januari 2027, 14:00–15:00) gaat niet door" in (
        channel.texts("700")
    )
    with engine.db.transaction() as session:
        registration = session.scalars(select(Registration)).one()
        assert (registration.status, registration.status_reason) == (
            "cancelled",
            "event_cancelled",
        )
    assert all(m.state == "cancelled" for m in outbox(engine, "reminder"))


def test_a_same_day_cancellation_goes_out_at_once_even_early(engine: Engine) -> None:
    from bot.services import event_changes

    channel = RecordingChannel()
    register(telegram_user(engine, "710"), "Sam")
    early = local_time(2027, 1, 13, 6, 30)  # the workshop is at 14:00 that day
    with engine.db.transaction() as session:
        event = session.get(Event, "ws-saxofoon")
        event.status = "cancelled"
        event_changes.event_cancelled(session, event, early)
    assert dispatch(engine, channel, early).sent == 1
    assert "gaat niet door" in channel.texts("710")


def test_rating_and_follow_up_after_a_workshop(engine: Engine) -> None:
    channel = RecordingChannel()
    user = telegram_user(engine, "800")
    register(user, "Sam")
    dispatch(engine, channel, local_time(2027, 1, 13, 16))  # one hour after the end
    assert "Hoe vond Sam Saxofoon spelen? Geef een cijfer" in channel.texts("800")
    eight = next(b.token for b in channel.inbox["800"][-1].flat_buttons if b.label == "8")
    user.press_token(eight)
    assert "Dank je wel voor je 8!" in user.text
    user.send("Super leuk, de juf was aardig")
    assert "Dank je wel voor je reactie over Saxofoon spelen!" in user.text
    with engine.db.transaction() as session:
        registration = session.scalars(select(Registration)).one()
        feedback = session.scalars(select(Feedback)).one()
        assert registration.rating == 8
        assert (feedback.event_id, feedback.text) == (
            registration.event_id,
            "Super leuk, de juf was aardig",
        )
    dispatch(engine, channel, local_time(2027, 2, 3, 16))  # three weeks later
    assert "Is Sam ermee verder gegaan?" in channel.texts("800")
    no = next(b.token for b in channel.inbox["800"][-1].flat_buttons if b.label == "Nee")
    user.press_token(no)
    assert "Iets vergelijkbaars" in user.visible
    assert "hobbyquiz" not in user.visible  # "nee" is not "wil nog meer proberen"
    user.press("Iets vergelijkbaars")
    assert "Saxofoon" not in user.visible  # the hobby just tried is no similar one


def test_wanting_to_try_more_after_a_workshop_offers_the_quiz(engine: Engine) -> None:
    channel = RecordingChannel()
    user = telegram_user(engine, "810")
    register(user, "Sam")
    dispatch(engine, channel, local_time(2027, 2, 3, 16))
    more = next(b.token for b in channel.inbox["810"][-1].flat_buttons if "meer" in b.label)
    user.press_token(more)
    assert "Leuk dat je nog meer wilt proberen" in user.visible
    assert "Dat geeft niets" not in user.visible
    user.press("hobbyquiz")
    assert "Hoe oud is je kind?" in user.visible  # the quiz starts


def test_confirm_or_release_for_a_full_event_with_a_waiting_list(engine: Engine) -> None:
    channel = RecordingChannel()
    users = [telegram_user(engine, uid) for uid in ("901", "902", "903")]
    for user, name in zip(users, ("Ann", "Bo", "Cas"), strict=True):
        register(user, name)
    asked = local_time(2027, 1, 10, 14)  # three days before
    assert confirm_or_release(engine.db, asked) == {"asked": 2}
    dispatch(engine, channel, asked)
    assert "Komt Ann?" in channel.texts("901") and "Komt Bo?" in channel.texts("902")
    coming = next(b.token for b in channel.inbox["902"][-1].flat_buttons if "Ik kom" in b.label)
    users[1].now = asked
    users[1].press_token(coming)
    assert confirm_or_release(engine.db, asked + timedelta(hours=19)) == {"warned": 1}
    assert confirm_or_release(engine.db, asked + timedelta(hours=24)) == {"released": 1}
    dispatch(engine, channel, asked + timedelta(hours=24))
    assert "naar de wachtlijst gegaan" in channel.texts("901")
    assert "plek vrij voor Cas" in channel.texts("903")
    assert "niets gehoord" not in channel.texts("902")  # Bo said "ik kom" and keeps the seat
    assert "Nog even" not in channel.texts("901")  # a warning after the release is not sent


def test_turned_off_reminders_are_not_sent(engine: Engine) -> None:
    channel = RecordingChannel()
    user = telegram_user(engine, "1000")
    register(user, "Sam")
    user.send("/meldingen")
    user.press("Herinneringen")
    assert "⬜ Herinneringen" in user.visible
    report = dispatch(engine, channel, local_time(2027, 1, 12, 17))
    assert (report.sent, report.skipped) == (0, 1)


def test_a_crash_between_claim_and_send_repeats_only_what_must_arrive(engine: Engine) -> None:
    register(telegram_user(engine, "1100"), "Sam")
    channel = RecordingChannel()

    def claimed_by_a_dying_worker(now: datetime) -> list[int]:
        with engine.db.transaction() as session:
            return [i for i, _ in outbox_queue.claim_due(session, now, "dead-worker")]

    evening = local_time(2027, 1, 12, 17, 30)  # the day-before reminder is due
    claimed = claimed_by_a_dying_worker(evening)
    assert dispatch(engine, channel, evening + timedelta(minutes=1)).sent == 0  # lease not over
    # Reminders are at-least-once: it comes again once the lease is over.
    assert dispatch(engine, channel, evening + timedelta(minutes=6)).sent == 1
    end = local_time(2027, 1, 13, 16)  # the hours-before reminder and the rating are due
    claimed += claimed_by_a_dying_worker(end)
    report = dispatch(engine, channel, end + timedelta(minutes=6))
    # The rating is at-most-once: given up. The reminder is too late after the event.
    assert report.sent == 0
    states = sorted((m.kind, m.state) for m in outbox(engine) if m.id in claimed)
    assert states == [("rating", "failed"), ("reminder", "sent"), ("reminder", "skipped")]


def test_two_dispatchers_never_send_a_message_twice(db) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import import_into, settings_for

    import_into(db)
    from bot.app import build_engine

    engine = build_engine(settings_for(db.url), db)
    now = local_time(2026, 12, 1, 10)
    with db.transaction() as session:
        for n in range(120):
            family = Family(channel="telegram", external_id=str(5000 + n), language="nl")
            session.add(family)
            session.flush()
            session.add(
                OutboxMessage(
                    dedup_key=f"b:{n}",
                    kind="broadcast",
                    family_id=family.id,
                    channel="telegram",
                    chat_id=family.external_id,
                    payload={"text": f"Nieuws {n}"},
                    due_at=now,
                )
            )
    channel = RecordingChannel()

    async def both() -> None:
        first = Dispatcher(engine, channel.send, worker="a", batch=10)
        second = Dispatcher(engine, channel.send, worker="b", batch=10)
        for _ in range(8):
            await asyncio.gather(first.run_once(now), second.run_once(now))

    asyncio.run(both())
    assert sorted(channel.inbox) == sorted(str(5000 + n) for n in range(120))
    assert all(len(replies) == 1 for replies in channel.inbox.values())
    # Which worker claimed how many depends on timing (on SQLite one may take them all while
    # the other waits for the write lock); what must hold is: each sent once, all recorded.
    workers = {m.claimed_by for m in outbox(engine)}
    assert workers <= {"a", "b"} and all(m.state == "sent" for m in outbox(engine))


def test_outbox_rows_of_forgotten_families_disappear(engine: Engine) -> None:
    user = telegram_user(engine, "1200")
    register(user, "Sam")
    assert outbox(engine)
    user.send("/privacy")
    user.press("Verwijder alles")
    user.press("Ja, verwijder alles")
    assert outbox(engine) == []


@pytest.mark.parametrize("kind", ["reminder", "rating", "follow_up", "offer"])
def test_every_kind_renders_nothing_for_a_cancelled_registration(engine: Engine, kind: str) -> None:
    user = telegram_user(engine, "1300")
    register(user, "Sam")
    with engine.db.transaction() as session:
        registration = session.scalars(select(Registration)).one()
        registration.status = "cancelled"
        session.add(
            OutboxMessage(
                dedup_key=f"x:{kind}",
                kind=kind,
                family_id=registration.family_id,
                channel="telegram",
                chat_id="1300",
                registration_id=registration.id,
                due_at=user.now,
                state="claimed",
                claimed_at=user.now,
            )
        )
        session.flush()
        message_id = session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.dedup_key == f"x:{kind}")
        ).one()
        assert session.get(Event, registration.event_id) is not None
    assert engine.render_notification(message_id, user.now) is None
    user.deliver(Incoming("telegram", "1300", "1300", text="/menu"))
    assert "Waarmee kan ik je helpen?" in user.text


def test_a_crash_between_send_and_record_repeats_at_least_once_kinds_only(
    engine: Engine,
) -> None:
    """The documented window: a message sent but not yet recorded when the process died."""
    register(telegram_user(engine, "1400"), "Sam")
    channel = RecordingChannel()

    def sent_by_a_dying_worker(now: datetime) -> None:
        with engine.db.transaction() as session:
            claimed = [i for i, _ in outbox_queue.claim_due(session, now, "dying-worker")]
        for message_id in claimed:  # each one goes out, then the process dies before recording
            rendered = engine.render_notification(message_id, now)
            assert rendered is not None
            asyncio.run(channel.send(*rendered))

    before = local_time(2027, 1, 13, 13)  # both reminders are due, the event starts at 14:00
    sent_by_a_dying_worker(before)
    report = dispatch(engine, channel, before + timedelta(minutes=6))
    # The hours-before reminder comes again (at least once); the day-before one, now that a
    # later reminder went out, is too late to repeat.
    assert channel.texts("1400").count("Herinnering: Sam gaat naar Saxofoon spelen") == 3
    assert report.sent == 1
    end = local_time(2027, 1, 13, 16)
    sent_by_a_dying_worker(end)
    assert dispatch(engine, channel, end + timedelta(minutes=6)).sent == 0
    assert channel.texts("1400").count("Geef een cijfer") == 1  # never repeated


def _queue_news(engine: Engine, chats: int, per_chat: int, now: datetime) -> None:
    """`per_chat` news messages for each of `chats` families, interleaved as a broadcast is."""
    with engine.db.transaction() as session:
        families = [
            Family(channel="telegram", external_id=str(7000 + n), language="nl")
            for n in range(chats)
        ]
        session.add_all(families)
        session.flush()
        for position in range(per_chat):
            for family in families:
                session.add(
                    OutboxMessage(
                        dedup_key=f"news:{family.id}:{position}",
                        kind="event_news",
                        family_id=family.id,
                        channel="telegram",
                        chat_id=family.external_id,
                        payload={"text": f"Nieuws {position}"},
                        due_at=now,
                    )
                )


def test_one_run_drains_many_batches_in_order_per_chat_past_a_broken_message(
    any_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = local_time(2026, 12, 1, 10)
    _queue_news(any_engine, chats=3, per_chat=12, now=now)
    broken = outbox(any_engine)[4].id
    render = any_engine.render_in

    def render_with_a_bug(session, message_id, moment):  # a bug in one kind of notification
        if message_id == broken:
            raise KeyError("payload field")
        return render(session, message_id, moment)

    monkeypatch.setattr(any_engine, "render_in", render_with_a_bug)
    channel = RecordingChannel()
    dispatcher = Dispatcher(any_engine, channel.send, worker="w", batch=8, per_chat_interval=0)
    report = asyncio.run(dispatcher.run_once(now))
    assert report.sent == 35  # 36 messages in batches of 8, in one run
    for chat in ("7000", "7001", "7002"):
        expected = [f"Nieuws {n}" for n in range(12)]
        if chat == outbox(any_engine)[4].chat_id:
            expected.remove("Nieuws 1")
        assert [reply.text for reply in channel.inbox[chat]] == expected
    states = {m.id: m.state for m in outbox(any_engine)}
    assert states.pop(broken) == "failed" and set(states.values()) == {"sent"}


def test_a_stopping_bot_finishes_what_it_claimed_and_leaves_the_rest(engine: Engine) -> None:
    now = local_time(2026, 12, 1, 10)
    _queue_news(engine, chats=10, per_chat=3, now=now)
    channel = RecordingChannel()
    dispatcher = Dispatcher(engine, channel.send, worker="w", batch=10, per_chat_interval=0)
    running = iter([True, False])  # the application stops during the first batch
    report = asyncio.run(dispatcher.run_once(now, keep_going=running.__next__))
    assert report.sent == 10 and sum(len(r) for r in channel.inbox.values()) == 10
    states = [m.state for m in outbox(engine)]
    assert states.count("sent") == 10 and states.count("pending") == 20


def test_a_seat_taken_from_the_waiting_list_is_not_asked_about_again(engine: Engine) -> None:
    channel = RecordingChannel()
    ann, bo, cas, dan = (telegram_user(engine, uid) for uid in ("951", "952", "953", "954"))
    for user, name in ((ann, "Ann"), (bo, "Bo"), (cas, "Cas"), (dan, "Dan")):
        register(user, name)
    asked = local_time(2027, 1, 10, 14)  # three days before: the confirm-or-release question
    assert confirm_or_release(engine.db, asked) == {"asked": 2}
    dispatch(engine, channel, asked)
    cannot = next(b.token for b in channel.inbox["951"][-1].flat_buttons if "kan" in b.label)
    ann.now = asked
    ann.press_token(cannot)
    dispatch(engine, channel, asked + timedelta(minutes=1))
    take = next(b.token for b in channel.inbox["953"][-1].flat_buttons if "aannemen" in b.label)
    cas.now = asked + timedelta(minutes=2)
    cas.press_token(take)
    assert "De plek is van Cas" in cas.text
    later = asked + timedelta(minutes=15)
    assert "asked" not in confirm_or_release(engine.db, later)  # Cas just said yes
    dispatch(engine, channel, later)
    assert confirm_or_release(engine.db, asked + timedelta(hours=25)) == {"released": 1}  # Bo
    assert "Komt Cas?" not in channel.texts("953")
    with engine.db.transaction() as session:
        statuses = {
            r.child.first_name: r.status
            for r in session.scalars(select(Registration))
            if r.child is not None
        }
    assert statuses["Cas"] == "confirmed" and statuses["Bo"] == "cancelled"


def test_a_bot_that_was_stopped_sends_only_what_still_makes_sense(engine: Engine) -> None:
    """Nothing ran between the registration and each moment below (the outbox held all)."""
    register(telegram_user(engine, "1500"), "Sam")  # Saxofoon spelen, 13 January 14:00
    channel = RecordingChannel()
    # Back 30 minutes before the start: one reminder, not the day-before one next to it.
    dispatch(engine, channel, local_time(2027, 1, 13, 13, 30))
    assert channel.texts("1500").count("Herinnering") == 1
    states = sorted((m.dedup_key.split(":")[2], m.state) for m in outbox(engine, "reminder"))
    assert states == [("day_before", "skipped"), ("hours_before", "sent")]


def test_after_the_event_no_reminder_and_weeks_later_no_rating_request(engine: Engine) -> None:
    register(telegram_user(engine, "1501"), "Sam")
    channel = RecordingChannel()
    dispatch(engine, channel, local_time(2027, 2, 4, 10))  # three weeks after the event
    texts = channel.texts("1501")
    assert "Herinnering" not in texts and "Geef een cijfer" not in texts
    assert "Is Sam ermee verder gegaan?" in texts  # the follow-up's moment is now
    assert {m.kind: m.state for m in outbox(engine) if m.kind != "follow_up"} == {
        "reminder": "skipped",
        "rating": "skipped",
    }


def test_the_day_after_the_event_the_rating_request_still_comes(engine: Engine) -> None:
    register(telegram_user(engine, "1502"), "Sam")
    channel = RecordingChannel()
    dispatch(engine, channel, local_time(2027, 1, 14, 10))
    texts = channel.texts("1502")
    assert "Geef een cijfer" in texts and "Herinnering" not in texts
