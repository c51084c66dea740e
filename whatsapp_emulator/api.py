"""WhatsAppEmulator: the test-facing side, synchronous and thread-safe. The Graph server runs
on its own thread, so the bot under test may run in this process or in another."""

from __future__ import annotations

import time
from types import TracebackType
from typing import Any

import httpx

from . import webhook
from .limits import Template
from .server import GraphServer
from .state import WINDOW_SECONDS, Call, Sent, User, World

DEFAULT_TOKEN = "EAAG-test-whatsapp-token"
DEFAULT_PHONE_NUMBER_ID = "106540352242922"
DEFAULT_APP_SECRET = "test-app-secret"
DEFAULT_VERIFY_TOKEN = "test-verify-token"
VERSION = "v21.0"


class WhatsAppEmulator:
    """A WhatsApp Cloud API on 127.0.0.1 for tests; see whatsapp_emulator/README.md."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        phone_number_id: str = DEFAULT_PHONE_NUMBER_ID,
        app_secret: str = DEFAULT_APP_SECRET,
        verify_token: str = DEFAULT_VERIFY_TOKEN,
    ) -> None:
        self.world = World(token=token, phone_number_id=phone_number_id)
        self.app_secret = app_secret
        self.verify_token = verify_token
        self.webhook_url: str | None = None
        self.inbound: list[dict[str, Any]] = []  # every user message sent to the webhook
        self._server = GraphServer(self.world)

    # -- life cycle ----------------------------------------------------------------------------

    def __enter__(self) -> WhatsAppEmulator:
        self._server.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.stop()

    @property
    def base_url(self) -> str:
        """What the bot gets as WHATSAPP_API_BASE_URL (the Graph base, version included)."""
        return f"http://127.0.0.1:{self._server.port}/{VERSION}"

    def environment(self) -> dict[str, str]:
        """The bot's settings for this emulator."""
        return {
            "WHATSAPP_TOKEN": self.world.token,
            "WHATSAPP_PHONE_NUMBER_ID": self.world.phone_number_id,
            "WHATSAPP_APP_SECRET": self.app_secret,
            "WHATSAPP_VERIFY_TOKEN": self.verify_token,
            "WHATSAPP_API_BASE_URL": self.base_url,
        }

    # -- the model -----------------------------------------------------------------------------

    def add_user(self, wa_id: str, name: str = "Ouder") -> User:
        with self.world.lock:
            user = self.world.users[wa_id] = User(wa_id, name)
            return user

    def user(self, wa_id: str) -> User:
        with self.world.lock:
            return self.world.users[wa_id]

    def block(self, wa_id: str, blocked: bool = True) -> None:
        with self.world.lock:
            self.world.users[wa_id].blocked = blocked

    def close_window(self, wa_id: str) -> None:
        """The user last wrote more than 24 hours ago (as far as the emulator knows)."""
        with self.world.lock:
            user = self.world.users[wa_id]
            user.last_inbound_at = self.world.clock() - WINDOW_SECONDS - 60

    def register_template(self, name: str, language: str, category: str, body: str) -> None:
        with self.world.lock:
            self.world.templates[(name, language)] = Template(name, language, category, body)

    def fail_next(self, code: int, count: int = 1, *, to: str | None = None) -> None:
        """Answer the next `count` sends (to `to`, or to anyone) with Graph error `code`."""
        with self.world.lock:
            self.world.faults.extend([(code, to)] * count)

    def fail_uploads(self, failing: bool = True) -> None:
        """Answer every /media upload with a server error (131016, HTTP 500) while `failing`."""
        with self.world.lock:
            self.world.uploads_fail = failing

    def set_pair_limit(self, limit: int | None) -> None:
        with self.world.lock:
            self.world.pair_limit = limit

    def set_throughput(self, limit: int | None) -> None:
        """At most `limit` messages in any second from the business number (else 130429)."""
        with self.world.lock:
            self.world.throughput = limit

    def most_in_any(self, seconds: float, to: str | None = None) -> int:
        """The most messages the emulator accepted within any `seconds` (to `to`, or all)."""
        with self.world.lock:
            return self.world.most_in_any(seconds, to)

    # -- what the bot did ----------------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self.world.lock:
            return [c for c in self.world.calls if method is None or c.method == method]

    def messages_to(self, wa_id: str) -> list[Sent]:
        with self.world.lock:
            return [m for m in self.world.sent if m.to == wa_id]

    def media(self, media_id: str) -> Any:
        with self.world.lock:
            return self.world.media[media_id]

    def wait_for_messages(self, wa_id: str, count: int, timeout: float = 20.0) -> list[Sent]:
        """Wait until `wa_id` has received at least `count` messages; returns them all."""
        deadline = time.monotonic() + timeout
        with self.world.changed:
            while len(found := self.messages_to(wa_id)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    texts = [m.text[:60] for m in found]
                    raise AssertionError(f"{wa_id} got {len(found)} of {count}: {texts}")
                self.world.changed.wait(left)
            return found

    def wait_for_calls(self, method: str, count: int, timeout: float = 20.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self.world.changed:
            while len(found := self.calls(method)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(found)} of {count} {method} calls")
                self.world.changed.wait(left)
            return found

    # -- the webhook ---------------------------------------------------------------------------

    def connect(self, url: str) -> None:
        """The callback URL set in the app's WhatsApp configuration."""
        self.webhook_url = url

    def verify(self, verify_token: str | None = None, challenge: str = "1158201444") -> Any:
        assert self.webhook_url, "connect() the webhook first"
        return webhook.verify(self.webhook_url, verify_token or self.verify_token, challenge)

    def send_text(self, wa_id: str, text: str, **options: Any) -> httpx.Response:
        return self._from_user(wa_id, {"type": "text", "text": {"body": text}}, **options)

    def press(self, wa_id: str, title: str, **options: Any) -> httpx.Response:
        """Tap the button or list row titled `title` in the latest message that shows it."""
        for message in reversed(self.messages_to(wa_id)):
            for choice_id, choice_title, description in message.choices:
                if choice_title == title:
                    return self.reply(wa_id, message, choice_id, choice_title, description)
        raise AssertionError(f"no button or row {title!r} in the messages to {wa_id}")

    def reply(
        self, wa_id: str, message: Sent, choice_id: str, title: str, description: str = ""
    ) -> httpx.Response:
        kind = message.payload["interactive"]["type"]
        if kind == "button":
            answer = {"type": "button_reply", "button_reply": {"id": choice_id, "title": title}}
        else:
            row = {
                "id": choice_id,
                "title": title,
                **({"description": description} if description else {}),
            }
            answer = {"type": "list_reply", "list_reply": row}
        content = {
            "type": "interactive",
            "interactive": answer,
            "context": {"from": webhook.DISPLAY_NUMBER, "id": message.wamid},
        }
        return self._from_user(wa_id, content)

    def send_content(self, wa_id: str, content: dict[str, Any], **options: Any) -> httpx.Response:
        """Any other message type (image, sticker, location, ...), as given."""
        return self._from_user(wa_id, content, **options)

    def send_status(
        self,
        wamid: str,
        status: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        with self.world.lock:
            sent = next(m for m in self.world.sent if m.wamid == wamid)
            at = self.world.clock()
        value = webhook.status_value(wamid, sent.to, status, at, errors)
        return self._post(value, signed)

    def _from_user(
        self, wa_id: str, content: dict[str, Any], *, signed: bool = True, secret: str | None = None
    ) -> httpx.Response:
        with self.world.lock:
            user = self.world.users[wa_id]
            now = self.world.clock()
            if not user.blocked:
                user.last_inbound_at = now  # a user's message opens the 24-hour window
            value = webhook.user_message(wa_id, user.name, now, content)
            self.inbound.append(value["messages"][0])
        return self._post(value, signed, secret)

    def _post(self, value: dict[str, Any], signed: bool, secret: str | None = None) -> Any:
        assert self.webhook_url, "connect() the webhook first"
        payload = webhook.envelope(self.world.phone_number_id, value)
        key = (secret or self.app_secret) if signed else None
        return webhook.post(self.webhook_url, payload, key)
