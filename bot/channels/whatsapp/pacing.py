"""Sending no faster than WhatsApp takes it, instead of finding out by its errors: the Cloud
API's throughput per business number (80 messages a second by default, Meta's figure;
WHATSAPP_MESSAGES_PER_SECOND) and the pair rate to one user (about one message every six
seconds, with bursts allowed; error 131056 beyond). A turn's replies (a confirmation is a
text, the calendar file and the QR code) go out at once: one user's messages are paced only
after a burst of PAIR_BURST. Leaky buckets of aiolimiter, as the web chat's limits; counted
per process: several processes sending from one number share its throughput, so each is
given its part (80 / N) in WHATSAPP_MESSAGES_PER_SECOND."""

from __future__ import annotations

from collections import OrderedDict

from aiolimiter import AsyncLimiter

PAIR_BURST = 20  # messages to one user at once (Meta allows bursts well beyond)
PAIR_EVERY = 6.0  # seconds per message to one user after the burst
# The number's bucket holds a tenth of a second's messages: never more than the rate, plus
# that tenth, in any one second.
BUCKET_SECONDS = 0.1
KEPT = 10_000  # users' buckets kept; the least recently used go first (a full one is old)


class Pacer:
    def __init__(
        self,
        per_second: float,
        *,
        pair_burst: int = PAIR_BURST,
        pair_every: float = PAIR_EVERY,
    ) -> None:
        self.number: AsyncLimiter | None = None
        if per_second > 0:  # 0: not paced at all
            burst = max(1.0, per_second * BUCKET_SECONDS)
            self.number = AsyncLimiter(burst, burst / per_second)
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
