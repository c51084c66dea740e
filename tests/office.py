"""The back-office in tests: the real Starlette app on a real database, through Starlette's
test client, at a fixed moment; signing in the way a librarian does (link, page, button)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from starlette.testclient import TestClient

from bot.app import App
from bot.engine.core import Engine
from bot.services import staff, web_sign_in
from bot.timeutil import from_local
from bot.web.server import web_app
from tests.conftest import settings_for

NOW = from_local(datetime(2026, 11, 24, 10, 0))
BASE = "http://beheer.test"
FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Clock:
    now: datetime = NOW
    moments: list[datetime] = field(default_factory=list)

    def __call__(self) -> datetime:
        return self.now


def office_client(engine: Engine, clock: Clock | None = None) -> tuple[TestClient, Clock]:
    clock = clock or Clock()
    settings = settings_for(str(engine.db.engine.url.render_as_string(hide_password=False)))
    app = App(settings, engine.db, engine)
    client = TestClient(web_app(app, clock=clock), base_url=BASE, follow_redirects=False)
    return client, clock


def add_member(engine: Engine, telegram_id: str, role: str, partner: str | None = None) -> None:
    with engine.db.transaction() as session:
        staff.add_staff(session, telegram_id, role, "teststad", partner)


def link_for(engine: Engine, telegram_id: str, now: datetime = NOW) -> str:
    with engine.db.transaction() as session:
        member = staff.staff_member(session, telegram_id)
        assert member is not None
        return web_sign_in.create_link(session, member, BASE, now)


def token_of(link: str) -> str:
    return link.split("token=", 1)[1]


def sign_in(client: TestClient, engine: Engine, telegram_id: str) -> None:
    """Open the link, press the button: the client then holds the session cookie."""
    link = link_for(engine, telegram_id, client.app.state.office.clock())
    page = client.get(link)
    assert page.status_code == 200, page.text
    pressed = client.post("/beheer/inloggen", data={"token": token_of(link)})
    assert pressed.status_code == 303 and pressed.headers["location"] == "/beheer"


def form_token(html: str) -> str:
    found = FORM_TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


ONE_TIME_KEY = re.compile(r'name="eenmalig" value="([^"]+)"')


def form_keys(html: str) -> dict[str, str]:
    """The hidden fields a browser sends with a page's form: the form token, and the form's
    one-time key where it has one."""
    keys = {"csrf_token": form_token(html)}
    if found := ONE_TIME_KEY.search(html):
        keys["eenmalig"] = found.group(1)
    return keys
