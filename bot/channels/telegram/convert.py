"""Telegram updates → engine input. Decides what the bot answers at all."""

from __future__ import annotations

from dataclasses import dataclass, replace

from telegram import Message, Update
from telegram.constants import ChatType

from bot.engine.types import Incoming

CHANNEL = "telegram"

# Message attributes that mean "not text", in the order they are checked.
UNSUPPORTED_KINDS = (
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "animation",
    "audio",
    "document",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
    "game",
)


@dataclass(frozen=True)
class GroupCommand:
    """A command addressed to the bot in a group: answered with a pointer to a private chat."""

    chat_id: int
    language_code: str | None


def start_link(bot_username: str) -> str:
    """A deep link that opens a private chat with the bot and sends /start <argument>."""
    return f"https://t.me/{bot_username}?start={{argument}}"


def to_incoming(update: Update, bot_username: str) -> Incoming | GroupCommand | None:
    """The engine input for an update, a group command, or None to ignore it."""
    converted = _convert(update, bot_username)
    if isinstance(converted, Incoming) and bot_username:
        return replace(converted, start_link=start_link(bot_username))
    return converted


def _convert(update: Update, bot_username: str) -> Incoming | GroupCommand | None:
    if update.callback_query is not None:
        return _from_button(update)
    if update.edited_message is not None:
        message = update.edited_message
        if message.chat.type != ChatType.PRIVATE or message.from_user is None:
            return None
        return _incoming(message, unsupported="edited")
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None  # channel posts, service updates, other bots
    if message.chat.type != ChatType.PRIVATE:
        return _group_command(message, bot_username)
    if message.text is not None:
        return _incoming(message, text=message.text)
    if message.photo:  # a caption may make it an answer (a staff announcement with a photo)
        return _incoming(
            message,
            unsupported="photo",
            photo_id=message.photo[-1].file_id,
            text=message.caption or "",
        )
    kind = next((k for k in UNSUPPORTED_KINDS if getattr(message, k, None)), "other")
    return _incoming(message, unsupported=kind)


def _incoming(message: Message, **fields: str | bool) -> Incoming:
    user = message.from_user
    assert user is not None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        user_id=str(user.id),
        language_code=user.language_code,
        **fields,
    )


def _from_button(update: Update) -> Incoming | None:
    query = update.callback_query
    assert query is not None
    chat = query.message.chat if query.message is not None else None
    if chat is not None and chat.type != ChatType.PRIVATE:
        return None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(chat.id if chat is not None else query.from_user.id),
        user_id=str(query.from_user.id),
        button=(query.data or "")[:64],
        language_code=query.from_user.language_code,
    )


def _group_command(message: Message, bot_username: str) -> Incoming | GroupCommand | None:
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    if author is not None and (author.username or "").lower() == bot_username.lower():
        # A reply to one of our messages in a group: a librarian answering a question.
        return _incoming(message, text=message.text or "", quoted=replied.text or "", in_group=True)
    text = message.text or ""
    if not text.startswith("/"):
        return None
    command = text.split(maxsplit=1)[0]
    _, _, addressee = command.partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return None  # meant for another bot
    user = message.from_user
    return GroupCommand(message.chat.id, user.language_code if user else None)
