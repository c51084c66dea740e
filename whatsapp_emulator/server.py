"""The HTTP side of the emulated Graph API (aiohttp, on its own thread and event loop):
`POST /{version}/{phone_number_id}/messages` and `.../media`, with the access token checked."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
from typing import Any

from aiohttp import web

from .errors import GraphError
from .media import check_upload
from .state import Call, World

VERSION = re.compile(r"v\d+\.\d+")


class GraphServer:
    def __init__(self, world: World) -> None:
        self.world = world
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self, host: str = "127.0.0.1") -> None:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            loop.run_until_complete(self._start(host))
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._runner.cleanup() if self._runner else asyncio.sleep(0))
            loop.close()

        self._thread = threading.Thread(target=run, name="whatsapp-emulator", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the WhatsApp emulator did not start")

    async def _start(self, host: str) -> None:
        app = web.Application(client_max_size=110 * 1024 * 1024)
        app.router.add_post("/{version}/{phone}/messages", self._messages)
        app.router.add_post("/{version}/{phone}/media", self._media)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _check(self, request: web.Request) -> None:
        if not VERSION.fullmatch(request.match_info["version"]):
            raise GraphError(100, "Unknown path components", status=400)
        if request.headers.get("Authorization", "") != f"Bearer {self.world.token}":
            raise GraphError(190)
        if request.match_info["phone"] != self.world.phone_number_id:
            raise GraphError(100, "Unsupported post request: the phone number id is unknown")

    async def _messages(self, request: web.Request) -> web.Response:
        raw = await request.text()
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw
        return self._answer(request, "messages", body, lambda: self.world.send(body))

    async def _media(self, request: web.Request) -> web.Response:
        fields: dict[str, Any] = {}
        try:
            form = await request.post()
            fields = {k: v for k, v in form.items()}
        except ValueError:
            pass
        recorded = {
            k: (v if isinstance(v, str) else f"<file {v.filename}>") for k, v in fields.items()
        }
        return self._answer(request, "media", recorded, lambda: {"id": self._upload(fields)})

    def _upload(self, fields: dict[str, Any]) -> str:
        if self.world.uploads_fail:
            raise GraphError(131016)
        if fields.get("messaging_product") != "whatsapp":
            raise GraphError(100, "messaging_product must be 'whatsapp'")
        file = fields.get("file")
        if file is None or isinstance(file, str):
            raise GraphError(131008, "file is required")
        if not isinstance(fields.get("type"), str) or not fields["type"]:
            raise GraphError(131008, "type is required")
        mime = fields["type"]
        content = file.file.read()
        check_upload(mime, content)
        return self.world.upload(mime, str(file.filename), content)

    def _answer(self, request: web.Request, method: str, body: Any, act: Any) -> web.Response:
        call = Call(method, request.path, body)
        with self.world.lock:
            self.world.calls.append(call)
            try:
                self._check(request)
                call.status, call.answer = 200, act()
            except GraphError as error:
                call.status, call.answer = error.status, error.body()
            self.world.changed.notify_all()
        return web.json_response(call.answer, status=call.status)
