"""The HTTP side: aiohttp routes /bot<token>/<method>, request parsing, long polling."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import traceback
from typing import Any

from aiohttp import BodyPartReader, web

from .errors import NOT_FOUND, UNAUTHORIZED, ApiError
from .methods import Described, call_method
from .spec import MethodSpec, Spec, UploadedFile
from .state import ApiCall, World
from .webhook import WebhookPusher

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
MAX_POLL_TIMEOUT = 50  # seconds; Telegram caps long polls the same way
TERMINATED = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


class EmulatorServer:
    """Runs on the emulator's own event loop; shares the World with the test thread."""

    def __init__(self, world: World, spec: Spec, pusher_options: dict[str, float]) -> None:
        self.world = world
        self.spec = spec
        self.port = 0
        self._changed = asyncio.Event()
        self._poll_epoch = 0
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._pusher = WebhookPusher(world, self, **pusher_options)
        self._pusher_task: asyncio.Task[None] | None = None

    # -- life cycle ----------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)  # bots may upload 50 MB
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("*", "/{tail:.*}", _not_found)  # Telegram answers JSON even here
        # handler_cancellation: a long poll ends when the bot hangs up, as it does on Telegram.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._pusher_task = asyncio.create_task(self._pusher.run())

    async def stop(self) -> None:
        self._stopping = True
        self.signal()
        if self._pusher_task:
            self._pusher_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher_task
        if self._runner:
            await self._runner.cleanup()

    # -- change notification -------------------------------------------------------------------

    def signal(self) -> None:
        """Wake every coroutine waiting for a change (runs on the loop thread)."""
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    @property
    def changed(self) -> asyncio.Event:
        """Take this before looking at the world, then wait on it: no change is missed."""
        return self._changed

    @property
    def stopping(self) -> bool:
        return self._stopping

    # -- requests ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        token, name = request.match_info["token"], request.match_info["method"]
        if not _TOKEN.fullmatch(token):
            return _answer(NOT_FOUND.status, NOT_FOUND.body())
        if token != self.world.token:
            return _answer(UNAUTHORIZED.status, UNAUTHORIZED.body())
        method = self.spec.method(name)
        try:
            raw, files = await _read_params(request)
        except ApiError as error:
            raw, files, early = {}, {}, error
        else:
            early = None if method else NOT_FOUND
        with self.world.lock:
            call = self.world.begin_call(method.name if method else name, {**raw, **files})
        status, body = None, None
        try:
            if early or method is None:
                error = early or NOT_FOUND
                status, body = error.status, error.body()
            else:
                status, body = await self._execute(method, call, raw, files)
        finally:  # also when the bot hung up on a long poll (status stays None)
            with self.world.lock:
                self.world.finish_call(call, status, body)
        assert status is not None and body is not None
        with self.world.lock:
            latency = self.world.faults.latency_for(call.method)
        if latency > 0:
            await asyncio.sleep(latency)
        return _answer(status, body)

    async def _download(self, request: web.Request) -> web.Response:
        """A file by the path getFile gave (Telegram answers a plain 404 otherwise)."""
        with self.world.lock:
            known = request.match_info["token"] == self.world.token
            stored = self.world.file_paths.get(request.match_info["path"]) if known else None
        if stored is None:
            return web.Response(status=404, text="Not Found")
        kind = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=kind)

    async def _execute(
        self, method: MethodSpec, call: ApiCall, raw: dict[str, Any], files: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        try:
            with self.world.lock:
                forced = self.world.faults.take_forced(method.name)
            if forced:
                raise forced
            params = self.spec.parse_params(method, raw, files)
            call.params = params
            if method.name == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                with self.world.lock:
                    result = call_method(self.world, method, params)
        except ApiError as error:
            return error.status, error.body()
        except Exception:
            return self._internal_error(f"{method.name} crashed:\n{traceback.format_exc()}")
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, Described):
            result, body["description"] = result.value, result.description
        body["result"] = result
        # Updates were checked when built; forged ones (send_raw_update) are meant to be odd.
        if self.world.strict and method.name != "getUpdates":
            problems = self.spec.check_result(method, result)
            if problems:
                return self._internal_error(f"{method.name} returned an invalid {problems}")
        return 200, body

    def _internal_error(self, message: str) -> tuple[int, dict[str, Any]]:
        """An emulator bug: answer 500 and keep it for the test to fail on."""
        with self.world.lock:
            self.world.internal_errors.append(message)
        return 500, ApiError(500, f"Internal Server Error: {message[:300]}").body()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        with self.world.lock:
            if self.world.webhook.url:
                raise ApiError(409, WEBHOOK_ACTIVE)
            self.world.set_allowed_updates(params.get("allowed_updates"))
            self.world.confirm(params.get("offset"))
        self._poll_epoch += 1
        epoch = self._poll_epoch
        self.signal()  # an older long poll still waiting is terminated, as on Telegram
        limit = min(max(params.get("limit", 100), 1), 100)
        deadline = loop.time() + min(max(params.get("timeout", 0), 0), MAX_POLL_TIMEOUT)
        while True:
            changed = self.changed
            if epoch != self._poll_epoch:
                raise ApiError(409, TERMINATED)
            with self.world.lock:
                if self.world.webhook.url:
                    raise ApiError(409, WEBHOOK_ACTIVE)
                updates = [dict(u) for u in self.world.pending[:limit]]
            remaining = deadline - loop.time()
            if updates or remaining <= 0 or self._stopping:
                return updates
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)


async def _read_params(
    request: web.Request,
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if not request.body_exists:
        return raw, files
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: JSON request body must be an object")
        raw.update(body)
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue  # nested multiparts are not part of the Bot API
            if part.filename is not None:
                content_type = part.headers.get("Content-Type", "application/octet-stream")
                data = bytes(await part.read())
                files[part.name] = UploadedFile(part.name, part.filename, content_type, data)
            else:
                raw[part.name] = await part.text()
    else:
        form = await request.post()
        raw.update({k: v for k, v in form.items() if isinstance(v, str)})
    return raw, files


async def _not_found(request: web.Request) -> web.Response:
    return _answer(NOT_FOUND.status, NOT_FOUND.body())


def _answer(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)
