"""The WhatsApp channel keeps to WhatsApp's rates itself instead of finding out by 130429 and
131056: a broadcast to many families stays within WHATSAPP_MESSAGES_PER_SECOND as the
emulator counts it (with the emulator refusing anything faster), a turn's burst of replies
to one user goes at once, and one user's messages beyond the burst are spaced."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.pacing import Pacer
from bot.config import Settings
from bot.engine.core import Engine
from bot.services import broadcasts
from bot.services.families import get_or_create_family
from tests.conftest import NOW
from tests.whatsapp import dispatch, register_templates
from whatsapp_emulator import WhatsAppEmulator

FAMILIES = 80
RATE = 20  # messages a second the bot keeps to here
# What the emulated number takes in any second (130429 beyond): above the rate, as the real
# one's 80 is above what a careful sender aims at, so a request the machine held up for a
# moment and that arrives with the next is no refusal.
ALLOWED = 30


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        register_templates(emulator)
        yield emulator


def _numbers() -> list[str]:
    return [f"3161000{n:04d}" for n in range(FAMILIES)]


def test_a_broadcast_to_many_families_keeps_to_the_rate(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    later = NOW + timedelta(hours=1)
    with engine.db.transaction() as session:
        for number in _numbers():
            family, _ = get_or_create_family(session, "whatsapp", number, language="nl", now=NOW)
            family.last_incoming_at = NOW  # inside the window: the announcement as text
            api.add_user(number).last_inbound_at = api.world.clock()
        broadcasts.create_broadcast(
            session,
            audience="all",
            text="Zaterdag is er een open dag in de bieb!",
            library_id="teststad",
            created_by="staff",
            now=later,
        )
    api.set_throughput(ALLOWED)
    report = dispatch(engine, api, later, pacer=Pacer(RATE))
    refused = [c for c in api.calls("messages") if c.status != 200]
    assert (report.sent, report.retried, refused) == (FAMILIES, 0, [])
    assert sum(len(api.messages_to(n)) for n in _numbers()) == FAMILIES
    # The rate and its tenth-of-a-second bucket, as the emulator saw it over two seconds (a
    # little slack for requests that arrive closer together than they left).
    assert api.most_in_any(2.0) <= 2 * RATE + 2 + 4
    assert api.most_in_any(1.0) <= ALLOWED


def test_without_pacing_the_same_broadcast_runs_into_the_limit(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    """The check above can fail: unpaced, the emulated number refuses part of it."""
    with engine.db.transaction() as session:
        for number in _numbers():
            family, _ = get_or_create_family(session, "whatsapp", number, language="nl", now=NOW)
            family.last_incoming_at = NOW
            api.add_user(number).last_inbound_at = api.world.clock()
        broadcasts.create_broadcast(
            session,
            audience="all",
            text="Open dag!",
            library_id="teststad",
            created_by="staff",
            now=NOW,
        )
    api.set_throughput(ALLOWED)
    report = dispatch(engine, api, NOW)
    assert report.retried > 0 and report.sent < FAMILIES
    assert {c.answer["error"]["code"] for c in api.calls("messages") if c.status != 200} == {130429}


def _send_texts(api: WhatsAppEmulator, to: str, count: int, pacer: Pacer) -> None:
    async def run() -> None:
        client = GraphClient(api.base_url, api.world.phone_number_id, api.world.token, pacer)
        try:
            for n in range(count):
                await client.send(to, "text", {"body": f"Bericht {n + 1}"})
        finally:
            await client.close()

    asyncio.run(run())


def test_one_users_burst_goes_at_once_and_more_is_spaced(api: WhatsAppEmulator) -> None:
    parent = "31612345678"
    api.add_user(parent).last_inbound_at = api.world.clock()
    _send_texts(api, parent, 6, Pacer(80, pair_burst=4, pair_every=0.4))
    times = [m.at for m in api.messages_to(parent)]
    assert len(times) == 6
    assert api.most_in_any(0.3, to=parent) >= 4  # the burst: a turn's replies, together
    gaps = [later - earlier for earlier, later in itertools.pairwise(times[3:])]
    assert all(gap >= 0.3 for gap in gaps), gaps  # then about one per 0.4 s


def test_the_rate_is_a_setting() -> None:
    environ = {"WHATSAPP_MESSAGES_PER_SECOND": "250"}
    assert Settings.from_env(environ).whatsapp_messages_per_second == 250.0
    assert Settings.from_env({}).whatsapp_messages_per_second == 80.0
