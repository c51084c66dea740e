"""The emulated world: users, chats and their messages, pending updates, the call log.

One ``World`` is shared by the server thread and the test thread; every read and change happens
under ``world.lock`` and never across an ``await``. ``changed`` wakes the sync waiters of the test
API, ``listeners`` wake the server's event loop (long polls, webhook pushes).
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request
from .faults import Faults
from .objects import JSON, FileIds, StoredFile, group_chat, private_chat, user
from .spec import Spec

# Update kinds Telegram sends when allowed_updates is empty or was never given.
ALL_BUT_OPT_IN = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


@dataclass
class ApiCall:
    """One request of the bot, with what the emulator answered."""

    seq: int
    method: str
    params: dict[str, Any]
    status: int | None = None  # None while running, or when the bot hung up first
    response: JSON | None = None
    chat_id: int | None = None
    at: float = field(default_factory=time.time)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    @property
    def description(self) -> str | None:
        return (self.response or {}).get("description")


@dataclass
class ChatState:
    obj: JSON
    messages: dict[int, JSON] = field(default_factory=dict)  # in order; deleted ones removed
    next_message_id: int = 1
    keyboard: JSON | None = None  # the reply keyboard the user currently sees


@dataclass
class PendingQuery:
    id: str
    user_id: int
    chat_id: int | None
    message_id: int | None
    data: str | None
    answered: bool = False


@dataclass
class Webhook:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class Delivery:
    """One attempt to push an update to the webhook."""

    update_id: int
    url: str
    attempt: int
    status: int | None
    error: str | None
    secret_token: str | None
    at: float = field(default_factory=time.time)


class World:
    def __init__(
        self,
        spec: Spec,
        *,
        token: str,
        bot: JSON,
        default_language: str,
        privacy_mode: bool,
        auto_create_chats: bool,
        strict: bool,
    ) -> None:
        self.spec = spec
        self.token = token
        self.bot = bot
        self.default_language = default_language
        self.privacy_mode = privacy_mode
        self.auto_create_chats = auto_create_chats
        self.strict = strict
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.listeners: list[Callable[[], None]] = []
        self.faults = Faults()
        # Never restarted by reset(): a running bot confirms updates by id and waits by seq.
        self._update_ids = itertools.count(1)
        self._seqs = itertools.count(1)
        self.last_seq = 0
        self.file_ids = FileIds()
        self._query_ids = itertools.count(1)
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.users: dict[int, JSON] = {}
            self.chats: dict[int, ChatState] = {}
            self.pending: list[JSON] = []
            self.dropped: list[JSON] = []  # updates the webhook never took
            self.calls: list[ApiCall] = []
            self.queries: dict[str, PendingQuery] = {}
            self.callback_answers: list[JSON] = []
            self.commands: dict[tuple[Any, ...], list[JSON]] = {}
            self.files: dict[str, StoredFile] = {}
            self.file_paths: dict[str, StoredFile] = {}  # getFile's paths, to download
            self.photo_sizes: dict[str, list[JSON]] = {}
            self.profile: dict[tuple[str, str], str] = {}  # (name|description|..., language)
            self.menu_buttons: dict[int | None, JSON] = {}
            self.webhook = Webhook()
            self.deliveries: list[Delivery] = []
            self.allowed_updates: frozenset[str] = ALL_BUT_OPT_IN
            self.update_marks: dict[int, int] = {}
            self.internal_errors: list[str] = []
            self.faults.clear()
            self.touch()

    def touch(self) -> None:
        """Something changed: wake every waiter (call with the lock held)."""
        with self.lock:
            self.changed.notify_all()
        for listener in list(self.listeners):
            listener()

    # -- users and chats -----------------------------------------------------------------------

    def ensure_user(self, user_id: int, **profile: Any) -> JSON:
        known = self.users.get(user_id)
        given = {k: v for k, v in profile.items() if v is not None}
        if known is None:
            given.setdefault("first_name", f"User{user_id}")
            given.setdefault("language_code", self.default_language)
            known = user(user_id, **given)
        elif given:
            known = {**known, **given}
        self.users[user_id] = known
        chat = self.chats.get(user_id)
        if chat is not None:
            chat.obj = private_chat(known)
        return known

    def private_chat(self, user_id: int) -> ChatState:
        chat = self.chats.get(user_id)
        if chat is None:
            chat = self.chats[user_id] = ChatState(private_chat(self.ensure_user(user_id)))
        return chat

    def group(
        self, chat_id: int, title: str | None, chat_type: str, username: str | None = None
    ) -> ChatState:
        if chat_id >= 0:
            raise ValueError(f"group chat ids are negative, got {chat_id}")
        chat = self.chats.get(chat_id)
        if chat is None:
            obj = group_chat(chat_id, title or "Test group", chat_type, username)
            chat = self.chats[chat_id] = ChatState(obj)
        elif title or username:
            chat.obj = group_chat(chat_id, title or chat.obj["title"], chat_type, username)
        return chat

    def find_chat(self, ref: int | str) -> ChatState | None:
        if isinstance(ref, str):  # @username works for groups and channels, not for users
            name = ref.removeprefix("@").lower()
            return next(
                (
                    c
                    for c in self.chats.values()
                    if c.obj["type"] != "private" and c.obj.get("username", "").lower() == name
                ),
                None,
            )
        chat = self.chats.get(ref)
        if chat is None and self.auto_create_chats:
            chat = self.private_chat(ref) if ref > 0 else self.group(ref, None, "group")
        return chat

    def resolve_chat(self, ref: int | str) -> ChatState:
        chat = self.find_chat(ref)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def add_message(self, chat: ChatState, sender: JSON, content: JSON) -> JSON:
        message: JSON = {
            "message_id": chat.next_message_id,
            "from": dict(sender),
            "chat": dict(chat.obj),
            "date": int(time.time()),
            **content,
        }
        chat.next_message_id += 1
        chat.messages[message["message_id"]] = message
        return message

    # -- updates -------------------------------------------------------------------------------

    def enqueue(self, body: JSON, *, forced: bool = False, deliver: bool = True) -> JSON:
        """Turn ``body`` into an Update for the bot; Telegram skips kinds the bot did not allow.

        ``forced``: deliver as given, unchecked; ``deliver=False``: built but never sent.
        """
        update = {"update_id": body.get("update_id") or next(self._update_ids)}
        update.update(copy.deepcopy({k: v for k, v in body.items() if k != "update_id"}))
        if self.strict and not forced:
            problems = self.spec.check_object("Update", update)
            if problems:
                raise AssertionError(f"emulator built an invalid Update: {problems}: {update}")
        kind = next((k for k in update if k != "update_id"), None)
        self.update_marks[update["update_id"]] = self.last_seq
        if forced or (deliver and kind in self.allowed_updates):
            self.pending.append(update)
            self.touch()
        return copy.deepcopy(update)

    def confirm(self, offset: int | None) -> None:
        """getUpdates' offset: forget confirmed updates (negative: keep only the last -offset)."""
        if not offset:
            return
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def set_allowed_updates(self, kinds: list[str] | None) -> None:
        if kinds is not None:  # None keeps the previous setting, [] means the default
            self.allowed_updates = frozenset(kinds) if kinds else ALL_BUT_OPT_IN

    def remove_pending(self, update_id: int, *, dropped: bool = False) -> None:
        for update in self.pending:
            if update["update_id"] == update_id:
                self.pending.remove(update)
                if dropped:
                    self.dropped.append(update)
                break
        self.touch()

    def new_query_id(self) -> str:
        return str(4_000_000_000_000_000_000 + next(self._query_ids))

    # -- call log ------------------------------------------------------------------------------

    def begin_call(self, method: str, params: dict[str, Any]) -> ApiCall:
        call = ApiCall(next(self._seqs), method, params)
        self.last_seq = call.seq
        self.calls.append(call)
        return call

    def finish_call(self, call: ApiCall, status: int | None, response: JSON | None) -> None:
        call.status = status
        call.response = copy.deepcopy(response)
        call.chat_id = self._call_chat(call)
        self.touch()

    def _call_chat(self, call: ApiCall) -> int | None:
        ref = call.params.get("chat_id")
        if isinstance(ref, int):
            return ref
        if isinstance(ref, str):
            if ref.lstrip("-").isdigit():
                return int(ref)
            chat = self.find_chat(ref) if ref.startswith("@") else None
            return chat.obj["id"] if chat else None
        query = self.queries.get(str(call.params.get("callback_query_id", "")))
        return query.chat_id if query else None

    def record_delivery(self, delivery: Delivery) -> None:
        self.deliveries.append(delivery)
        if delivery.error is not None and self.webhook.url == delivery.url:
            self.webhook.last_error_date = int(delivery.at)
            self.webhook.last_error_message = delivery.error
        self.touch()
