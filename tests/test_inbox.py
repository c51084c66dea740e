"""The inbox: an update stored on arrival is handled once, on SQLite and PostgreSQL, and its
replies are kept until they are sent; once answered, its content is gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import InboxUpdate
from bot.engine.core import Engine
from bot.engine.types import Incoming
from bot.services import inbox

UPDATE = {"update_id": 42, "message": {"text": "/start"}}


def start(update_id: int = 42) -> Incoming:
    return Incoming("telegram", "8800", "8800", text="/start", receipt=update_id)


def test_an_update_is_handled_once_and_its_replies_kept_until_sent(any_engine: Engine) -> None:
    receipts = any_engine.receipts
    receipts.receive([UPDATE])
    receipts.receive([UPDATE])  # fetched again after a restart: stored once
    first = any_engine.handle(start())
    assert "Welkom bij de Talentenkwekerij" in first.replies[0].text
    assert any_engine.handle(start()).ignored  # the same update again: not handled twice
    with any_engine.db.transaction() as session:
        row = session.scalars(select(InboxUpdate)).one()
        assert row.replies == [r.as_json() for r in first.replies]  # kept until sent
    receipts.answered(42)
    with any_engine.db.transaction() as session:
        row = session.scalars(select(InboxUpdate)).one()
        assert (row.body, row.replies) == (None, None)  # no content kept once answered


def test_an_update_that_never_went_through_the_inbox_is_handled(any_engine: Engine) -> None:
    assert not any_engine.handle(start(99)).ignored


T0 = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
DEAD = timedelta(seconds=15)
REPLIES = [{"text": "Gelukt!"}, {"text": "agenda.ics"}, {"text": "QR-code"}]


def _stored(session: Session, update_id: int, owner: str) -> None:
    inbox.heartbeat(session, owner, T0)
    inbox.store(session, [{"update_id": update_id, "message": {"text": "ja"}}], T0, owner)


def test_what_a_dead_process_had_in_hand_goes_to_one_live_process(any_engine: Engine) -> None:
    """A handled the confirmation, sent it and the .ics, not the QR code; B had one update not
    handled. Both die. C picks up the QR code only, and B's update; D, a moment later, nothing.
    A process merely slow keeps its own."""
    with any_engine.db.transaction() as session:
        _stored(session, 50, "a")
        assert inbox.take(session, 50, T0)
        inbox.keep_replies(session, 50, "8800", REPLIES, "a")
        inbox.progress(session, 50, 2)
        _stored(session, 51, "b")
    with any_engine.db.transaction() as session:  # not dead yet: nothing to pick up
        assert inbox.overdue(session, T0 + timedelta(seconds=10), "c", DEAD) == ([], [])
    later = T0 + DEAD + timedelta(seconds=1)
    with any_engine.db.transaction() as session:
        unhandled, unsent = inbox.overdue(session, later, "c", DEAD)
        assert [b["update_id"] for b in unhandled] == [51]
        assert unsent == [(50, "8800", [{"text": "QR-code"}], 2)]
    with any_engine.db.transaction() as session:
        inbox.heartbeat(session, "c", later + DEAD)  # c is slow, but alive
        assert inbox.overdue(session, later + DEAD, "d", DEAD) == ([], [])
    with any_engine.db.transaction() as session:  # c died too: after a while, d has it
        unhandled, unsent = inbox.overdue(session, later + 3 * DEAD, "d", DEAD)
        assert ([b["update_id"] for b in unhandled], [u[0] for u in unsent]) == ([51], [50])


def test_an_unreadable_update_is_kept_a_day_for_diagnosis(any_engine: Engine) -> None:
    poison = {"update_id": 60, "message": {"poll": {"id": "p"}}}
    with any_engine.db.transaction() as session:
        inbox.store(session, [poison], T0, "a")
        inbox.unreadable(session, 60, T0)
        inbox.answered(session, 60, T0)  # answered does not drop what is kept for diagnosis
    with any_engine.db.transaction() as session:
        assert inbox.unreadable_updates(session) == [poison]
        assert inbox.overdue(session, T0 + 2 * DEAD, "b", DEAD) == ([], [])
        assert inbox.purge(session, T0 + timedelta(hours=23)) == 0
        assert inbox.purge(session, T0 + timedelta(hours=25)) == 1
        assert inbox.unreadable_updates(session) == []


def test_replies_not_sent_through_a_long_outage_are_picked_up_again(any_engine: Engine) -> None:
    """The owner is alive but gave up sending (Telegram down beyond its patience): released,
    the next look, its own or another process's, sends them."""
    with any_engine.db.transaction() as session:
        _stored(session, 70, "a")
        assert inbox.take(session, 70, T0)
        inbox.keep_replies(session, 70, "8800", REPLIES, "a")
    later = T0 + 2 * DEAD
    with any_engine.db.transaction() as session:
        inbox.heartbeat(session, "a", later)
        assert inbox.overdue(session, later, "a", DEAD) == ([], [])  # still a's to send
        inbox.release(session, 70)
    with any_engine.db.transaction() as session:
        _, unsent = inbox.overdue(session, later, "a", DEAD)
        assert unsent == [(70, "8800", REPLIES, 0)]
