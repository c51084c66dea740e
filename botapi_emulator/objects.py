"""Builders of Bot API objects (User, Chat, message content, files) as plain JSON dicts."""

from __future__ import annotations

import itertools
import mimetypes
import re
import struct
from dataclasses import dataclass
from typing import Any, ClassVar

from .formatting import utf16_len

JSON = dict[str, Any]

_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<!\S)@[A-Za-z0-9_]{5,32}")


@dataclass(frozen=True)
class StoredFile:
    """A file known to the emulator: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    kind: str  # document, photo, voice, sticker...
    filename: str | None
    mime_type: str | None
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


class FileIds:
    """file_id / file_unique_id pairs; fake but stable and unique within one emulator."""

    _PREFIX: ClassVar[dict[str, str]] = {
        "document": "BQAC",
        "photo": "AgAC",
        "voice": "AwAC",
        "sticker": "CAAC",
    }

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new(self, kind: str) -> tuple[str, str]:
        n = next(self._counter)
        prefix = self._PREFIX.get(kind, "BAAC")
        return f"{prefix}-emu-{kind}-{n:06d}", f"AgAD{n:06d}"


def user(
    user_id: int,
    first_name: str,
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = None,
    is_bot: bool = False,
) -> JSON:
    obj: JSON = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    for key, value in (
        ("last_name", last_name),
        ("username", username),
        ("language_code", language_code),
    ):
        if value is not None:
            obj[key] = value
    return obj


def private_chat(of_user: JSON) -> JSON:
    chat: JSON = {"id": of_user["id"], "type": "private", "first_name": of_user["first_name"]}
    for key in ("last_name", "username"):
        if key in of_user:
            chat[key] = of_user[key]
    return chat


def group_chat(chat_id: int, title: str, chat_type: str, username: str | None = None) -> JSON:
    chat: JSON = {"id": chat_id, "type": chat_type, "title": title}
    if username:
        chat["username"] = username
    return chat


def text_entities(text: str) -> list[JSON]:
    """Entities a Telegram client adds to typed text: bot commands and @mentions."""
    found = [("bot_command", m) for m in _COMMAND.finditer(text)]
    found += [("mention", m) for m in _MENTION.finditer(text)]
    return sorted(
        (
            {
                "type": kind,
                "offset": utf16_len(text[: m.start()]),
                "length": utf16_len(m.group(0)),
            }
            for kind, m in found
        ),
        key=lambda e: e["offset"],
    )


def guess_mime(filename: str | None, fallback: str = "application/octet-stream") -> str:
    if not filename:
        return fallback
    return mimetypes.guess_type(filename, strict=False)[0] or fallback


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image; None when the bytes are no such image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if (data.startswith(b"RIFF") and data[8:12] == b"WEBP") or data.startswith(b"BM"):
        return (512, 512)  # a real image format; its size does not matter to the tests
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def photo_sizes(ids: FileIds, width: int, height: int, size: int) -> list[JSON]:
    """Telegram returns several sizes of an uploaded photo, the largest last."""
    sizes = []
    for limit in (90, 320, 800, 1280):
        scale = min(1.0, limit / max(width, height))
        w, h = max(1, round(width * scale)), max(1, round(height * scale))
        if sizes and (w, h) == (sizes[-1]["width"], sizes[-1]["height"]):
            continue
        file_id, unique_id = ids.new("photo")
        sizes.append(
            {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "width": w,
                "height": h,
                "file_size": max(1, round(size * scale * scale)),
            }
        )
    return sizes
