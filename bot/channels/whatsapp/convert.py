"""WhatsApp webhook payloads → the inbox and the engine. Decides what the bot answers at all."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.engine.types import MOVE_PREFIX, Incoming

CHANNEL = "whatsapp"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MORE_PREFIX = "more:"  # a "Meer…" row or button: the next page of a long menu (menus.py)
# WhatsApp message types that are not text, as the engine names them.
UNSUPPORTED = {
    "image": "photo",
    "sticker": "sticker",
    "audio": "voice",
    "video": "video",
    "document": "document",
    "location": "location",
    "contacts": "contact",
}
IGNORED = {"reaction", "system", "ephemeral", "request_welcome"}
# A wa.me link cannot send a command as a Telegram deep link does: it fills in "START mv_…",
# which the family sends, and which goes to the engine as "/start mv_…" (see start_link).
START_WORD = "START"


@dataclass(frozen=True)
class MorePage:
    """The family asked for the next page of a menu."""

    chat_id: str
    key: str


def signature_ok(body: bytes, header: str, app_secret: str) -> bool:
    """X-Hub-Signature-256 is `sha256=` and the HMAC-SHA256 of the raw body with the secret."""
    expected = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.strip().lower(), expected)


def update_id(wamid: str) -> int:
    """The inbox's integer key for a message: 62 bits of a hash of its wamid, above
    Telegram's update ids (which count up from below 2^32)."""
    digest = int.from_bytes(hashlib.sha256(wamid.encode()).digest()[:8], "big")
    return (digest >> 3) | (1 << 61)


def changes(data: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The messages (as inbox bodies) and the statuses in one webhook POST."""
    messages: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    entries = data.get("entry") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        for change in entry.get("changes") or [] if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for message in value.get("messages") or []:
                if isinstance(message, dict) and isinstance(message.get("id"), str):
                    messages.append({"update_id": update_id(message["id"]), CHANNEL: message})
            statuses.extend(s for s in value.get("statuses") or [] if isinstance(s, dict))
    return messages, statuses


def sent_at(message: dict[str, Any], now: datetime) -> datetime:
    """When the family wrote it (the 24-hour window runs from there); never after now."""
    try:
        moment = datetime.fromtimestamp(int(message.get("timestamp", "")), UTC)
    except (TypeError, ValueError, OverflowError):
        return now
    return min(moment, now)


def to_incoming(message: dict[str, Any]) -> Incoming | MorePage | None:
    """The engine input for a message, a request for a menu's next page, or None."""
    sender = message.get("from")
    kind = message.get("type")
    if not isinstance(sender, str) or not sender or kind in IGNORED:
        return None
    if kind == "text":
        return _incoming(sender, text=_typed(str((message.get("text") or {}).get("body", ""))))
    if kind == "interactive":
        return _pressed(sender, message.get("interactive") or {})
    if kind == "button":  # a template's quick reply: its text, as if typed
        return _incoming(sender, text=str((message.get("button") or {}).get("text", "")))
    return _incoming(sender, unsupported=UNSUPPORTED.get(str(kind), "other"))


def start_link(display_number: str) -> str:
    """A link that opens a chat with the business with "START <argument>" ready to send.
    `display_number`: the business number in international form ("+31 6 1234 5678")."""
    digits = "".join(c for c in display_number if c.isdigit())
    return f"https://wa.me/{digits}?text={START_WORD}%20{{argument}}"


def _typed(text: str) -> str:
    """What the family typed; the prepared "START mv_<code>" of a start link as /start."""
    words = text.split()
    if len(words) == 2 and words[0].upper() == START_WORD and words[1].startswith(MOVE_PREFIX):
        return f"/start {words[1]}"
    return text


def _pressed(sender: str, interactive: dict[str, Any]) -> Incoming | MorePage | None:
    kind = interactive.get("type")
    answer = interactive.get(kind) if kind in ("button_reply", "list_reply") else None
    if not isinstance(answer, dict) or not isinstance(answer.get("id"), str):
        return _incoming(sender, unsupported="other")
    token = answer["id"]
    if token.startswith(MORE_PREFIX):
        return MorePage(sender, token.removeprefix(MORE_PREFIX)[:32])
    return _incoming(sender, button=token[:64])


def _incoming(sender: str, **fields: str) -> Incoming:
    return Incoming(channel=CHANNEL, chat_id=sender, user_id=sender, **fields)
