"""Delivers the outbox: claim due rows, render each for its family, send, record the outcome.

Channel-neutral: a `Sender` delivers replies to a chat and raises Blocked, RetryAfter or
TemporaryFailure; the Telegram channel provides one. Each message gets its own transactions
(claim, render, record), so the window in which a crash can repeat a message is one send.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.engine.core import Engine
from bot.engine.types import Reply
from bot.metrics import SENDS
from bot.services import outbox_queue as queue
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
DEFAULT_QUIET_HOURS = queue.QuietHours()


class DeliveryError(Exception):
    """Why a send failed, in channel-neutral terms."""


class Blocked(DeliveryError):
    """The user blocked the bot (or the chat is gone): never retry."""


class RetryAfter(DeliveryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TemporaryFailure(DeliveryError):
    """A timeout or server error: retry with back-off."""


Sender = Callable[[str, Sequence[Reply]], Awaitable[None]]


@dataclass
class DispatchReport:
    sent: int = 0
    blocked: int = 0
    retried: int = 0
    skipped: int = 0


class Dispatcher:
    def __init__(
        self,
        engine: Engine,
        send: Sender,
        *,
        worker: str,
        quiet: queue.QuietHours | None = DEFAULT_QUIET_HOURS,
        batch: int = 50,
        parallel: int = 8,
        per_chat_interval: float = 1.0,
    ) -> None:
        self.engine = engine
        self.send = send
        self.worker = worker
        self.quiet = quiet
        self.batch = batch
        self.parallel = parallel
        self.per_chat_interval = per_chat_interval

    async def run_once(self, now: datetime | None = None) -> DispatchReport:
        """Deliver what is due now; returns what happened.

        Chats are served side by side (the channel's rate limiter sets the pace), the messages
        of one chat strictly one after the other, in order.
        """
        now = now or now_utc()
        report = DispatchReport()
        claimed = await asyncio.to_thread(self._claim, now)
        per_chat: dict[str, list[int]] = {}
        for message_id, chat_id in claimed:
            per_chat.setdefault(chat_id, []).append(message_id)
        lanes = asyncio.Semaphore(self.parallel)

        async def serve_chat(message_ids: list[int]) -> None:
            async with lanes:
                for position, message_id in enumerate(message_ids):
                    if position:  # Telegram allows about one message a second per chat
                        await asyncio.sleep(self.per_chat_interval)
                    await self._deliver(message_id, now, report)

        await asyncio.gather(*(serve_chat(ids) for ids in per_chat.values()))
        return report

    def _claim(self, now: datetime) -> list[tuple[int, str]]:
        with self.engine.db.transaction() as session:
            queue.recover_stale_claims(session, now)
            return queue.claim_due(session, now, self.worker, limit=self.batch, quiet=self.quiet)

    async def _deliver(self, message_id: int, now: datetime, report: DispatchReport) -> None:
        rendered = await asyncio.to_thread(self.engine.render_notification, message_id, now)
        if rendered is None:
            await self._record(queue.mark_skipped, message_id, "nothing to say any more")
            report.skipped += 1
            return
        chat_id, replies = rendered
        try:
            await self.send(chat_id, replies)
        except Blocked:
            await self._record(queue.mark_blocked, message_id, now)
            report.blocked += 1
            SENDS.labels("blocked").inc()
        except RetryAfter as error:
            await self._record(
                queue.retry_later, message_id, now, str(error), timedelta(seconds=error.seconds)
            )
            report.retried += 1
            SENDS.labels("retry_after").inc()
        except DeliveryError as error:
            log.warning("sending outbox message %s failed: %s", message_id, error)
            await self._record(queue.retry_later, message_id, now, str(error))
            report.retried += 1
            SENDS.labels("failed").inc()
        else:
            await self._record(queue.mark_sent, message_id, now_utc())
            report.sent += 1
            SENDS.labels("sent").inc()

    async def _record(self, mark: Callable[..., None], message_id: int, *args: object) -> None:
        def record() -> None:
            with self.engine.db.transaction() as session:
                mark(session, message_id, *args)

        await asyncio.to_thread(record)
