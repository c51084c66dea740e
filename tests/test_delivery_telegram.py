"""The outbox dispatcher through python-telegram-bot and the Bot API emulator: 403, 429, 5xx."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.channels.telegram.delivery import telegram_sender
from bot.db.models import Family, OutboxMessage
from bot.engine.core import Engine
from bot.outbox.dispatch import Dispatcher, DispatchReport
from botapi_emulator import BotApiEmulator
from botapi_emulator.ptb import ptb_bot
from tests.conftest import NOW

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


def test_bursts_of_429_5xx_and_timeouts_are_delivered_after_retries(
    engine: Engine, api: BotApiEmulator
) -> None:
    """The real stack (PTB with the bot's limiter) through bursts of failures. A timeout is
    the one case that can repeat a message: Telegram may have delivered it before the answer
    got lost, and the bot cannot tell, so it sends again (at least once)."""
    from telegram.ext import ExtBot
    from telegram.request import HTTPXRequest

    from bot.channels.telegram.delivery import send_rate_limiter

    chats = [9000 + n for n in range(150)]
    for chat in chats:
        api.add_user(chat, "Ouder")
    _announce(engine, *chats)
    api.fail_next("sendMessage", count=12, status=429, retry_after=1)
    api.fail_next("sendMessage", count=12, status=502, description="Bad Gateway")
    api.fail_next("sendMessage", count=6, status=500)
    api.set_latency(0.6, method="sendMessage")  # answers come too late for the first sends
    timed_out: list[int] = []

    async def deliver() -> list[DispatchReport]:
        request = HTTPXRequest(read_timeout=0.3, connection_pool_size=16)
        bot = ExtBot(
            api.token,
            base_url=api.base_url,
            request=request,
            rate_limiter=send_rate_limiter(200, 3),
        )
        reports = []
        async with bot:
            dispatcher = Dispatcher(engine, telegram_sender(bot), worker="t", quiet=None)
            for minute in range(12):  # the dispatcher's back-off: 30 s, 60 s, 120 s...
                reports.append(await dispatcher.run_once(NOW + timedelta(minutes=minute)))
                if minute == 0:
                    timed_out.extend(c.chat_id for c in api.calls("sendMessage") if c.ok)
                    api.set_latency(0.0, method="sendMessage")
        return reports

    reports = asyncio.run(deliver())
    received = Counter(c.chat_id for c in api.calls("sendMessage") if c.ok)
    assert set(received) == set(chats)  # everyone got it
    assert set(_states(engine).values()) == {"sent"}
    repeated = {chat for chat, count in received.items() if count > 1}
    assert repeated <= set(timed_out) and max(received.values()) == 2  # only after a timeout
    assert reports[0].retried > 0 and sum(r.sent for r in reports) == len(chats)
    statuses = Counter(c.status for c in api.calls("sendMessage"))
    assert statuses[429] == 12 and statuses[502] == 12 and statuses[500] == 6
