"""The ASGI app of a bot process and its uvicorn server. `talentbot run` serves it beside
Telegram (polling or webhook), `talentbot web` on its own (a dashboard without Telegram)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import uvicorn
from jinja2 import Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.app import App
from bot.config import Settings
from bot.content.texts import Texts
from bot.db import Database
from bot.services.web_sign_in import SIGN_IN_PATH
from bot.timeutil import now_utc
from bot.web import signin
from bot.web.pages import NAV
from bot.web.pages import ROUTES as PAGE_ROUTES
from bot.web.render import STATIC, Translator, environment
from bot.web.security import SecurityHeaders
from bot.web.system import system_routes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Office:
    """What every back-office page needs, made once per process (app.state.office)."""

    app: App
    env: Environment
    clock: Callable[[], datetime] = now_utc  # tests set the moment

    @property
    def db(self) -> Database:
        return self.app.db

    @property
    def texts(self) -> Texts:
        return self.app.engine.content.texts

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def language(self) -> str:
        return self.app.settings.default_language

    def nav_for(self, role: str) -> list[tuple[str, str]]:
        """The menu entries (path, text key) this role may open."""
        return [(path, key) for path, key, roles in NAV if role in roles]

    @property
    def base_url(self) -> str:
        return self.app.settings.web_address


class Companion(Protocol):
    """A channel served beside the web app (WhatsApp): its routes, and its own work while
    the app serves (started once the server listens, stopped after it stopped)."""

    routes: list[BaseRoute]

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def web_app(
    app: App,
    *,
    channel_routes: Sequence[BaseRoute] = (),
    checks: Mapping[str, Callable[[], bool]] | None = None,
    clock: Callable[[], datetime] = now_utc,
) -> Starlette:
    routes: list[BaseRoute] = [
        *channel_routes,
        *system_routes(app.db, app.metrics, checks or {}),
        Route(SIGN_IN_PATH, signin.sign_in_page, methods=["GET"]),
        Route(SIGN_IN_PATH, signin.sign_in, methods=["POST"]),
        Route("/beheer/uitloggen", signin.sign_out, methods=["POST"]),
        Mount("/beheer/static", StaticFiles(directory=STATIC), name="static"),
        *PAGE_ROUTES,
    ]
    web = Starlette(routes=routes, exception_handlers={404: _not_found})
    web.state.office = Office(app, environment(), clock)
    web.add_middleware(SecurityHeaders, chat_origins=app.settings.chat_origins)
    return web


async def _not_found(request: Request, _: Exception) -> Response:
    """An unknown address: the back-office's own page (language, title, a way back)."""
    office = request.app.state.office
    t = Translator(office.texts, office.language)
    message = t("office.problem.not_found")
    body = office.env.get_template("problem.html").render(t=t, message=message)
    return HTMLResponse(body, status_code=404)


class Server(uvicorn.Server):
    """uvicorn without its own signal handling: it would raise the signal again when it stops
    serving, ending the process before the update in hand is finished; the caller sets
    `should_exit` on SIGTERM/SIGINT instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    @property
    def address(self) -> str:
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"


def server(asgi: Starlette, listen: str, port: int) -> Server:
    config = uvicorn.Config(
        asgi,
        host=listen,
        port=port,
        lifespan="off",
        log_config=None,  # its lines go through our logging (bot/logs.py), no content in them
        log_level="warning",
        access_log=False,  # a request line is no event worth a log line; URLs hold no content
    )
    return Server(config)


async def start(web: Server) -> asyncio.Task[None]:
    """Serving in a task once it listens; SystemExit(1) when it cannot (uvicorn said why)."""
    serving = asyncio.create_task(web.serve())
    while not web.started and not serving.done():
        await asyncio.sleep(0.05)
    if serving.done():  # the port was taken, say
        await serving
        raise SystemExit(1)
    log.info("web server at %s (back-office: /beheer)", web.address)
    return serving


def serve_web(
    app: App,
    listen: str,
    port: int,
    companions: Sequence[Companion] = (),
    channel_routes: Sequence[BaseRoute] = (),
) -> None:
    """`talentbot web`: the web app (the web chat, and companions such as WhatsApp), until
    SIGTERM/SIGINT."""
    import signal

    async def run() -> None:
        routes = [*channel_routes, *(route for c in companions for route in c.routes)]
        web = server(web_app(app, channel_routes=routes), listen, port)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: setattr(web, "should_exit", True))
        serving = await start(web)
        for companion in companions:
            await companion.start()
        await serving
        for companion in companions:
            await companion.stop()

    asyncio.run(run())
