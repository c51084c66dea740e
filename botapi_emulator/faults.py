"""Switchable faults: rate limits, users who blocked the bot, slow answers, scripted errors."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from .errors import DEFAULT_DESCRIPTIONS, ApiError, forbidden, too_many_requests

_FORWARDS = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})


def is_send_like(method: str) -> bool:
    """Calls that post a new message: what Telegram's flood limits count."""
    return (method.startswith("send") and method != "sendChatAction") or method in _FORWARDS


def reaches_user(method: str) -> bool:
    """Calls that fail with 403 once the user blocked the bot."""
    return is_send_like(method) or method == "sendChatAction" or method.startswith("edit")


@dataclass
class ForcedError:
    method: str | None  # lower-case method name; None: any method except getUpdates
    remaining: int
    error: ApiError

    def matches(self, method: str) -> bool:
        if self.method is None:
            return method != "getUpdates"
        return self.method == method.lower()


class Faults:
    """All fault settings; read and changed under the world's lock."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.rate_per_second: int | None = None
        self.rate_per_chat: int | None = None
        self.rate_retry_after: int | None = None
        self.blocked: set[int] = set()
        self.latency: dict[str | None, float] = {}
        self.forced: list[ForcedError] = []
        self.outage: tuple[float, ApiError] | None = None  # (until, on time.monotonic())
        self._hits: deque[float] = deque()
        self._chat_hits: defaultdict[int, deque[float]] = defaultdict(deque)

    def set_rate(
        self, per_second: int | None, per_chat: int | None, retry_after: int | None
    ) -> None:
        """New limits start with empty windows: earlier traffic does not count against them."""
        self.rate_per_second, self.rate_per_chat = per_second, per_chat
        self.rate_retry_after = retry_after
        self._hits.clear()
        self._chat_hits.clear()

    def force(
        self,
        method: str | None,
        count: int,
        status: int,
        description: str | None,
        retry_after: int | None,
    ) -> None:
        if status == 429:
            retry_after = retry_after or 1
            error = too_many_requests(retry_after)
            if description:
                error.description = description
        else:
            text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
            error = ApiError(status, text, retry_after=retry_after)
        self.forced.append(ForcedError(method.lower() if method else None, count, error))

    def start_outage(self, seconds: float, status: int, description: str | None) -> None:
        text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        self.outage = (time.monotonic() + seconds, ApiError(status, text))

    def take_forced(self, method: str) -> ApiError | None:
        if self.outage is not None and method != "getUpdates":
            until, error = self.outage
            if time.monotonic() < until:
                return error
            self.outage = None
        for entry in self.forced:
            if entry.matches(method):
                entry.remaining -= 1
                if entry.remaining <= 0:
                    self.forced.remove(entry)
                return entry.error
        return None

    def latency_for(self, method: str) -> float:
        return self.latency.get(method.lower(), self.latency.get(None, 0.0))

    def check(self, method: str, chat: dict[str, Any] | None) -> None:
        """Raise the 403 or 429 Telegram would answer for this call to this chat."""
        if chat is None:
            return
        if chat["type"] == "private" and chat["id"] in self.blocked and reaches_user(method):
            raise forbidden("bot was blocked by the user")
        if not is_send_like(method):
            return
        now = time.monotonic()
        windows = [(self._hits, self.rate_per_second)]
        windows.append((self._chat_hits[chat["id"]], self.rate_per_chat))
        for hits, limit in windows:
            while hits and hits[0] <= now - 1.0:
                hits.popleft()
            if limit is not None and len(hits) >= limit:
                wait = self.rate_retry_after or max(1, math.ceil(hits[0] + 1.0 - now))
                raise too_many_requests(wait)
        # Only calls that got through count: a bot that backs off must get through again.
        for hits, _ in windows:
            hits.append(now)
