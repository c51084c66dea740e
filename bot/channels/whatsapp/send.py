"""Sending the engine's replies to a WhatsApp chat: the planned messages (replies.py), the
further pages of a long menu kept (menus.py), an attachment uploaded and sent as a document
(.ics) or an image (QR code), an announcement's photo as an image (photos.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.channels.whatsapp import menus
from bot.channels.whatsapp.graph import GraphClient
from bot.channels.whatsapp.images import as_rgb_png
from bot.channels.whatsapp.photos import PhotoMedia
from bot.channels.whatsapp.replies import MAX_ROWS, Message, Words, menu, plan, with_photo
from bot.content.texts import Texts
from bot.db import Database
from bot.engine.types import Attachment, Button, Reply
from bot.timeutil import now_utc

Sent = Callable[[int], Awaitable[None]]  # called with the number of replies sent so far
# Text files WhatsApp takes as a document only as text/plain: its documents are text/plain,
# PDF and Office files (Meta's "Supported media types"). "Mijn gegevens" is JSON; the
# calendar file keeps its name ending in .ics, by which the phone opens it in the calendar.
AS_PLAIN_TEXT = frozenset({"application/json", "text/calendar"})


class ReplySender:
    def __init__(
        self, client: GraphClient, db: Database, texts: Texts, photos: PhotoMedia | None = None
    ) -> None:
        self.client = client
        self.db = db
        self.texts = texts
        self.photos = photos  # None: a reply's photo is left out (its text still goes)

    def words(self, language: str) -> Words:
        def t(key: str) -> str:
            return self.texts.get(f"whatsapp.{key}", language)

        return Words(choose=t("choose"), more=t("more"), pick=t("pick"))

    async def send_all(
        self, chat_id: str, replies: list[Reply], language: str, on_sent: Sent | None = None
    ) -> list[str]:
        """Send the replies in order; returns the wamids. `on_sent` after each but the last."""
        wamids: list[str] = []
        for number, reply in enumerate(replies, start=1):
            wamids += await self.send(chat_id, reply, language)
            if on_sent is not None and number < len(replies):
                await on_sent(number)
        return wamids

    async def send(self, chat_id: str, reply: Reply, language: str) -> list[str]:
        words = self.words(language)
        rest = reply.flat_buttons[MAX_ROWS - 1 :] if len(reply.flat_buttons) > MAX_ROWS else []
        key = await self._keep(chat_id, rest) if rest else ""
        messages = plan(reply, words, lambda _: key)
        if reply.photo_id is not None and self.photos is not None:
            media_id = await self.photos.media_id(reply.photo_id)
            messages = with_photo(reply, media_id, messages) if media_id else messages
        if reply.attachment is not None:
            messages.append(await self._upload(reply.attachment))
        return await self.send_messages(chat_id, messages)

    async def send_page(self, chat_id: str, buttons: list[Button], language: str) -> list[str]:
        """The next page of a long menu."""
        words = self.words(language)
        rest = buttons[MAX_ROWS - 1 :] if len(buttons) > MAX_ROWS else []
        key = await self._keep(chat_id, rest) if rest else ""
        body = self.texts.get("whatsapp.more_body", language)
        return await self.send_messages(chat_id, [menu(body, buttons, words, lambda _: key)])

    async def send_messages(self, chat_id: str, messages: list[Message]) -> list[str]:
        return [await self.client.send(chat_id, kind, content) for kind, content in messages]

    async def _keep(self, chat_id: str, buttons: list[Button]) -> str:
        now = now_utc()
        return await asyncio.to_thread(
            self.db.run, lambda session: menus.keep(session, chat_id, buttons, now)
        )

    async def _upload(self, attachment: Attachment) -> Message:
        mime_type = "text/plain" if attachment.mime_type in AS_PLAIN_TEXT else attachment.mime_type
        content = as_rgb_png(attachment.content) if mime_type == "image/png" else attachment.content
        media_id = await self.client.upload(attachment.filename, content, mime_type)
        if attachment.mime_type.startswith("image/"):
            return "image", {"id": media_id}
        content: dict[str, Any] = {"id": media_id, "filename": attachment.filename}
        return "document", content
