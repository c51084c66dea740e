"""Sending outbox messages on Telegram: Bot API errors become the dispatcher's terms."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter

from bot.channels.telegram.send import send_replies
from bot.engine.types import Reply
from bot.outbox.dispatch import Blocked, Sender, TemporaryFailure
from bot.outbox.dispatch import RetryAfter as RetryLater

GONE = ("chat not found", "user is deactivated", "bot was blocked")
BURST_SHARE = 0.02  # of the limit, allowed at once
JITTER_SHARE = 0.01  # kept free: requests reach Telegram a little bunched, not as sent


def send_rate_limiter(limit_per_second: float, retries: int) -> AIORateLimiter:
    """PTB's limiter set so that no one-second window holds more than `limit_per_second` sends.

    Its leaky bucket lets a full bucket go at once and then the steady rate, so one second can
    hold bucket + rate sends. With `overall_max_rate=limit` that is up to twice the limit, and
    every 429 Telegram answers pauses all sending for a second. A small bucket plus a steady
    rate just under the rest keeps the sum under the limit.
    """
    burst = max(1.0, limit_per_second * BURST_SHARE)
    steady = max(limit_per_second * (1 - JITTER_SHARE) - burst, 1.0)
    return AIORateLimiter(
        overall_max_rate=burst, overall_time_period=burst / steady, max_retries=retries
    )


def telegram_sender(bot: Bot) -> Sender:
    async def send(chat_id: str, replies: Sequence[Reply]) -> Sequence[str]:
        try:
            return await send_replies(bot, chat_id, replies)
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
