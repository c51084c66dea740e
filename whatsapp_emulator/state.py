"""What the emulated Cloud API knows: the business's users (their 24-hour window, whether
they blocked the business), registered templates, uploaded media, every call and every
message delivered. Shared between the server's thread and the test's, under `lock`."""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import GraphError
from .limits import Template, check_message, template_parameters

WINDOW_SECONDS = 24 * 3600
PAIR_WINDOW_SECONDS = 6.0  # Meta: about one message every six seconds per user, in bursts


@dataclass
class User:
    wa_id: str
    name: str
    last_inbound_at: float | None = None  # when the user last wrote (opens the window)
    blocked: bool = False  # blocked the business: nothing is delivered


@dataclass
class Media:
    media_id: str
    mime_type: str
    filename: str
    content: bytes


@dataclass
class Sent:
    """A message the business sent and the emulator accepted."""

    wamid: str
    to: str
    kind: str
    payload: dict[str, Any]
    at: float
    template: Template | None = None

    @property
    def text(self) -> str:
        """What the user reads: text, interactive body, caption, or the filled template."""
        body = self.payload.get(self.kind) or {}
        if self.kind == "text":
            return str(body.get("body", ""))
        if self.kind == "interactive":
            return str(body.get("body", {}).get("text", ""))
        if self.kind == "template" and self.template is not None:
            return self.template.fill(template_parameters(body))
        return str(body.get("caption", ""))

    @property
    def choices(self) -> list[tuple[str, str, str]]:
        """(id, title, description) of the buttons or list rows it shows."""
        body = self.payload.get("interactive") or {}
        action = body.get("action") or {}
        if body.get("type") == "button":
            return [(b["reply"]["id"], b["reply"]["title"], "") for b in action["buttons"]]
        rows = [row for section in action.get("sections", []) for row in section["rows"]]
        return [(r["id"], r["title"], r.get("description", "")) for r in rows]


@dataclass
class Call:
    method: str
    path: str
    body: Any
    status: int = 0
    answer: Any = None


@dataclass
class World:
    token: str
    phone_number_id: str
    lock: threading.RLock = field(default_factory=threading.RLock)
    clock: Callable[[], float] = time.time
    users: dict[str, User] = field(default_factory=dict)
    templates: dict[tuple[str, str], Template] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    # Errors to answer to the next sends, in order: (code, recipient or None for anyone).
    faults: deque[tuple[int, str | None]] = field(default_factory=deque)
    pair_limit: int | None = None  # at most this many messages per user in PAIR_WINDOW
    throughput: int | None = None  # at most this many messages in any second (130429)
    uploads_fail: bool = False  # every /media upload answers a server error (131016)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    def send(self, payload: Any) -> dict[str, Any]:
        """Accept (and record) one message, or raise the Cloud API's error for it."""
        kind = check_message(payload, self.templates, self.media_type)
        to = str(payload["to"])
        now = self.clock()
        self._fault_for(to)
        user = self.users.get(to)
        if user is None:
            raise GraphError(131026, "the recipient is not a WhatsApp user")
        if user.blocked:
            raise GraphError(131026, "the recipient blocked the business or cannot receive")
        if kind != "template" and not self.in_window(user, now):
            raise GraphError(131047)
        self._pair_rate(to, now)
        self._throughput(now)
        template = None
        if kind == "template":
            body = payload["template"]
            template = self.templates[(body["name"], body["language"]["code"])]
        message = Sent(_wamid(), to, kind, payload, now, template)
        self.sent.append(message)
        self.changed.notify_all()
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": message.wamid}],
        }

    def in_window(self, user: User, now: float) -> bool:
        last = user.last_inbound_at
        return last is not None and now - last < WINDOW_SECONDS

    def _fault_for(self, to: str) -> None:
        for index, (code, recipient) in enumerate(self.faults):
            if recipient is None or recipient == to:
                del self.faults[index]
                raise GraphError(code)

    def _pair_rate(self, to: str, now: float) -> None:
        if self.pair_limit is None:
            return
        recent = [m for m in self.sent if m.to == to and now - m.at < PAIR_WINDOW_SECONDS]
        if len(recent) >= self.pair_limit:
            raise GraphError(131056)

    def media_type(self, media_id: str) -> str | None:
        found = self.media.get(media_id)
        return found.mime_type if found is not None else None

    def _throughput(self, now: float) -> None:
        if self.throughput is None:
            return
        recent = 0
        for message in reversed(self.sent):
            if now - message.at >= 1.0:
                break
            recent += 1
        if recent >= self.throughput:
            raise GraphError(130429)

    def most_in_any(self, seconds: float, to: str | None = None) -> int:
        """The most messages accepted (to `to`, or to anyone) within any `seconds`."""
        times = sorted(m.at for m in self.sent if to is None or m.to == to)
        most, first = 0, 0
        for last, at in enumerate(times):
            while at - times[first] >= seconds:
                first += 1
            most = max(most, last - first + 1)
        return most

    def upload(self, mime_type: str, filename: str, content: bytes) -> str:
        media_id = str(secrets.randbelow(10**15) + 10**15)
        self.media[media_id] = Media(media_id, mime_type, filename, content)
        return media_id


def _wamid() -> str:
    return "wamid." + secrets.token_urlsafe(36)
