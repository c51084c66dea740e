"""What goes into the engine and what comes out: plain data, no channel types."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
from typing import Any

from bot.plaintext import clean_text

MAX_TEXT = 4096  # longer input is cut before it is looked at
# A link back into a chat with a start argument, for channels that have none of their own.
DEFAULT_START_LINK = "talentbot:start?{argument}"
CHECKIN_PREFIX = "ci_"  # /start ci_<code>: a scanned check-in QR code
MOVE_PREFIX = "mv_"  # /start mv_<code>: a family moving here from the web chat
# What a /start argument with one of these prefixes runs, given the rest as `code`.
START_ACTIONS = {CHECKIN_PREFIX: "staff.scan", MOVE_PREFIX: "move.claim"}


@dataclass(frozen=True)
class Incoming:
    """One message or button press from a user in a chat."""

    channel: str  # telegram|terminal|...
    chat_id: str
    user_id: str
    text: str | None = None
    button: str | None = None  # the opaque token of a pressed button
    unsupported: str | None = None  # sticker|photo|voice|location|edited|...
    language_code: str | None = None  # what the user's app says, a hint only
    photo_id: str | None = None  # a picture the channel can send again (text: its caption)
    in_group: bool = False  # a reply in a staff group to one of the bot's messages
    quoted: str | None = None  # the text of the bot message replied to
    # How a link that opens this chat with a start argument looks (a Telegram deep link:
    # "https://t.me/TalentBot?start={argument}"); a check-in QR code holds one.
    start_link: str = DEFAULT_START_LINK
    receipt: int | None = None  # the channel's update id, when it went through the inbox
    # Channels this chat's family could continue on, to get messages of the bot's own
    # (reminders) where its own channel has none: (channel, start link with {argument}).
    elsewhere: tuple[tuple[str, str], ...] = ()

    def cleaned(self) -> Incoming:
        """The same input without control characters in what the user typed."""
        return replace(self, text=clean_text(self.text), quoted=clean_text(self.quoted))

    @property
    def command(self) -> str | None:
        """'/agenda@TalentBot extra' → 'agenda'."""
        if not self.text or not self.text.startswith("/"):
            return None
        words = self.text[1:].split(maxsplit=1)
        if not words or self.text[1:2].isspace():
            return None  # "/" or "/ something": not a command
        return words[0].split("@", 1)[0].lower() or None

    @property
    def command_argument(self) -> str:
        """'/start ci_abc' → 'ci_abc' (Telegram deep links arrive this way)."""
        parts = (self.text or "").split(maxsplit=1)
        return parts[1].strip()[:200] if len(parts) > 1 else ""


@dataclass(frozen=True)
class Button:
    label: str
    token: str  # opaque; only the engine knows what it does


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachment: Attachment | None = None
    photo_id: str | None = None  # a picture the channel already has (sent with the text)
    edit_of: str | None = None  # a message of the bot's to change into this text instead
    # No preview of a link in the text: the channel's servers would fetch it (a sign-in link).
    no_preview: bool = False

    @property
    def flat_buttons(self) -> list[Button]:
        return [button for row in self.buttons for button in row]

    def as_json(self) -> dict[str, Any]:
        """Plain JSON, to keep a reply until it is sent (services/inbox.py)."""
        attachment = self.attachment
        return {
            "text": self.text,
            "buttons": [[[b.label, b.token] for b in row] for row in self.buttons],
            "attachment": None
            if attachment is None
            else {
                "filename": attachment.filename,
                "mime_type": attachment.mime_type,
                "content": base64.b64encode(attachment.content).decode(),
            },
            "photo_id": self.photo_id,
            "edit_of": self.edit_of,
            "no_preview": self.no_preview,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reply:
        stored = data.get("attachment")
        attachment = None
        if stored:
            content = base64.b64decode(stored["content"])
            attachment = Attachment(stored["filename"], content, stored["mime_type"])
        return cls(
            text=data.get("text", ""),
            buttons=tuple(
                tuple(Button(label, token) for label, token in row)
                for row in data.get("buttons", [])
            ),
            attachment=attachment,
            photo_id=data.get("photo_id"),
            edit_of=data.get("edit_of"),
            no_preview=bool(data.get("no_preview")),
        )


@dataclass
class Outcome:
    replies: list[Reply] = field(default_factory=list)
    # True when the press was a repeat of one just handled (a double tap): say nothing.
    ignored: bool = False
