"""Webhook mode: push pending updates to the bot's URL, in order per chat, with bounded retries."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from typing import TYPE_CHECKING, Any

import aiohttp

from .state import Delivery, World

if TYPE_CHECKING:
    from .server import EmulatorServer

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def chat_key(update: dict[str, Any]) -> Any:
    """Updates of one chat are delivered one after the other, like Telegram does."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        for holder in (body, body.get("message") or {}):
            chat = holder.get("chat")
            if isinstance(chat, dict) and "id" in chat:
                return chat["id"]
        sender = body.get("from")
        if isinstance(sender, dict) and "id" in sender:
            return sender["id"]
    return ("update", update.get("update_id"))


class WebhookPusher:
    def __init__(
        self,
        world: World,
        server: EmulatorServer,
        *,
        max_attempts: float = 5,
        backoff: float = 0.05,
        timeout: float = 5.0,
    ) -> None:
        self.world = world
        self.server = server
        self.max_attempts = int(max_attempts)
        self.backoff = backoff
        self.timeout = timeout
        self._in_flight: dict[Any, asyncio.Task[None]] = {}
        self._session: aiohttp.ClientSession | None = None

    async def run(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        try:
            while not self.server.stopping:
                changed = self.server.changed
                self._schedule()
                await changed.wait()
        finally:
            for task in list(self._in_flight.values()):
                task.cancel()
            for task in list(self._in_flight.values()):
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self._session.close()

    def _schedule(self) -> None:
        """Start one delivery per chat whose oldest pending update is not on its way yet."""
        with self.world.lock:
            hook = self.world.webhook
            if not hook.url:
                return
            seen: set[Any] = set()
            for update in self.world.pending:
                key = chat_key(update)
                if key in seen:
                    continue
                seen.add(key)
                if key in self._in_flight:
                    continue
                if len(self._in_flight) >= hook.max_connections:
                    break
                task = asyncio.create_task(
                    self._deliver(copy.deepcopy(update), hook.url, hook.secret_token)
                )
                self._in_flight[key] = task
                task.add_done_callback(lambda _, key=key: self._done(key))

    def _done(self, key: Any) -> None:
        self._in_flight.pop(key, None)
        self.server.signal()  # the chat's next update may go now

    async def _deliver(self, update: dict[str, Any], url: str, secret: str | None) -> None:
        update_id = update["update_id"]
        for attempt in range(1, self.max_attempts + 1):
            with self.world.lock:
                if self.world.webhook.url != url:
                    return  # webhook changed: the update stays pending for the new setting
            status, error = await self._post(update, url, secret)
            with self.world.lock:
                self.world.record_delivery(Delivery(update_id, url, attempt, status, error, secret))
                if error is None:
                    self.world.remove_pending(update_id)
                    return
            if attempt < self.max_attempts:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        with self.world.lock:  # Telegram gives up after its retries too (it tries far longer)
            self.world.remove_pending(update_id, dropped=True)

    async def _post(
        self, update: dict[str, Any], url: str, secret: str | None
    ) -> tuple[int | None, str | None]:
        assert self._session is not None
        headers = {"Content-Type": "application/json"}
        if secret:
            headers[SECRET_HEADER] = secret
        try:
            async with self._session.post(url, data=json.dumps(update), headers=headers) as resp:
                await resp.read()
                if 200 <= resp.status < 300:
                    return resp.status, None
                return resp.status, f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except TimeoutError:
            return None, "Read timeout expired"
        except aiohttp.ClientConnectorError:
            return None, "Connection refused"
        except aiohttp.ClientError as error:
            return None, f"Connection error: {error}"
