"""Sending no faster than WhatsApp takes it, instead of finding out by its errors: the Cloud
API's throughput per business number (Meta's limit is 80 messages in a second; the bot keeps
to 72 by default, a margin for other senders on the number and for clocks:
WHATSAPP_MESSAGES_PER_SECOND) and the pair rate to one user (about one message every six
seconds, with bursts allowed; error 131056 beyond). A turn's replies (a confirmation is a
text, the calendar file and the QR code) go out at once: one user's messages are paced only
after a burst of PAIR_BURST (aiolimiter's leaky buckets, as the web chat's limits).

The number's rate is exact in any sliding second (`Throughput`): messages are spaced evenly
and never more than the rate within one second of each other. aiolimiter's buckets cannot
promise that: a bucket lets its size through at once and goes on leaking, so up to the rate
plus the bucket pass within one second. Counted per process: several processes sending from
one number share its throughput, so each is given its part (72 / N)."""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable

from aiolimiter import AsyncLimiter

PAIR_BURST = 20  # messages to one user at once (Meta allows bursts well beyond)
PAIR_EVERY = 6.0  # seconds per message to one user after the burst
WINDOW = 1.0  # seconds: Meta counts a number's messages per second
KEPT = 10_000  # users' buckets kept; the least recently used go first (a full one is old)


class Throughput:
    """At most `per_second` messages in any window of one second (at most ⌊per_second⌋, at
    least one), spaced at least 1/per_second apart, in the order they asked."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.gap = 1.0 / per_second
        self.sent: deque[float] = deque(maxlen=max(1, math.floor(per_second)))
        self.clock, self.sleep = clock, sleep
        self._turn = asyncio.Lock()  # one waits at a time: first come, first served

    def _due(self, now: float) -> float:
        """Seconds until one more message is within the rate (0: now)."""
        if not self.sent:
            return 0.0
        spaced = self.sent[-1] + self.gap - now
        full = len(self.sent) == self.sent.maxlen
        return max(spaced, self.sent[0] + WINDOW - now if full else 0.0, 0.0)

    async def acquire(self) -> float:
        """Wait until one more message is within the rate; returns when it was counted."""
        async with self._turn:
            while (due := self._due(now := self.clock())) > 0:
                await self.sleep(due)
            self.sent.append(now)
            return now


class Pacer:
    def __init__(
        self,
        per_second: float,
        *,
        pair_burst: int = PAIR_BURST,
        pair_every: float = PAIR_EVERY,
    ) -> None:
        self.number = Throughput(per_second) if per_second > 0 else None  # 0: not paced
        self.pair_burst, self.pair_period = pair_burst, pair_burst * pair_every
        self.pairs: OrderedDict[str, AsyncLimiter] = OrderedDict()

    def _pair(self, to: str) -> AsyncLimiter:
        limiter = self.pairs.pop(to, None) or AsyncLimiter(self.pair_burst, self.pair_period)
        self.pairs[to] = limiter
        while len(self.pairs) > KEPT:
            self.pairs.popitem(last=False)
        return limiter

    async def wait(self, to: str) -> None:
        """Until one more message to `to` is within both rates (then it is counted)."""
        await self._pair(to).acquire()
        if self.number is not None:
            await self.number.acquire()
