"""The outbox tick: every few seconds the scheduler asks for a drain; one starts only when none
runs. A drain may take minutes (a large broadcast at Telegram's rate) without the scheduler
skipping ticks, and it stops claiming once `keep_going()` turns false (the app stops)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from bot.outbox.dispatch import Dispatcher

StartTask = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


class Drain:
    def __init__(self, dispatcher: Dispatcher, keep_going: Callable[[], bool]) -> None:
        self.dispatcher = dispatcher
        self.keep_going = keep_going
        self._running: asyncio.Task[Any] | None = None

    def tick(self, start_task: StartTask) -> bool:
        """Start a drain unless one runs (the channel's task factory keeps track of it);
        True when one was started."""
        if self._running is not None and not self._running.done():
            return False
        self._running = start_task(self.dispatcher.run_once(keep_going=self.keep_going))
        return True
