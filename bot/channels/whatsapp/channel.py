"""The WhatsApp channel: a stored webhook message in, the engine, replies out. One chat's
messages are handled one after the other in arrival order, chats side by side."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.channels.telegram.convert import start_link
from bot.channels.whatsapp import menus
from bot.channels.whatsapp.convert import CHANNEL, MorePage, sent_at, to_incoming
from bot.channels.whatsapp.graph import GraphError
from bot.channels.whatsapp.send import ReplySender
from bot.db.models import Family
from bot.engine.core import Engine
from bot.engine.types import DEFAULT_START_LINK, Reply
from bot.logs import request_id
from bot.services import inbox
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
T = TypeVar("T")
RETRY_DELAYS = (1.0, 3.0)  # a reply tried again through a server error or a throughput limit
RATE_CODES = frozenset({130429, 131056, 80007})


class WhatsAppChannel:
    def __init__(
        self,
        engine: Engine,
        sender: ReplySender,
        telegram_username: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.engine = engine
        self.telegram_username = telegram_username  # the deployment's Telegram bot, if any
        self.receipts = engine.receipts
        self.sender = sender
        self._last_of_chat: dict[str, asyncio.Task[None]] = {}
        self.on_loop = engine.db.engine.dialect.name == "sqlite"  # as the Telegram channel

    def accept(self, body: dict[str, Any]) -> asyncio.Task[None]:
        """Handle a stored message after the ones of its chat before it."""
        message = body.get(CHANNEL) or {}
        chat = str(message.get("from", ""))
        previous = self._last_of_chat.get(chat)
        task = asyncio.create_task(self._after(previous, body))
        self._last_of_chat[chat] = task
        task.add_done_callback(lambda done: self._forget(chat, done))
        return task

    def _forget(self, chat: str, task: asyncio.Task[None]) -> None:
        if self._last_of_chat.get(chat) is task:
            del self._last_of_chat[chat]

    async def idle(self) -> None:
        """Wait until every message in hand is handled (shutting down)."""
        while self._last_of_chat:
            await asyncio.wait(list(self._last_of_chat.values()))

    async def _after(self, previous: asyncio.Task[None] | None, body: dict[str, Any]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        try:
            await self.handle(body)
        except Exception:
            log.exception("handling WhatsApp update %s failed", body.get("update_id"))

    async def handle(self, body: dict[str, Any]) -> None:
        update_id, message = int(body["update_id"]), body.get(CHANNEL) or {}
        request_id.set(f"w{update_id}")
        converted = to_incoming(message)
        chat = str(message.get("from", ""))
        if isinstance(converted, MorePage):
            await self._next_page(update_id, converted)
        elif converted is None:  # nothing to answer (a reaction, say); it opens the window
            await self.db(self._answered, update_id, chat, sent_at(message, now_utc()))
            return
        else:
            incoming = replace(converted, receipt=update_id, start_link=self._staff_link())
            outcome = await self.db(self.engine.handle, incoming)
            if outcome.ignored or not outcome.replies:  # answered by the engine already
                await self.db(self._answered, None, chat, sent_at(message, now_utc()))
                return
            await self.deliver(update_id, chat, outcome.replies)
        await self.db(self._answered, None, chat, sent_at(message, now_utc()))

    def _staff_link(self) -> str:
        """A check-in QR code opens the staff's Telegram, when the deployment has one."""
        username = self.telegram_username()
        return start_link(username) if username else DEFAULT_START_LINK

    async def _next_page(self, update_id: int, more: MorePage) -> None:
        now = now_utc()
        buttons = await self.db(
            self.engine.db.run, lambda s: menus.pages(s, more.chat_id, more.key, now)
        )
        language = await self.db(self.language_of, more.chat_id)
        try:
            if buttons is None:
                text = self.engine.texts.get("whatsapp.menu_expired", language)
                await self.sender.send(more.chat_id, Reply(text), language)
            else:
                await self.sender.send_page(more.chat_id, buttons, language)
        except GraphError as error:
            log.warning("the next page for update %s was not sent: %s", update_id, error)
        await self.db(self._answered, update_id, more.chat_id, None)

    async def deliver(
        self, update_id: int, chat_id: str, replies: list[Reply], before: int = 0
    ) -> None:
        """Send an update's replies (kept in the inbox until then). Graph down or too busy
        beyond a few tries: released, and the rest sent at a later catch-up."""
        language = await self.db(self.language_of, chat_id)

        async def progress(count: int) -> None:
            await self.db(self.receipts.progress, update_id, before + count)

        for delay in (*RETRY_DELAYS, None):
            try:
                await self.sender.send_all(chat_id, replies, language, on_sent=progress)
            except GraphError as error:
                if not (error.transient or error.code in RATE_CODES):
                    # The error code only: a Graph description may quote the message.
                    log.warning("replies to update %s refused (code %s)", update_id, error.code)
                    break
                if delay is None:
                    log.warning("replies to update %s not sent yet: %s", update_id, error)
                    await self.db(self.receipts.release, update_id)
                    return
                await asyncio.sleep(delay)
            else:
                break
        await self.db(self._answered, update_id, chat_id, None)

    def _answered(self, update_id: int | None, chat_id: str, wrote_at: datetime | None) -> None:
        """The update is answered (when given), and the family's window noted (when given)."""

        def work(session: Session) -> None:
            if update_id is not None:
                inbox.answered(session, update_id, now_utc())
            if wrote_at is not None and chat_id:
                note_window(session, chat_id, wrote_at)

        if update_id is not None or wrote_at is not None:
            self.engine.db.run(work)

    async def catch_up(self, dead_after: timedelta) -> None:
        """What a WhatsApp process that died had in hand: handled now, or sent now."""
        bodies, unsent = await self.db(self.receipts.overdue, dead_after, CHANNEL)
        for body in bodies:
            self.accept(body)
        for update_id, chat_id, replies, before in unsent:
            await self.deliver(update_id, chat_id, replies, before=before)

    def language_of(self, chat_id: str) -> str:
        """The family's language, without making a family: after "verwijder alles" the
        goodbye is sent, and the number is not stored again."""
        query = select(Family.language).where(
            Family.channel == CHANNEL, Family.external_id == chat_id
        )
        with self.engine.db.transaction() as session:
            return session.scalar(query) or self.engine.default_language

    async def db(self, work: Callable[..., T], *args: Any) -> T:
        if self.on_loop:
            return work(*args)
        return await asyncio.to_thread(work, *args)


def note_window(session: Session, chat_id: str, wrote_at: datetime) -> None:
    """The family wrote at `wrote_at`: WhatsApp's 24-hour window runs from there."""
    session.execute(
        update(Family)
        .where(Family.channel == CHANNEL, Family.external_id == chat_id)
        .where((Family.last_incoming_at.is_(None)) | (Family.last_incoming_at < wrote_at))
        .values(last_incoming_at=wrote_at)
        .execution_options(synchronize_session=False)
    )
