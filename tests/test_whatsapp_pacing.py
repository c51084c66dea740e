"""The WhatsApp channel keeps to WhatsApp's rates itself instead of finding out by 130429 and
131056: no second holds more than WHATSAPP_MESSAGES_PER_SECOND (on the moments the limiter
counted, its millisecond clock: a loaded machine makes them later, never closer), first come
first served; a broadcast to many families stays within it as the emulator counts it too
(the emulator refusing anything faster), a turn's burst of replies to one user goes at once,
and one user's messages beyond the burst are spaced."""

from __future__ import annotations

import asyncio
import inspect
import itertools
from datetime import timedelta

import pytest
from pyrate_limiter import InMemoryBucket, Rate, RateItem

from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.pacing import Pacer, number_limiter
from bot.config import Settings
from bot.engine.core import Engine
from bot.outbox.dispatch import Dispatcher
from bot.services import broadcasts
from bot.services.families import get_or_create_family
from tests.conftest import NOW
from tests.whatsapp import api_with, dispatch
from whatsapp_emulator import WhatsAppEmulator

FAMILIES = 80
RATE = 20  # messages a second the bot keeps to here
# Messages in flight at once: the dispatcher's lanes. A message the bot let go before a
# moment but the emulator handles after it (a loaded machine holds it up) was in flight
# then, so the emulator sees at most RATE + LANES in any second, however late it is.
LANES = inspect.signature(Dispatcher).parameters["parallel"].default
# What the emulated number takes in any second (130429 beyond): above what the bot may
# send, as the real one's 80 is above the bot's 72.
ALLOWED = RATE + LANES + 2


api = api_with()


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
    pacer, counted = _counted_pacer(RATE)
    try:
        report = dispatch(engine, api, later, pacer=pacer)
    finally:
        pacer.close()
    refused = [c for c in api.calls("messages") if c.status != 200]
    assert (report.sent, report.retried, refused) == (FAMILIES, 0, [])
    assert sum(len(api.messages_to(n)) for n in _numbers()) == FAMILIES
    # When the bot let each go: never more than the rate in any second (exactly).
    assert len(counted.times) == FAMILIES
    assert _most_in_a_window(counted.times, 1000) <= RATE
    # As the emulator saw it: within the rate and the messages in flight.
    assert api.most_in_any(1.0) <= RATE + LANES
    assert api.most_in_any(2.0) <= 2 * RATE + LANES


class _Counted(InMemoryBucket):
    """The number's bucket, remembering when (its clock, milliseconds) it let each go."""

    def __init__(self, rates: list[Rate]) -> None:
        super().__init__(rates)
        self.times: list[int] = []

    def put(self, item: RateItem) -> bool:
        admitted = super().put(item)
        if admitted:
            self.times.append(item.timestamp)
        return admitted


def _counted_pacer(rate: float) -> tuple[Pacer, _Counted]:
    pacer = Pacer(0)  # the pair rates, and the number's as the bot makes it but counted
    pacer.number = limiter = number_limiter(rate, _Counted)
    assert limiter is not None
    return pacer, limiter.buckets()[0]


def _most_in_a_window(times: list[int], window: int) -> int:
    """Most of `times` (whole milliseconds, a clock's floor) that real moments less than
    `window` ms apart can have: those whose milliseconds differ by `window` or less."""
    ordered = sorted(times)
    return max(
        (
            sum(1 for later in ordered[i:] if later - first <= window)
            for i, first in enumerate(ordered)
        ),
        default=0,
    )


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
    assert Settings.from_env({}).whatsapp_messages_per_second == 72.0  # 90% of Meta's 80
    assert Pacer(0).number is None  # 0: not paced


def _let_through(rate: float, messages: int) -> tuple[list[int], list[int]]:
    """All `messages` asking at once, in order: the order they were let through, and when."""
    pacer, counted = _counted_pacer(rate)
    order: list[int] = []

    async def send(n: int) -> None:
        await pacer.wait(f"3161{n:07d}")
        order.append(n)

    async def run() -> None:
        await asyncio.gather(*(send(n) for n in range(messages)))

    try:
        asyncio.run(run())
    finally:
        pacer.close()
    return order, counted.times


@pytest.mark.parametrize(
    ("rate", "window", "most"), [(72, 1000, 72), (7.5, 1000, 7), (0.8, 1250, 1)]
)
def test_no_second_holds_more_than_the_rate(rate: float, window: int, most: int) -> None:
    """Two and a half windows' worth; below one a second, one every 1/rate seconds."""
    messages = most * 5 // 2 + 1
    order, times = _let_through(rate, messages)
    assert order == list(range(messages))  # first come, first served
    assert len(times) == messages
    assert _most_in_a_window(times, window) <= most
