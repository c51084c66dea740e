"""Sending outbox messages on Telegram: Bot API errors become the dispatcher's terms."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.dispatcher import Blocked, Sender, TemporaryFailure
from bot.dispatcher import RetryAfter as RetryLater
from bot.engine.types import Reply
from bot.telegram.send import send_replies

GONE = ("chat not found", "user is deactivated", "bot was blocked")


def telegram_sender(bot: Bot) -> Sender:
    async def send(chat_id: str, replies: Sequence[Reply]) -> None:
        try:
            await send_replies(bot, chat_id, replies)
        except Forbidden as error:
            raise Blocked(error.message) from error
        except RetryAfter as error:
            seconds = error.retry_after
            seconds = seconds.total_seconds() if hasattr(seconds, "total_seconds") else seconds
            raise RetryLater(float(seconds)) from error
        except BadRequest as error:
            if any(reason in error.message.lower() for reason in GONE):
                raise Blocked(error.message) from error
            raise TemporaryFailure(error.message) from error
        except (NetworkError, TelegramError) as error:
            raise TemporaryFailure(error.message) from error

    return send
