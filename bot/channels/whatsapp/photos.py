"""The photo of a staff announcement, on WhatsApp as an image. Staff send it with /omroep on
Telegram, so it is a Telegram file: fetched once from the Bot API (getFile, then the
download), uploaded once to the Graph API's /media, and every family is sent that media id
(WhatsApp keeps uploaded media for 30 days). Without a Telegram token in this process, or
when the file cannot be had or is no JPEG or PNG of at most 5 MB (WhatsApp's images), or
the upload fails (a Graph error, the network), the announcement goes as its text alone; a
failure is remembered for NOT_FOUND_KEPT, so 500 families do not cause 500 attempts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import httpx

from bot.channels.whatsapp.graph import TIMEOUT, GraphClient, GraphError
from bot.timeutil import now_utc

log = logging.getLogger(__name__)
TELEGRAM_BASE = "https://api.telegram.org/bot"  # as python-telegram-bot's
MAX_IMAGE = 5 * 1024 * 1024
SIGNATURES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}
MEDIA_KEPT = timedelta(days=29)  # a day within WhatsApp's 30
NOT_FOUND_KEPT = timedelta(minutes=10)  # a photo that could not be had is not asked for again


class TelegramPhotos:
    """Photos by Telegram file id, from the Bot API."""

    def __init__(self, token: str, base_url: str | None = None) -> None:
        base = base_url or TELEGRAM_BASE
        self.methods = f"{base}{token}"
        self.files = f"{base.replace('/bot', '/file/bot', 1)}{token}"
        self.http = httpx.AsyncClient(timeout=TIMEOUT)

    async def fetch(self, file_id: str) -> tuple[bytes, str, str] | None:
        """(content, MIME type, file extension), or None when it cannot be sent on."""
        try:
            answer = await self.http.post(f"{self.methods}/getFile", json={"file_id": file_id})
            result = answer.json().get("result") if answer.status_code == 200 else None
            path = result.get("file_path") if isinstance(result, dict) else None
            if not isinstance(path, str):
                return None
            download = await self.http.get(f"{self.files}/{path}")
        except (httpx.HTTPError, ValueError, AttributeError):
            return None
        content = download.content
        if download.status_code != 200 or len(content) > MAX_IMAGE:
            return None
        found = next((t for s, t in SIGNATURES.items() if content.startswith(s)), None)
        return (content, *found) if found else None

    async def close(self) -> None:
        await self.http.aclose()


class PhotoMedia:
    """A photo's WhatsApp media id, uploaded once per process however many families get it."""

    def __init__(self, source: TelegramPhotos | None, client: GraphClient) -> None:
        self.source = source
        self.client = client
        self.kept: dict[str, tuple[str | None, datetime]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def media_id(self, photo_id: str) -> str | None:
        if self.source is None:
            return None
        async with self._locks.setdefault(photo_id, asyncio.Lock()):
            now = now_utc()
            kept = self.kept.get(photo_id)
            if kept is not None and now - kept[1] < (MEDIA_KEPT if kept[0] else NOT_FOUND_KEPT):
                return kept[0]
            fetched = await self.source.fetch(photo_id)
            media_id = None
            if fetched is None:
                log.warning("an announcement's photo could not be fetched; it goes as text")
            else:
                media_id = await self._upload(*fetched)
            self.kept[photo_id] = (media_id, now)  # a failure too: not tried for every family
            return media_id

    async def _upload(self, content: bytes, mime_type: str, extension: str) -> str | None:
        """The media id, or None when the Graph API refuses or cannot be reached (logged
        with its code only: the photo then goes as text, as one that could not be had)."""
        try:
            return await self.client.upload(f"foto.{extension}", content, mime_type)
        except GraphError as error:
            log.warning(
                "uploading an announcement's photo failed (code %s, HTTP %s); it goes as text",
                error.code,
                error.status,
            )
            return None

    async def close(self) -> None:
        if self.source is not None:
            await self.source.close()
