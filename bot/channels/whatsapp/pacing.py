"""Sending no faster than WhatsApp takes it, instead of finding out by its errors (130429,
131056).

The business number: at most WHATSAPP_MESSAGES_PER_SECOND (72 by default, 90% of Meta's 80)
in any sliding second, by pyrate-limiter's sliding-window log: one more message goes only
when fewer than the rate were counted in the second before, so never more (aiolimiter's leaky
buckets let a full bucket's burst and its leak through in one second). Senders wait their
turn, first come first served; within a second messages go as they come, not spaced. 0 sends
unpaced. Counted per process: N processes on one number each keep to their part (72 / N).

One user: aiolimiter's leaky bucket (as the web chat's limits), a burst of PAIR_BURST (a
turn's replies, the calendar file and the QR code go at once), then one every PAIR_EVERY
seconds, Meta's pair rate. Not pyrate-limiter there: a Limiter waits for one key at a time,
so a user over the pair rate would hold up the messages to everyone else."""

from __future__ import annotations

import math
from collections import OrderedDict

from aiolimiter import AsyncLimiter
from pyrate_limiter import Duration, InMemoryBucket, Limiter, Rate

PAIR_BURST = 20  # messages to one user at once (Meta allows bursts well beyond)
PAIR_EVERY = 6.0  # seconds per message to one user after the burst
KEPT = 10_000  # users' buckets kept; the least recently used go first (a full one is old)


def number_rate(per_second: float) -> Rate:
    """⌊per_second⌋ in any sliding second; below one a second, one every 1/per_second s."""
    if per_second >= 1:
        return Rate(math.floor(per_second), Duration.SECOND)
    return Rate(1, math.ceil(Duration.SECOND.value / per_second))


def number_limiter(
    per_second: float, bucket: type[InMemoryBucket] = InMemoryBucket
) -> Limiter | None:
    """The number's limiter (None when `per_second` is 0: not paced). No buffer on its waits:
    the bucket's clock is the only one that counts (the library's 50 ms are for shared ones)."""
    return Limiter(bucket([number_rate(per_second)]), buffer_ms=0) if per_second > 0 else None


class Pacer:
    def __init__(
        self,
        per_second: float,
        *,
        pair_burst: int = PAIR_BURST,
        pair_every: float = PAIR_EVERY,
    ) -> None:
        self.number = number_limiter(per_second)
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
        if self.number is not None and not await self.number.try_acquire_async("number"):
            raise RuntimeError("pyrate-limiter refused one message")  # waits; never refuses

    def close(self) -> None:
        """Stop the number's limiter's thread (every 10 s it forgets counts older than a second)."""
        if self.number is not None:
            self.number.close()
