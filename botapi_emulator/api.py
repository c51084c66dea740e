"""BotApiEmulator: the test-facing side. Thread-safe and synchronous; the server runs in its own
thread and event loop, so the bot under test may run in this process or in another one."""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from .methods import get_profile, get_webhook_info
from .objects import JSON, StoredFile
from .server import EmulatorServer
from .spec import load_spec
from .state import ApiCall, Delivery, World
from .users import UserActions
from .webhook import chat_key

T = TypeVar("T")
Since = int | JSON | ApiCall | None

DEFAULT_TOKEN = "999000:TEST-talentbot-emulator-token"
_MESSAGE_KINDS = ("send", "edit", "delete", "copy", "forward")


class BotApiEmulator(UserActions):
    """A Telegram Bot API server on 127.0.0.1 for tests; see botapi_emulator/README.md."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_first_name: str = "Talentbot",
        bot_username: str = "talentbot_test_bot",
        bot_id: int | None = None,
        default_language: str = "nl",
        host: str = "127.0.0.1",
        port: int = 0,
        strict: bool = True,
        privacy_mode: bool = True,
        auto_create_chats: bool = False,
        webhook_attempts: int = 5,
        webhook_backoff: float = 0.05,
        webhook_timeout: float = 5.0,
    ) -> None:
        bot = {
            "id": bot_id if bot_id is not None else int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.world = World(
            load_spec(),
            token=token,
            bot=bot,
            default_language=default_language,
            privacy_mode=privacy_mode,
            auto_create_chats=auto_create_chats,
            strict=strict,
        )
        self._host, self._port = host, port
        self._pusher_options = {
            "max_attempts": webhook_attempts,
            "backoff": webhook_backoff,
            "timeout": webhook_timeout,
        }
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: EmulatorServer | None = None
        self._thread: threading.Thread | None = None
        self._listener: Callable[[], None] | None = None

    # -- life cycle ----------------------------------------------------------------------------

    def start(self) -> BotApiEmulator:
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        started: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._serve, args=(started,), name="bot-api-emulator", daemon=True
        )
        self._thread.start()
        started.result(timeout=10)
        return self

    def _serve(self, started: concurrent.futures.Future[None]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = EmulatorServer(self.world, self.world.spec, self._pusher_options)
        try:
            loop.run_until_complete(server.start(self._host, self._port))
        except BaseException as error:
            started.set_exception(error)
            loop.close()
            return
        self._loop, self._server = loop, server

        def wake() -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(server.signal)

        self._listener = wake
        self.world.listeners.append(wake)
        started.set_result(None)
        try:
            loop.run_forever()
        finally:
            for task in asyncio.all_tasks(loop):
                task.cancel()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()

    def stop(self) -> None:
        if self._thread is None or self._loop is None or self._server is None:
            return
        if self._listener in self.world.listeners:
            self.world.listeners.remove(self._listener)
        asyncio.run_coroutine_threadsafe(self._server.stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._thread = self._loop = self._server = None

    def __enter__(self) -> BotApiEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if exc_type is None and self.internal_errors:
            raise AssertionError("emulator errors:\n" + "\n".join(self.internal_errors))

    async def __aenter__(self) -> BotApiEmulator:
        return self.start()  # quick: the server runs in its own thread either way

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB takes as ``base_url`` (it appends the token)."""
        return f"{self.url}/bot"

    @property
    def token(self) -> str:
        return self.world.token

    @property
    def bot_user(self) -> JSON:
        return dict(self.world.bot)

    @property
    def bot_username(self) -> str:
        return str(self.world.bot["username"])

    def reset(self) -> None:
        """Forget chats, users, calls, updates, commands, webhook and faults."""
        self.world.reset()

    # -- faults --------------------------------------------------------------------------------

    def set_rate_limit(
        self,
        per_second: int | None,
        *,
        per_chat: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Limit send-like calls (send*, copy, forward; not sendChatAction) per second, overall
        and per chat; beyond it answer 429 with retry_after (default: until the window frees)."""
        with self.world.lock:
            self.world.faults.set_rate(per_second, per_chat, retry_after)

    def set_latency(self, seconds: float, *, method: str | None = None) -> None:
        """Delay every answer (or only those of ``method``) by ``seconds``."""
        with self.world.lock:
            self.world.faults.latency[method.lower() if method else None] = seconds

    def fail_next(
        self,
        method: str | None = None,
        *,
        count: int = 1,
        status: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """The next ``count`` calls of ``method`` (None: any but getUpdates) answer ``status``.
        Queued: several fail_next calls script a burst in order."""
        with self.world.lock:
            self.world.faults.force(method, count, status, description, retry_after)

    def fail_for(
        self, seconds: float, *, status: int = 500, description: str | None = None
    ) -> None:
        """For ``seconds`` from now every call but getUpdates answers ``status``: an outage
        of Telegram's sending side, while updates still come in."""
        with self.world.lock:
            self.world.faults.start_outage(seconds, status, description)

    def clear_faults(self) -> None:
        with self.world.lock:
            blocked = set(self.world.faults.blocked)
            self.world.faults.clear()
            self.world.faults.blocked = blocked  # blocking is the user's doing, not a fault

    # -- reading -------------------------------------------------------------------------------

    def messages(self, chat_id: int, *, include_users: bool = False) -> list[JSON]:
        """The chat's messages as they are now: edits applied, deleted ones gone."""
        with self.world.lock:
            chat = self.world.chats.get(chat_id)
            found = list(chat.messages.values()) if chat else []
            if not include_users:
                found = [m for m in found if m["from"]["id"] == self.world.bot["id"]]
            return copy.deepcopy(found)

    def last_message(self, chat_id: int) -> JSON | None:
        found = self.messages(chat_id)
        return found[-1] if found else None

    def keyboard(self, chat_id: int) -> JSON | None:
        """The reply keyboard (ReplyKeyboardMarkup) the user currently sees, if any."""
        with self.world.lock:
            chat = self.world.chats.get(chat_id)
            return copy.deepcopy(chat.keyboard) if chat else None

    def sent(self, chat_id: int, *, since: Since = None) -> list[ApiCall]:
        """Every call of the bot about this chat, in order, failed ones included."""
        return self.calls(chat_id=chat_id, since=since)

    def calls(
        self, method: str | None = None, *, chat_id: int | None = None, since: Since = None
    ) -> list[ApiCall]:
        with self.world.lock:
            after = self._since(since)
            found = [
                c
                for c in self.world.calls
                if c.seq > after
                and (method is None or c.method.lower() == method.lower())
                and (chat_id is None or c.chat_id == chat_id)
            ]
            return copy.deepcopy(found)

    @property
    def callback_answers(self) -> list[JSON]:
        with self.world.lock:
            return copy.deepcopy(self.world.callback_answers)

    def commands(
        self, language_code: str | None = None, *, scope: JSON | None = None
    ) -> list[JSON]:
        """The command list a user with this language sees in this scope (falls back to the
        list set without language_code, as Telegram clients do)."""
        scope = scope or {"type": "default"}
        key = (scope["type"], scope.get("chat_id"), scope.get("user_id"))
        with self.world.lock:
            found = self.world.commands.get((*key, language_code or ""))
            if found is None:
                found = self.world.commands.get((*key, ""), [])
            return copy.deepcopy(found)

    def bot_profile(self, language_code: str | None = None) -> JSON:
        """Name, description and short description as a user with this language sees them."""
        with self.world.lock:
            found = {}
            for key in ("name", "description", "short_description"):
                found |= get_profile(self.world, {"language_code": language_code}, key)
            return found

    def file(self, file_id: str) -> StoredFile:
        with self.world.lock:
            return self.world.files[file_id]

    def webhook_info(self) -> JSON:
        with self.world.lock:
            return get_webhook_info(self.world, {}, None)

    def webhook_deliveries(self) -> list[Delivery]:
        with self.world.lock:
            return copy.deepcopy(self.world.deliveries)

    def pending_updates(self) -> list[JSON]:
        with self.world.lock:
            return copy.deepcopy(self.world.pending)

    @property
    def internal_errors(self) -> list[str]:
        """Emulator bugs met while serving (the context manager fails the test on them)."""
        with self.world.lock:
            return list(self.world.internal_errors)

    def mark(self) -> int:
        """A point in the call log, for ``since=``."""
        with self.world.lock:
            return self.world.last_seq

    # -- waiting -------------------------------------------------------------------------------

    def wait_for(
        self,
        condition: Callable[[BotApiEmulator], T] | int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | None = None,
        method: str | None = None,
        since: Since = None,
    ) -> T | list[ApiCall]:
        """Block until ``condition(api)`` is truthy (returns it), or, given a count, until the
        bot made that many successful message calls (send/edit/delete; ``method`` narrows it)
        to ``chat_id`` after ``since`` (returns those calls). Raises TimeoutError."""
        if self._thread is not None and threading.current_thread() is self._thread:
            raise RuntimeError("wait_for would block the emulator's own event loop")
        check = self._condition(condition, chat_id, method, since)
        deadline = time.monotonic() + timeout
        with self.world.changed:
            while True:
                value = check()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._report(timeout))
                # Short slices also catch conditions that change with time alone.
                self.world.changed.wait(min(remaining, 0.05))

    async def wait_for_async(
        self,
        condition: Callable[[BotApiEmulator], T] | int = 1,
        timeout: float = 5.0,
        *,
        chat_id: int | None = None,
        method: str | None = None,
        since: Since = None,
    ) -> T | list[ApiCall]:
        """wait_for for async tests whose bot runs on the test's own event loop."""
        check = self._condition(condition, chat_id, method, since)
        deadline = time.monotonic() + timeout
        while True:
            with self.world.lock:
                value = check()
            if value:
                return value
            if time.monotonic() >= deadline:
                raise TimeoutError(self._report(timeout))
            await asyncio.sleep(0.01)

    def wait_for_reply(self, update: JSON, timeout: float = 5.0) -> JSON:
        """The first message the bot sent or edited in the update's chat after the update."""
        chat_id = chat_key(update)

        def reply(api: BotApiEmulator) -> JSON | None:
            for call in api.calls(chat_id=chat_id, since=update):
                if call.ok and isinstance(call.result, dict) and "message_id" in call.result:
                    return dict(call.result)
            return None

        return self.wait_for(reply, timeout)

    def _condition(
        self,
        condition: Callable[[BotApiEmulator], T] | int,
        chat_id: int | None,
        method: str | None,
        since: Since,
    ) -> Callable[[], Any]:
        if not isinstance(condition, int):
            return lambda: condition(self)
        count = condition

        def enough() -> list[ApiCall] | None:
            found = [
                c
                for c in self.calls(method, chat_id=chat_id, since=since)
                if c.ok
                and (method is not None or (c.chat_id is not None and _changes_messages(c.method)))
            ]
            return found if len(found) >= count else None

        return enough

    def _report(self, timeout: float) -> str:
        recent = [c for c in self.calls() if c.method != "getUpdates"][-8:]
        lines = [
            f"  {c.method} chat={c.chat_id} -> {c.status} {c.description or ''}" for c in recent
        ]
        return f"nothing matched within {timeout}s; last bot calls:\n" + "\n".join(
            lines or ["  (none)"]
        )

    def _since(self, since: Since) -> int:
        if since is None:
            return 0
        if isinstance(since, int):
            return since
        if isinstance(since, ApiCall):
            return since.seq
        return self.world.update_marks.get(since["update_id"], 0)  # 0: forgotten by reset()


def _changes_messages(method: str) -> bool:
    return method.startswith(_MESSAGE_KINDS) and method != "sendChatAction"
