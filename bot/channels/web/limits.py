"""How fast a web visitor may write: a leaky bucket per visitor and one per address (a kiosk
or a school shares one), with aiolimiter, the asyncio rate limiter python-telegram-bot's own
rate limiter is built on. Over the limit a message is refused at once with a friendly text
(it is not held back: the visitor sees it did not go). Counted per process; the engine's
flood guard (30 inputs a minute per chat, in the database) holds across processes."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from aiolimiter import AsyncLimiter

KEPT = 10_000  # buckets kept per kind; the least recently used go first


@dataclass
class Buckets:
    rate: float
    period: float
    kept: OrderedDict[str, AsyncLimiter] = field(default_factory=OrderedDict)

    def bucket(self, key: str) -> AsyncLimiter:
        limiter = self.kept.pop(key, None) or AsyncLimiter(self.rate, self.period)
        self.kept[key] = limiter
        while len(self.kept) > KEPT:
            self.kept.popitem(last=False)
        return limiter


@dataclass
class ChatLimits:
    """Per visitor 20 messages a minute (a bucket that drains steadily), per address 120."""

    visitor: Buckets = field(default_factory=lambda: Buckets(20, 60))
    address: Buckets = field(default_factory=lambda: Buckets(120, 60))

    async def allow(self, visitor_id: str, address: str) -> bool:
        """One message if both buckets have room (it never waits); False, taking nothing,
        when either is full."""
        buckets = (self.visitor.bucket(visitor_id), self.address.bucket(address))
        if not all(limiter.has_capacity() for limiter in buckets):
            return False
        for limiter in buckets:
            await limiter.acquire()  # at once: there is room
        return True
