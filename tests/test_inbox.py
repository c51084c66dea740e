"""The inbox: an update stored on arrival is handled once, on SQLite and PostgreSQL, and its
replies are kept until they are sent; once answered, its content is gone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.db.models import InboxUpdate
from bot.engine.core import Engine
from bot.engine.types import Incoming

UPDATE = {"update_id": 42, "message": {"text": "/start"}}


def start(update_id: int = 42) -> Incoming:
    return Incoming("telegram", "8800", "8800", text="/start", receipt=update_id)


def test_an_update_is_handled_once_and_its_replies_kept_until_sent(any_engine: Engine) -> None:
    any_engine.receive([UPDATE])
    any_engine.receive([UPDATE])  # fetched again after a restart: stored once
    first = any_engine.handle(start())
    assert "Welkom bij de Talentenkwekerij" in first.replies[0].text
    assert any_engine.handle(start()).ignored  # the same update again: not handled twice
    # Not sent yet (the process died, say): the replies are there for the next process.
    bodies, unsent = any_engine.overdue(timedelta(0), timedelta(0))
    assert bodies == []
    assert [(i, c, [r.text for r in rs]) for i, c, rs in unsent] == [
        (42, "8800", [r.text for r in first.replies])
    ]
    any_engine.answered(42)
    assert any_engine.overdue(timedelta(0), timedelta(0)) == ([], [])
    with any_engine.db.transaction() as session:
        row = session.scalars(select(InboxUpdate)).one()
        assert (row.body, row.replies) == (None, None)  # no content kept once answered


def test_an_update_nobody_handled_is_handed_out_again(any_engine: Engine) -> None:
    any_engine.receive([UPDATE, {"update_id": 43, "message": {"text": "hoi"}}])
    any_engine.handle(start(42))
    bodies, _ = any_engine.overdue(timedelta(0), timedelta(hours=1))
    assert [b["update_id"] for b in bodies] == [43]


def test_an_update_that_never_went_through_the_inbox_is_handled(any_engine: Engine) -> None:
    assert not any_engine.handle(start(99)).ignored
