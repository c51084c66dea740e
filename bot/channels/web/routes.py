"""The web chat's routes on the process's web app:

GET  /chat               the chat page (`?embed=1&library=ID&lang=en` inside the widget's frame)
GET  /chat/widget.js     the script a library puts on its own site
GET  /chat/api/history   the visitor's last lines, after a reload
POST /chat/api/messages  one message or button press → that turn's replies as JSON
GET  /chat/files/{token} an attachment of a reply, for its own visitor only, for a while

The visitor has no push channel, so a request per turn is all the transport there is: what
the bot says by itself (reminders) needs another channel (flows/moving.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.app import App
from bot.channels.web import history, visitor
from bot.channels.web.limits import ChatLimits
from bot.channels.web.turn import Turn, continue_links, take_turn
from bot.timeutil import now_utc
from bot.web.render import Translator

HERE = Path(__file__).parent
MAX_BODY = 16_384
NO_STORE = {"cache-control": "no-store"}


@dataclass
class WebChat:
    app: App
    key: bytes
    telegram_username: Callable[[], str | None]
    limits: ChatLimits = field(default_factory=ChatLimits)
    clock: Callable[[], datetime] = now_utc
    env: Environment = field(
        default_factory=lambda: Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
        )
    )

    def translator(self, request: Request, family_language: str | None = None) -> Translator:
        asked = request.query_params.get("lang")
        texts = self.app.engine.texts
        language = next(
            (x for x in (asked, family_language) if x in texts.languages),
            self.app.settings.default_language,
        )
        return Translator(texts, language)

    def visitor_id(self, request: Request) -> str | None:
        return visitor.visitor_in(self.key, request)

    async def page(self, request: Request) -> Response:
        visitor_id = self.visitor_id(request)
        language = await run_in_threadpool(self._language_of, visitor_id)
        t = self.translator(request, language)
        embedded = request.query_params.get("embed") == "1"
        library = request.query_params.get("library", "")[:40]
        body = self.env.get_template("chat.html").render(
            t=t, embedded=embedded, library=library, language=t.language
        )
        response = HTMLResponse(body, headers=NO_STORE)
        if visitor_id is None:
            _, token = visitor.new_token(self.key)
            visitor.set_cookie(response, request, token, embedded)
        return response

    def _language_of(self, visitor_id: str | None) -> str | None:
        if visitor_id is None:
            return None
        with self.app.db.transaction() as session:
            family = history.family_of(session, visitor.CHANNEL, visitor_id)
            return family.language if family is not None else None

    async def widget(self, request: Request) -> Response:
        return Response(
            WIDGET.replace("/*TEXTS*/null", json.dumps(self._widget_texts())),
            media_type="text/javascript; charset=utf-8",
            headers={"cache-control": "public, max-age=300"},
        )

    def _widget_texts(self) -> dict[str, dict[str, str]]:
        texts = self.app.engine.texts
        keys = ("open", "close", "title")
        return {
            lang: {k: texts.get(f"webchat.widget.{k}", lang) for k in keys}
            for lang in texts.languages
        }

    async def history(self, request: Request) -> Response:
        visitor_id = self.visitor_id(request)

        def read() -> list[dict[str, Any]]:
            if visitor_id is None:
                return []
            with self.app.db.transaction() as session:
                family = history.family_of(session, visitor.CHANNEL, visitor_id)
                return history.lines(session, family, self.clock())

        lines = await run_in_threadpool(read)
        cookie = visitor.cookie_visitor(self.key, request) is not None
        return JSONResponse({"lines": lines, "cookie": cookie}, headers=NO_STORE)

    async def message(self, request: Request) -> Response:
        refused = _refused(request)
        if refused is not None:
            return refused
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return JSONResponse({"error": "size"}, status_code=413)
        try:
            body = json.loads(raw)
        except ValueError:
            return JSONResponse({"error": "json"}, status_code=400)
        turn = Turn.from_body(body)
        if turn is None:
            return JSONResponse({"error": "message"}, status_code=400)
        visitor_id, token = self.visitor_id(request), None
        if visitor_id is None:  # no token, or a forged one: a new visitor
            visitor_id, token = visitor.new_token(self.key)
        address = request.client.host if request.client else "-"
        if not await self.limits.allow(visitor_id, address):
            t = self.translator(request)
            text = t("webchat.too_fast")
            return JSONResponse(
                {"replies": [{"author": "bot", "text": text, "buttons": []}]},
                status_code=429,
                headers={"retry-after": "10", **NO_STORE},
            )
        settings = self.app.settings
        links = continue_links(
            settings.telegram_username or self.telegram_username(),
            settings.whatsapp_display_number if settings.whatsapp else None,
        )
        replies, forgotten = await run_in_threadpool(
            take_turn, self.app, visitor_id, turn, links, self.clock()
        )
        # A new visitor's token goes to the page's script as well, which keeps it only where
        # the cookie does not come back (a frame in Safari) and sends it back in a header.
        said = {
            "replies": replies,
            "cookie": visitor.cookie_visitor(self.key, request) is not None,
            **({"visitor": token} if token is not None else {}),
            **({"forgotten": True} if forgotten else {}),
        }
        response = JSONResponse(said, headers=NO_STORE)
        if token is not None:
            visitor.set_cookie(response, request, token, turn.embedded)
        return response

    async def download(self, request: Request) -> Response:
        visitor_id = self.visitor_id(request)
        wanted = request.path_params["token"]

        def read() -> tuple[str, str, bytes] | None:
            if visitor_id is None:
                return None
            with self.app.db.transaction() as session:
                family = history.family_of(session, visitor.CHANNEL, visitor_id)
                found = history.file_for(session, family, wanted, self.clock())
                return None if found is None else (found.filename, found.mime_type, found.content)

        found = await run_in_threadpool(read)
        if found is None:
            return Response(status_code=404, headers=NO_STORE)
        filename, mime_type, content = found
        safe = "".join(c for c in filename if c.isalnum() or c in "-_.") or "bestand"
        headers = {"content-disposition": f'attachment; filename="{safe}"', **NO_STORE}
        return Response(content, media_type=mime_type, headers=headers)


def _refused(request: Request) -> Response | None:
    """Only the chat page's own script posts here: JSON from this site (a form on another
    site can send neither, and a script there gets no CORS answer)."""
    origin = request.headers.get("origin")
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin is not None and origin != own:
        return JSONResponse({"error": "origin"}, status_code=403)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "content-type"}, status_code=415)
    return None


WIDGET = (HERE / "static" / "widget.js").read_text(encoding="utf-8")


def chat_routes(
    app: App,
    *,
    telegram_username: Callable[[], str | None] = lambda: None,
    limits: ChatLimits | None = None,
    clock: Callable[[], datetime] = now_utc,
) -> list[BaseRoute]:
    """The web chat's routes; `telegram_username` says the bot's name once Telegram knows it."""
    with app.db.transaction() as session:
        key = visitor.visitor_key(session)
    chat = WebChat(app, key, telegram_username, limits or ChatLimits(), clock)
    return [
        Route("/chat", chat.page, methods=["GET"]),
        Route("/chat/widget.js", chat.widget, methods=["GET"]),
        Route("/chat/api/history", chat.history, methods=["GET"]),
        Route("/chat/api/messages", chat.message, methods=["POST"]),
        Route("/chat/files/{token}", chat.download, methods=["GET"]),
        Mount("/chat/static", StaticFiles(directory=HERE / "static"), name="chat_static"),
    ]
