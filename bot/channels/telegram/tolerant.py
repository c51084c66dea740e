"""A bot that reads each update on its own: python-telegram-bot parses a getUpdates batch as
a whole, so one update it cannot read (a poll without a field PTB 22 requires, as an older
local Bot API server sends it) fails the batch, forever, and is logged with its content.

Here an unreadable update becomes a bare one (its id only): the rest of the batch is handled,
the offset moves past it, and one log line without content says it was skipped."""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram.ext import ExtBot

log = logging.getLogger(__name__)
UNREADABLE = "talentbot_unreadable"  # the mark of a bare update standing in for one


def is_unreadable(update: Update) -> bool:
    return bool(update.api_kwargs.get(UNREADABLE))


def readable(raw: Any, bot: ExtBot, on_skip: Callable[[], None]) -> Update:
    """The update, or a bare one with its id when the library cannot read it."""
    try:
        update = Update.de_json(raw, bot)
        if update is not None:
            return update
    except Exception:  # any shape PTB does not expect
        pass
    update_id = raw.get("update_id") if isinstance(raw, dict) else None
    log.warning("update %s could not be read and is skipped", update_id)
    on_skip()
    bare_id = update_id if isinstance(update_id, int) else 0
    return Update(update_id=bare_id, api_kwargs={UNREADABLE: True})


class TolerantBot(ExtBot[None]):
    """`on_received` stores a batch before it is returned: the Updater confirms it to Telegram
    with its next poll, so a batch is only confirmed once it is stored."""

    def __init__(
        self,
        *args: Any,
        on_skip: Callable[[], None] = lambda: None,
        on_received: Callable[[list[Any]], Awaitable[None]] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self._on_skip = on_skip
        self._on_received = on_received

    async def get_updates(  # the signature of Bot.get_updates, which the Updater calls
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: int | dtm.timedelta | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: Any = DEFAULT_NONE,
        write_timeout: Any = DEFAULT_NONE,
        connect_timeout: Any = DEFAULT_NONE,
        pool_timeout: Any = DEFAULT_NONE,
        api_kwargs: dict[str, Any] | None = None,
    ) -> tuple[Update, ...]:
        data = {"timeout": timeout, "offset": offset, "limit": limit}
        data["allowed_updates"] = allowed_updates
        if isinstance(read_timeout, DefaultValue):
            read = self._request[0].read_timeout or 0
        else:
            read = read_timeout or 0
        waited = timeout.total_seconds() if isinstance(timeout, dtm.timedelta) else timeout
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=read + (waited or 0),  # a long poll waits `timeout` seconds for news
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        if result and self._on_received is not None:
            await self._on_received(list(result))
        updates = tuple(readable(raw, self, self._on_skip) for raw in result or ())
        for update in updates:
            self.insert_callback_data(update)
        return updates
