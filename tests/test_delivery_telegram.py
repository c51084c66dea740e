"""The outbox dispatcher through python-telegram-bot and the Bot API emulator: 403, 429, 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.models import Family, OutboxMessage
from bot.dispatcher import Dispatcher, DispatchReport
from bot.engine.core import Engine
from bot.telegram.delivery import telegram_sender
from tests.conftest import NOW
from tests.emulator import BotApiEmulator
from tests.emulator.ptb import ptb_bot

READER, BLOCKER = 71, 72


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(READER, "Lezer")
        emulator.add_user(BLOCKER, "Blokkeerder")
        yield emulator


def _announce(engine: Engine, *chat_ids: int) -> None:
    with engine.db.transaction() as session:
        for chat_id in chat_ids:
            family = Family(channel="telegram", external_id=str(chat_id), language="nl")
            session.add(family)
            session.flush()
            session.add(
                OutboxMessage(
                    dedup_key=f"news:{chat_id}",
                    kind="broadcast",
                    family_id=family.id,
                    channel="telegram",
                    chat_id=str(chat_id),
                    payload={"text": "De Talentendag komt eraan!"},
                    due_at=NOW,
                )
            )


def _run(engine: Engine, api: BotApiEmulator, when: datetime = NOW) -> DispatchReport:
    async def once() -> DispatchReport:
        async with ptb_bot(api) as bot:
            dispatcher = Dispatcher(engine, telegram_sender(bot), worker="t", quiet=None)
            return await dispatcher.run_once(when)

    return asyncio.run(once())


def _states(engine: Engine) -> dict[str, str]:
    with engine.db.transaction() as session:
        return {m.chat_id: m.state for m in session.scalars(select(OutboxMessage))}


def test_delivered_and_blocked_users_are_told_apart(engine: Engine, api: BotApiEmulator) -> None:
    api.block_user(BLOCKER)
    _announce(engine, READER, BLOCKER)
    report = _run(engine, api)
    assert (report.sent, report.blocked) == (1, 1)
    assert api.last_message(READER)["text"] == "De Talentendag komt eraan!"
    assert _states(engine) == {str(READER): "sent", str(BLOCKER): "blocked"}
    with engine.db.transaction() as session:
        blocker = session.scalars(select(Family).where(Family.external_id == str(BLOCKER))).one()
        assert blocker.unreachable_at is not None
    assert _run(engine, api, NOW + timedelta(hours=1)).blocked == 0  # not retried


def test_flood_control_waits_the_time_telegram_gives(engine: Engine, api: BotApiEmulator) -> None:
    _announce(engine, READER)
    # A 429 that reaches the dispatcher (here a bare Bot, without the rate limiter's retries):
    # the row waits exactly the retry_after Telegram gave.
    api.fail_next("sendMessage", status=429, retry_after=30)
    assert _run(engine, api).retried == 1
    with engine.db.transaction() as session:
        message = session.scalars(select(OutboxMessage)).one()
        assert message.state == "pending" and message.due_at == NOW + timedelta(seconds=30)
    assert _run(engine, api, NOW + timedelta(seconds=29)).sent == 0
    assert _run(engine, api, NOW + timedelta(seconds=30)).sent == 1
    assert api.last_message(READER)["text"] == "De Talentendag komt eraan!"


def test_server_errors_back_off_then_deliver(engine: Engine, api: BotApiEmulator) -> None:
    _announce(engine, READER)
    api.fail_next("sendMessage", status=502, description="Bad Gateway", count=2)
    assert _run(engine, api).retried == 1
    assert _run(engine, api, NOW + timedelta(seconds=30)).retried == 1
    assert _run(engine, api, NOW + timedelta(seconds=60)).sent == 0  # back-off grew to 60 s
    assert _run(engine, api, NOW + timedelta(seconds=90)).sent == 1
    assert [c.status for c in api.calls("sendMessage", chat_id=READER)] == [502, 502, 200]
