"""One family, four channels: a small driver per channel with the same four things a person
does or sees (`send(text)`, `press(label)`, the last `texts`, the `labels` of the buttons on
offer), so one conversation table runs over the terminal, Telegram, the web chat and WhatsApp.

- terminal: straight through the engine, as tests/dialog.py's ChatUser;
- Telegram: the real python-telegram-bot application against the Bot API emulator (a pressed
  button's message is edited into the first reply, as the family sees it);
- web: the /chat HTTP API of the real web app, through Starlette's test client;
- WhatsApp: the real web app with /whatsapp on uvicorn, the WhatsApp emulator signing the
  webhook calls (menus become reply buttons or list rows, titles cut to WhatsApp's limits).

Every channel's engine runs on the same fixed clock (tests/conftest.py NOW), so the agenda
is the same whichever day the suite runs.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from starlette.testclient import TestClient

from bot.app import App
from bot.channels.telegram.application import build_application
from bot.channels.web.routes import chat_routes
from bot.db.models import InboxUpdate
from bot.engine.core import Engine
from bot.engine.types import Incoming, Outcome
from bot.web.server import web_app
from botapi_emulator import BotApiEmulator
from botapi_emulator.ptb import running_application
from tests.conftest import NOW, settings_for
from tests.dialog import ChatUser
from tests.office import Clock
from tests.whatsapp import RunningBot, say, tap, whatsapp_bot
from whatsapp_emulator import Sent, WhatsAppEmulator

CHANNELS = ("terminal", "telegram", "web", "whatsapp")
_numbers = itertools.count(1)


class ClockedEngine(Engine):
    """The engine with the tests' fixed clock where a channel gives it no moment."""

    def handle(self, incoming: Incoming, now: datetime | None = None) -> Outcome:
        return super().handle(incoming, now=now or NOW)


def clocked(engine: Engine) -> ClockedEngine:
    return ClockedEngine(engine.db, engine.content, engine.understander)


class Driver(Protocol):
    channel: str

    def send(self, text: str) -> None: ...

    def press(self, label: str) -> None: ...

    @property
    def texts(self) -> list[str]:
        """The texts of the messages that came in answer to the last send or press."""
        ...

    @property
    def labels(self) -> list[str]:
        """The labels of the buttons those messages offer."""
        ...


def _one(labels: list[str], fragment: str) -> str:
    found = [label for label in labels if fragment in label]
    assert len(found) == 1, f"{fragment!r} fits {len(found)} of {labels}"
    return found[0]


class TerminalDriver:
    channel = "terminal"

    def __init__(self, engine: Engine) -> None:
        self.user = ChatUser(engine, user_id=str(2000 + next(_numbers)))

    def send(self, text: str) -> None:
        self.user.send(text)

    def press(self, label: str) -> None:
        wanted = _one(self.labels, label)
        self.user.press_token(next(b.token for b in self.user.buttons if b.label == wanted))

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.user.replies]

    @property
    def labels(self) -> list[str]:
        return [button.label for button in self.user.buttons]


class TelegramDriver:
    channel = "telegram"

    def __init__(self, api: BotApiEmulator, app: App) -> None:
        self.api, self.app = api, app
        self.user_id = 3000 + next(_numbers)
        api.add_user(self.user_id, "Ouder")
        self.messages: list[dict[str, Any]] = []

    def send(self, text: str) -> None:
        self._answer(self.api.send_text(self.user_id, text))

    def press(self, label: str) -> None:
        wanted = _one(self.labels, label)
        message = next(m for m in self.messages if wanted in _telegram_labels(m))
        self._answer(self.api.press_button(self.user_id, message, wanted))

    def _answer(self, update: dict[str, Any]) -> None:
        _wait_answered(self.app, int(update["update_id"]))
        calls = self.api.calls(chat_id=self.user_id, since=update)
        results = [c.result for c in calls if c.ok and isinstance(c.result, dict)]
        self.messages = [r for r in results if "message_id" in r]

    @property
    def texts(self) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages]

    @property
    def labels(self) -> list[str]:
        return [label for m in self.messages for label in _telegram_labels(m)]


def _telegram_labels(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


class WebDriver:
    channel = "web"

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.replies: list[dict[str, Any]] = []

    def send(self, text: str) -> None:
        self._post({"text": text})

    def press(self, label: str) -> None:
        wanted = _one(self.labels, label)
        buttons = [b for r in self.replies for row in r["buttons"] for b in row]
        self._post({"button": next(b["token"] for b in buttons if b["label"] == wanted)})

    def _post(self, body: dict[str, Any]) -> None:
        response = self.client.post("/chat/api/messages", json=body)
        assert response.status_code == 200, response.text
        self.replies = response.json()["replies"]

    @property
    def texts(self) -> list[str]:
        return [r["text"] for r in self.replies]

    @property
    def labels(self) -> list[str]:
        return [b["label"] for r in self.replies for row in r["buttons"] for b in row]


class WhatsAppDriver:
    channel = "whatsapp"

    def __init__(self, api: WhatsAppEmulator, bot: RunningBot) -> None:
        self.api, self.bot = api, bot
        self.wa_id = f"3161{next(_numbers):07d}"
        api.add_user(self.wa_id, "Ouder")
        self.messages: list[Sent] = []

    def send(self, text: str) -> None:
        self.messages = say(self.api, self.bot, self.wa_id, text)

    def press(self, label: str) -> None:
        self.messages = tap(self.api, self.bot, self.wa_id, label)

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.messages]

    @property
    def labels(self) -> list[str]:
        """Titles, with a list row's description (where a long label goes on WhatsApp)."""
        return [" ".join(filter(None, c[1:])) for m in self.messages for c in m.choices]


def _wait_answered(app: App, update_id: int, timeout: float = 20.0) -> None:
    query = select(InboxUpdate.replied_at).where(InboxUpdate.update_id == update_id)
    deadline = time.monotonic() + timeout
    while True:
        with app.db.transaction() as session:
            if session.scalar(query) is not None:
                return
        assert time.monotonic() < deadline, "the bot did not answer in time"
        time.sleep(0.02)


@contextmanager
def driver_for(
    channel: str, engine: Engine, telegram: BotApiEmulator, whatsapp: WhatsAppEmulator
) -> Iterator[Driver]:
    """A new family on `channel`, its bot running on `engine`'s database with a fixed clock."""
    engine = clocked(engine)
    if channel == "terminal":
        yield TerminalDriver(engine)
    elif channel == "telegram":
        settings = replace(
            settings_for(engine.db.url),
            telegram_bot_token=telegram.token,
            telegram_api_base_url=telegram.base_url,
        )
        app = App(settings, engine.db, engine)
        with running_application(build_application(app)):
            yield TelegramDriver(telegram, app)
    elif channel == "web":
        app = App(settings_for(engine.db.url), engine.db, engine)
        routes = chat_routes(app, clock=Clock(NOW))
        with TestClient(web_app(app, channel_routes=routes, clock=Clock(NOW))) as client:
            yield WebDriver(client)
    else:
        with whatsapp_bot(engine, whatsapp) as bot:
            yield WhatsAppDriver(whatsapp, bot)
