"""Engine replies → Telegram messages: keyboards, long texts split, edits in place."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
)
from telegram.constants import MessageLimit
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.engine.types import Reply

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
log = logging.getLogger(__name__)
MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CAPTION = MessageLimit.CAPTION_LENGTH  # 1024
FIRST_WAIT, LONGEST_WAIT = 0.5, 8.0  # seconds between tries after a 5xx or a timeout


class PatientBot:
    """Bot calls tried again through Telegram's 5xx answers and network errors (edits also
    through timeouts), for at most `patience` seconds in all (0: once). A refusal (400, 403)
    is never tried again."""

    def __init__(self, bot: Bot, patience: float = 0.0) -> None:
        self.bot = bot
        self.patience = patience
        self.sent: list[str] = []  # ids of the messages sent (or changed) so far

    async def call(
        self,
        method: Callable[..., Awaitable[object]],
        *,
        same_twice: bool = False,
        **kwargs: object,
    ) -> object:
        """`same_twice`: doing it twice does no harm (an edit). A send that timed out may have
        arrived: it is not tried again, so a family never gets a confirmation twice."""
        loop = asyncio.get_running_loop()
        deadline, wait = loop.time() + self.patience, FIRST_WAIT
        while True:
            try:
                result = await method(**kwargs)
            except BadRequest:
                raise
            except NetworkError as error:
                if isinstance(error, TimedOut) and not same_twice:
                    raise
                if loop.time() + wait > deadline:
                    raise
                log.info("Telegram call failed (%s); trying again in %.1f s", error.message, wait)
                await asyncio.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
                continue
            if isinstance(result, Message):
                self.sent.append(str(result.message_id))
            return result


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text at paragraph boundaries (then lines, then words) into chunks ≤ limit."""
    if len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", " "):
        parts = text.split(separator)
        if len(parts) > 1:
            return _pack(parts, separator, limit)
    return [text[i : i + limit] for i in range(0, len(text), limit)]


def _pack(parts: Sequence[str], separator: str, limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        if len(part) > limit:
            *full, current = split_text(part, limit)
            chunks.extend(full)
        else:
            current = part
    if current:
        chunks.append(current)
    return chunks


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.token) for b in row] for row in reply.buttons
    ]
    return InlineKeyboardMarkup(rows)


async def send_replies(
    bot: Bot,
    chat_id: int | str,
    replies: Sequence[Reply],
    *,
    edit: Message | None = None,
    patience: float = 0.0,
    on_sent: Callable[[int], Awaitable[None]] | None = None,
) -> list[str]:
    """Send the replies in order; a single short reply to a button press replaces its message;
    a reply `edit_of` a message changes that one. Each call is tried again through 5xx answers
    and timeouts for `patience` seconds. `on_sent(n)` hears when the first n replies are out
    (before the last: after it the caller knows). Returns the ids of the messages sent."""
    groups = joined(replies)
    patient = PatientBot(bot, patience)
    only = groups[0][0] if len(groups) == 1 else None
    replace_pressed = edit is not None and only is not None and _fits_an_edit(only)
    if replace_pressed and await _edit(patient, edit.chat_id, edit.message_id, only):
        return patient.sent
    done = 0
    for number, (reply, covers) in enumerate(groups, start=1):
        if reply.edit_of is not None:
            await _edit(patient, chat_id, int(reply.edit_of), reply)  # gone: nothing to change
        else:
            await _send(patient, chat_id, reply)
        done += covers
        if on_sent is not None and number < len(groups):
            await on_sent(done)
    return patient.sent


def joined(replies: Sequence[Reply]) -> list[tuple[Reply, int]]:
    """A bare text ("Fijn!") goes in one message with the reply after it: fewer pings on the
    parent's phone, and fewer sends against Telegram's limit. Each with how many of the given
    replies it holds."""
    result: list[tuple[Reply, int]] = []
    for reply in replies:
        before, covers = result[-1] if result else (None, 0)
        if (
            before is not None
            and _bare(before)
            and reply.photo_id is None
            and len(before.text) + 2 + len(reply.text) <= MAX_TEXT
        ):
            result[-1] = (replace(reply, text=f"{before.text}\n\n{reply.text}"), covers + 1)
        else:
            result.append((reply, 1))
    return result


def _bare(reply: Reply) -> bool:
    return not reply.buttons and reply.attachment is None and reply.photo_id is None


def _fits_an_edit(reply: Reply) -> bool:
    return reply.attachment is None and reply.photo_id is None and len(reply.text) <= MAX_TEXT


async def _edit(patient: PatientBot, chat_id: int | str, message_id: int, reply: Reply) -> bool:
    try:
        await patient.call(
            patient.bot.edit_message_text,
            same_twice=True,
            chat_id=chat_id,
            message_id=message_id,
            text=reply.text,
            reply_markup=keyboard(reply),
        )
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return True  # the same screen again: nothing to do
        log.info("editing failed (%s); sending a new message instead", exc.message)
        return False
    return True


async def _send(patient: PatientBot, chat_id: int | str, reply: Reply) -> None:
    bot, call = patient.bot, patient.call
    markup = keyboard(reply)
    if reply.photo_id is None and reply.attachment is None:
        chunks = split_text(reply.text)
        for chunk in chunks[:-1]:
            await call(bot.send_message, chat_id=chat_id, text=chunk)
        preview = NO_PREVIEW if reply.no_preview else None
        await call(
            bot.send_message,
            chat_id=chat_id,
            text=chunks[-1],
            reply_markup=markup,
            link_preview_options=preview,
        )
        return
    caption = await _caption_or_messages(patient, chat_id, reply.text)
    if reply.photo_id is not None:
        await call(
            bot.send_photo,
            chat_id=chat_id,
            photo=reply.photo_id,
            caption=caption,
            reply_markup=markup,
        )
        return
    attachment = reply.attachment
    assert attachment is not None
    file = InputFile(attachment.content, filename=attachment.filename)
    if attachment.mime_type.startswith("image/"):
        await call(
            bot.send_photo, chat_id=chat_id, photo=file, caption=caption, reply_markup=markup
        )
    else:
        await call(
            bot.send_document, chat_id=chat_id, document=file, caption=caption, reply_markup=markup
        )


async def _caption_or_messages(patient: PatientBot, chat_id: int | str, text: str) -> str | None:
    """A text that fits a caption goes with the picture or file (one message instead of
    two); a longer one goes ahead as messages of its own."""
    if len(text) <= MAX_CAPTION:
        return text or None
    for chunk in split_text(text):
        await patient.call(patient.bot.send_message, chat_id=chat_id, text=chunk)
    return None
