"""Handling updates of different chats side by side, and those of one chat in order.

python-telegram-bot handles one update at a time by default, so one slow database transaction
holds up every family; with plain `concurrent_updates` two messages of one parent could be
handled at once and out of order. This processor keeps a lock per chat (held in arrival order,
asyncio locks are fair) and at most `limit` updates in progress. Across processes, the
conversation row lock (services/conversations.py) keeps one chat to one handler at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, limit: int) -> None:
        super().__init__(max_concurrent_updates=limit)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}  # updates holding or awaiting each chat's lock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:  # forget quiet chats
                del self._waiting[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
