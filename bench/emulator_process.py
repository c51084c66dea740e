"""The Bot API emulator in a process of its own, for benchmarks.

Telegram runs on other machines; an emulator in the bot's own process would share its
interpreter lock and make the bot look slower than it is. Control goes over a pipe:

    with EmulatorProcess(users=chats, blocked=some, rate_limit=100) as api:
        ... point a bot at api.base_url / api.token ...
        sends = api.sends()  # [(chat_id, status, at)] of every sendMessage
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any


def _serve(pipe: Connection, users: list[int], blocked: list[int], rate: int | None) -> None:
    from botapi_emulator import BotApiEmulator

    def populate() -> None:
        for chat in users:
            api.add_user(chat, "Ouder")
        for chat in blocked:
            api.block_user(chat)
        if rate is not None:
            api.set_rate_limit(rate)

    with BotApiEmulator() as api:
        populate()
        pipe.send((api.base_url, api.token))
        while (command := pipe.recv()) != "stop":
            if command == "sends":
                pipe.send([(c.chat_id, c.status, c.at) for c in api.calls("sendMessage")])
            elif command == "reset":
                api.reset()
                populate()
                pipe.send(True)


class EmulatorProcess:
    def __init__(
        self, *, users: list[int], blocked: list[int] = (), rate_limit: int | None = None
    ) -> None:
        self._args = (list(users), list(blocked), rate_limit)
        self.base_url = self.token = ""

    def __enter__(self) -> EmulatorProcess:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, *self._args), daemon=True)
        self._process.start()
        self.base_url, self.token = self._pipe.recv()
        return self

    def sends(self) -> list[tuple[int, int | None, float]]:
        self._pipe.send("sends")
        return self._pipe.recv()

    def reset(self) -> None:
        """Forget all calls and start the rate-limit window afresh."""
        self._pipe.send("reset")
        self._pipe.recv()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> Any:
        self._pipe.send("stop")
        self._process.join(timeout=30)
