"""The WhatsApp channel keeps to WhatsApp's rates itself instead of finding out by 130429 and
131056: no second holds more than WHATSAPP_MESSAGES_PER_SECOND (counted where the bot lets
messages go, on a clock of its own so a loaded machine changes nothing); a broadcast to many
families stays within it as the emulator counts it too (the emulator refusing anything
faster), a turn's burst of replies to one user goes at once, and one user's messages beyond
the burst are spaced."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import random
from datetime import timedelta

import pytest

from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.pacing import Pacer, Throughput
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
    pacer = Pacer(RATE)
    pacer.number = counted = _Counted(RATE)
    report = dispatch(engine, api, later, pacer=pacer)
    refused = [c for c in api.calls("messages") if c.status != 200]
    assert (report.sent, report.retried, refused) == (FAMILIES, 0, [])
    assert sum(len(api.messages_to(n)) for n in _numbers()) == FAMILIES
    # When the bot let each go: never more than the rate in any second (exactly).
    times = counted.times
    assert len(times) == FAMILIES
    assert all(later >= first + 1.0 for first, later in zip(times, times[RATE:], strict=False))
    # As the emulator saw it: within the rate and the messages in flight.
    assert api.most_in_any(1.0) <= RATE + LANES
    assert api.most_in_any(2.0) <= 2 * RATE + LANES


class _Counted(Throughput):
    """The number's pace, remembering when it let each message go."""

    def __init__(self, per_second: float) -> None:
        super().__init__(per_second)
        self.times: list[float] = []

    async def acquire(self) -> float:
        at = await super().acquire()
        self.times.append(at)
        return at


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


class _Clock:
    """A clock that moves only when slept on, by the time asked and a late wake-up (as a
    loaded machine's): the times counted are exact, whatever the machine is doing."""

    def __init__(self, seed: int) -> None:
        self.now = 1000.0
        self.late = random.Random(seed)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.late.choice([0.0] * 17 + [0.0001, 0.003, 0.05])
        await asyncio.sleep(0)


def _counted(rate: float, messages: int, lanes: int, seed: int) -> list[float]:
    """When each of `messages` was let through, sent from `lanes` tasks side by side."""
    clock = _Clock(seed)
    pacer = Pacer(rate)
    pacer.number = Throughput(rate, clock=clock, sleep=clock.sleep)
    counted: list[float] = []

    async def lane(numbers: range) -> None:
        for n in numbers:
            await pacer.wait(f"3161{n:07d}")
            counted.append(clock())  # nothing awaited in between: the moment it was let go

    async def run() -> None:
        await asyncio.gather(*(lane(range(i, messages, lanes)) for i in range(lanes)))

    asyncio.run(run())
    return sorted(counted)


@pytest.mark.parametrize(
    ("rate", "lanes", "seed"), [(72, 8, 1), (72, 1, 2), (80, 8, 3), (7.5, 3, 4)]
)
def test_no_second_holds_more_than_the_rate(rate: float, lanes: int, seed: int) -> None:
    times = _counted(rate, 400, lanes, seed)
    most = int(rate)
    # Any `most + 1` messages in a row span a second at least: no window of one second (from
    # any moment) holds more than the rate.
    assert all(later >= first + 1.0 for first, later in zip(times, times[most:], strict=False))
    assert all(later >= first + 1.0 / rate for first, later in itertools.pairwise(times))
    # And the rate is used: 400 messages take about 400 / rate seconds, not much more.
    assert times[-1] - times[0] <= 400 / rate * 1.5
