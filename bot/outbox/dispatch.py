"""Delivers the outbox: claim due rows, render each for its family, send, record the outcome.

Channel-neutral: a `Renderer` (the engine) turns a claimed row into replies, a `Sender`
delivers them to a chat and raises Blocked, RetryAfter or TemporaryFailure; the Telegram
channel provides one; what replies are is their business. A batch is claimed and rendered in
one transaction; each send is recorded in its own, so the window in which a crash can repeat
a message is one send.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import FIRST_COMPLETED
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import Database
from bot.db.models import Family, OutboxMessage
from bot.metrics import Metrics
from bot.outbox import queue, windows
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


class Skipped(Exception):
    """Raised by a renderer: this row is not sent on its channel (the reason is recorded),
    e.g. an announcement outside WhatsApp's 24-hour window without an opt-in."""


# Sends a chat's replies; may return the channel's ids of the messages sent.
Sender = Callable[[str, Sequence[Any]], Awaitable[Sequence[str] | None]]


class Renderer(Protocol):
    """Turns a claimed outbox row into (chat id, replies), or None: nothing to say any more."""

    db: Database

    def render_in(
        self, session: Session, message_id: int, now: datetime
    ) -> tuple[str, Sequence[Any]] | None: ...


class Claimed(NamedTuple):
    message_id: int
    chat_id: str
    replies: Sequence[Any] | None  # None: nothing to say any more


UNRENDERABLE = object()


@dataclass
class DispatchReport:
    sent: int = 0
    blocked: int = 0
    retried: int = 0
    skipped: int = 0


class Dispatcher:
    def __init__(
        self,
        renderer: Renderer,
        send: Sender,
        *,
        worker: str,
        metrics: Metrics | None = None,
        quiet: queue.QuietHours | None = DEFAULT_QUIET_HOURS,
        batch: int = 50,
        parallel: int = 8,
        per_chat_interval: float = 1.0,
        lease: timedelta = queue.LEASE,
        channels: Sequence[str] = ("telegram",),  # the rows this sender delivers
    ) -> None:
        self.renderer = renderer
        self.channels = tuple(channels)
        self.send = send
        self.worker = worker
        self.metrics = metrics
        self.quiet = quiet
        self.batch = batch
        self.parallel = parallel
        self.per_chat_interval = per_chat_interval
        self.lease = lease

    async def run_once(
        self, now: datetime | None = None, *, keep_going: Callable[[], bool] = lambda: True
    ) -> DispatchReport:
        """Deliver everything due at `now`, batch after batch, until nothing is left (or
        `keep_going()` turns false, e.g. on shutdown); returns what happened.

        Chats are served side by side (the channel's rate limiter sets the pace), the messages
        of one chat strictly one after the other, in order. The next batch is claimed while
        half of the current one is still being sent, so a large broadcast flows without pauses.
        """
        now = now or now_utc()
        report = DispatchReport()
        lanes = asyncio.Semaphore(self.parallel)
        last_of_chat: dict[str, asyncio.Task[None]] = {}
        in_flight: set[asyncio.Task[None]] = set()
        failure: BaseException | None = None
        while failure is None and keep_going():
            claimed = await asyncio.to_thread(self._claim, now)
            if not claimed:
                break
            last_of_chat = {chat: task for chat, task in last_of_chat.items() if not task.done()}
            for message in claimed:
                task = asyncio.create_task(
                    self._after(last_of_chat.get(message.chat_id), message, now, report, lanes)
                )
                last_of_chat[message.chat_id] = task
                in_flight.add(task)
            while len(in_flight) > self.batch // 2:
                done, in_flight = await asyncio.wait(in_flight, return_when=FIRST_COMPLETED)
                failure = failure or _first_failure(done)
        if in_flight:
            done, _ = await asyncio.wait(in_flight)
            failure = failure or _first_failure(done)
        if failure is not None:
            # Not a delivery error (e.g. the database went away): the rows this run had
            # claimed but not recorded are sent again after the lease.
            raise failure
        return report

    async def _after(
        self,
        previous: asyncio.Task[None] | None,
        message: Claimed,
        now: datetime,
        report: DispatchReport,
        lanes: asyncio.Semaphore,
    ) -> None:
        """Send one message once the chat's previous one is out."""
        if previous is not None:
            await asyncio.wait([previous])
            await asyncio.sleep(self.per_chat_interval)  # about one message a second per chat
        async with lanes:
            await self._deliver(message, now, report)

    def _claim(self, now: datetime) -> list[Claimed]:
        """Claim a batch and render it in the same transaction: one transaction per batch
        instead of one per message."""
        return self.renderer.db.run(lambda session: self._claim_in(session, now))

    def _claim_in(self, session: Session, now: datetime) -> list[Claimed]:
        queue.recover_stale_claims(session, now, self.lease)
        claimed = queue.claim_due(
            session, now, self.worker, limit=self.batch, quiet=self.quiet, channels=self.channels
        )
        # Held until rendered: the rows and their families stay in the session, so rendering
        # finds them there instead of asking the database one by one.
        held = _claimed_rows_and_families(session, [message_id for message_id, _ in claimed])
        batch = [
            Claimed(message_id, chat_id, replies)
            for message_id, chat_id in claimed
            if (replies := self._render(session, message_id, now)) is not UNRENDERABLE
        ]
        del held
        return batch

    def _render(self, session: Session, message_id: int, now: datetime) -> object:
        """The message's replies, None when there is nothing to say any more, UNRENDERABLE
        when it is not sent: too late (skipped, outbox/windows.py) or rendering failed (that
        one row is marked failed); the rest of the batch goes on."""
        try:
            with session.begin_nested():
                message = session.get(OutboxMessage, message_id)
                if message is not None and windows.too_late(session, message, now):
                    queue.mark_skipped(session, message_id, "too late: its moment has passed")
                    log.info("outbox message %s (%s) skipped: too late", message_id, message.kind)
                    self._count("too_late")
                    return UNRENDERABLE
                rendered = self.renderer.render_in(session, message_id, now)
        except Skipped as skipped:
            queue.mark_skipped(session, message_id, str(skipped))
            self._count("skipped")
            return UNRENDERABLE
        except Exception as error:  # a bug in one notification must not block the outbox
            log.exception("rendering outbox message %s failed", message_id)
            queue.mark_failed(session, message_id, f"rendering failed: {type(error).__name__}")
            return UNRENDERABLE
        return None if rendered is None else rendered[1]

    async def _deliver(self, claimed: Claimed, now: datetime, report: DispatchReport) -> None:
        message_id, chat_id, replies = claimed
        if replies is None:
            await self._record(queue.mark_skipped, message_id, "nothing to say any more")
            report.skipped += 1
            return
        try:
            delivered = await self.send(chat_id, replies)
        except Blocked:
            await self._record(queue.mark_blocked, message_id, now)
            report.blocked += 1
            self._count("blocked")
        except RetryAfter as error:
            await self._record(
                queue.retry_later, message_id, now, str(error), timedelta(seconds=error.seconds)
            )
            report.retried += 1
            self._count("retry_after")
        except DeliveryError as error:
            log.warning("sending outbox message %s failed: %s", message_id, error)
            await self._record(queue.retry_later, message_id, now, str(error))
            report.retried += 1
            self._count("failed")
        else:
            await self._record(queue.mark_sent, message_id, now_utc(), delivered)
            report.sent += 1
            self._count("sent")

    def _count(self, result: str) -> None:
        if self.metrics is not None:
            self.metrics.sends.labels(result).inc()

    async def _record(self, mark: Callable[..., None], message_id: int, *args: object) -> None:
        # Patient: a message sent but not recorded would be sent again after the lease.
        await asyncio.to_thread(
            self.renderer.db.run, lambda session: mark(session, message_id, *args), patience=120
        )


def _claimed_rows_and_families(session: Session, message_ids: list[int]) -> list[object]:
    """The claimed rows and their families, in two queries."""
    messages = list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(message_ids))))
    family_ids = {m.family_id for m in messages if m.family_id is not None}
    families = session.scalars(select(Family).where(Family.id.in_(family_ids))).all()
    return [*messages, *families]


def _first_failure(done: set[asyncio.Task[None]]) -> BaseException | None:
    failures = [task.exception() for task in done]  # retrieving marks them as seen
    return next((failure for failure in failures if failure is not None), None)
