"""Acting as Telegram users: messages, button presses, edits, blocks, forged updates.

A mixin of BotApiEmulator; every method works on the shared World under its lock and returns
the Update the bot will receive (deep copies: tests cannot change the emulator's state).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from .objects import JSON, StoredFile, photo_sizes, text_entities
from .state import ApiCall, ChatState, PendingQuery, World

DEFAULT_GROUP_ID = -4_000_000_001
DEFAULT_SUPERGROUP_ID = -1_001_000_000_001


class UserActions:
    world: World

    # -- users and chats -----------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSON:
        """A user who has a private chat with the bot (so the bot may write first)."""
        with self.world.lock:
            found = self.world.ensure_user(
                user_id,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
            self.world.private_chat(user_id)
            self.world.touch()
            return copy.deepcopy(found)

    def add_group(
        self,
        chat_id: int = DEFAULT_GROUP_ID,
        title: str = "Test group",
        *,
        chat_type: str = "group",
        username: str | None = None,
    ) -> JSON:
        with self.world.lock:
            chat = self.world.group(chat_id, title, chat_type, username)
            self.world.touch()
            return copy.deepcopy(chat.obj)

    def _chat(
        self, user_id: int, chat_type: str, chat_id: int | None, title: str | None
    ) -> ChatState:
        if chat_type == "private":
            if chat_id not in (None, user_id):
                raise ValueError("a private chat's id is the user's id")
            return self.world.private_chat(user_id)
        if chat_type not in ("group", "supergroup"):
            raise ValueError(f"unsupported chat_type {chat_type!r}")
        default = DEFAULT_GROUP_ID if chat_type == "group" else DEFAULT_SUPERGROUP_ID
        return self.world.group(chat_id or default, title, chat_type)

    # -- acting as users -----------------------------------------------------------------------

    def send_text(self, user_id: int, text: str, **where: Any) -> JSON:
        """The user types ``text``; returns the Update. ``where``: chat_type ("private",
        "group", "supergroup"), chat_id, title, reply_to (a message)."""
        content: JSON = {"text": text}
        entities = text_entities(text)
        if entities:
            content["entities"] = entities
        return self._user_message(user_id, content, **where)

    def press_key(self, user_id: int, label: str) -> JSON:
        """The user taps a button of the reply keyboard the bot shows in the private chat."""
        with self.world.lock:
            keyboard = self.world.private_chat(user_id).keyboard
            buttons = [b for row in (keyboard or {}).get("keyboard", []) for b in row]
            button = _pick(buttons, label, lambda b: [b["text"]])
        if button.get("request_location"):
            return self.send_location(user_id)
        if button.get("request_contact"):
            return self.send_contact(user_id)
        return self.send_text(user_id, button["text"])

    def send_sticker(self, user_id: int, emoji: str = "👍", **where: Any) -> JSON:
        file_id, unique_id = self.world.file_ids.new("sticker")
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._user_message(user_id, {"sticker": sticker}, **where)

    def send_photo(
        self,
        user_id: int,
        caption: str | None = None,
        *,
        data: bytes = b"",
        width: int = 1280,
        height: int = 960,
        **where: Any,
    ) -> JSON:
        with self.world.lock:
            sizes = photo_sizes(self.world.file_ids, width, height, len(data) or 100_000)
            for size in sizes:
                self.world.files[size["file_id"]] = StoredFile(
                    size["file_id"], size["file_unique_id"], "photo", None, "image/jpeg", data
                )
        content: JSON = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._user_message(user_id, content, **where)

    def send_voice(self, user_id: int, duration: int = 3, **where: Any) -> JSON:
        file_id, unique_id = self.world.file_ids.new("voice")
        voice = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": 4_000 * duration,
        }
        return self._user_message(user_id, {"voice": voice}, **where)

    def send_location(
        self, user_id: int, latitude: float = 52.5185, longitude: float = 5.4714, **where: Any
    ) -> JSON:
        """Default: Lelystad."""
        location = {"latitude": latitude, "longitude": longitude}
        return self._user_message(user_id, {"location": location}, **where)

    def send_contact(self, user_id: int, phone_number: str = "+31612345678", **where: Any) -> JSON:
        with self.world.lock:
            sender = self.world.ensure_user(user_id)
        contact = {
            "phone_number": phone_number,
            "first_name": sender["first_name"],
            "user_id": user_id,
        }
        return self._user_message(user_id, {"contact": contact}, **where)

    def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        **where: Any,
    ) -> JSON:
        with self.world.lock:
            file_id, unique_id = self.world.file_ids.new("document")
            self.world.files[file_id] = StoredFile(
                file_id, unique_id, "document", filename, mime_type, data
            )
        document = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        return self._user_message(user_id, {"document": document}, **where)

    def _user_message(
        self,
        user_id: int,
        content: JSON,
        *,
        chat_type: str = "private",
        chat_id: int | None = None,
        title: str | None = None,
        reply_to: Any = None,
    ) -> JSON:
        with self.world.lock:
            sender = self.world.ensure_user(user_id)
            if user_id in self.world.faults.blocked:  # writing to the bot unblocks it
                self.unblock_user(user_id)
            chat = self._chat(user_id, chat_type, chat_id, title)
            if reply_to is not None:
                target = self._current(reply_to)
                content["reply_to_message"] = {
                    k: v for k, v in target.items() if k != "reply_to_message"
                }
            message = self.world.add_message(chat, sender, content)
            if chat.keyboard and chat.keyboard.get("one_time_keyboard"):
                chat.keyboard = None
            return self.world.enqueue(
                {"message": message}, deliver=self._reaches_bot(chat, message)
            )

    def _reaches_bot(self, chat: ChatState, message: JSON) -> bool:
        """Privacy mode: in groups a bot only gets commands, mentions and replies to it."""
        if chat.obj["type"] == "private" or not self.world.privacy_mode:
            return True
        reply = message.get("reply_to_message") or {}
        if reply.get("from", {}).get("id") == self.world.bot["id"]:
            return True
        text = message.get("text") or message.get("caption") or ""
        me = str(self.world.bot["username"]).lower()
        for entity in message.get("entities") or []:
            word = text.encode("utf-16-le")[2 * entity["offset"] :]
            word = word[: 2 * entity["length"]].decode("utf-16-le").lower()
            if entity["type"] == "bot_command" and word.partition("@")[2] in ("", me):
                return True
            if entity["type"] == "mention" and word == f"@{me}":
                return True
        return False

    def press_button(self, user_id: int, message: Any, label_or_data: str) -> JSON:
        """The user taps an inline button of a bot message, as it is now (edits applied).

        ``label_or_data``: exact callback_data, exact label, or a unique part of a label.
        """
        with self.world.lock:
            current = self._current(message)
            rows = (current.get("reply_markup") or {}).get("inline_keyboard", [])
            buttons = [b for row in rows for b in row]
            button = _pick(buttons, label_or_data, lambda b: [b.get("callback_data"), b["text"]])
            if "callback_data" not in button:
                raise ValueError(f"button {button['text']!r} has no callback_data")
            sender = self.world.ensure_user(user_id)
            query_id = self.world.new_query_id()
            chat_id = current["chat"]["id"]
            self.world.queries[query_id] = PendingQuery(
                query_id, user_id, chat_id, current["message_id"], button["callback_data"]
            )
            query = {
                "id": query_id,
                "from": sender,
                "message": current,
                "chat_instance": str(abs(chat_id) * 7 + 1_000_003),
                "data": button["callback_data"],
            }
            return self.world.enqueue({"callback_query": query})

    def edit_text(self, user_id: int, message: Any, new_text: str) -> JSON:
        """The user edits one of their own text messages (an ``edited_message`` update)."""
        with self.world.lock:
            chat_id, message_id = message_ref(message)
            chat = self.world.chats.get(chat_id)
            stored = chat.messages.get(message_id) if chat else None
            if stored is None or stored["from"]["id"] != user_id or "text" not in stored:
                raise LookupError(f"user {user_id} has no text message {message_id} here")
            stored["text"] = new_text
            stored.pop("entities", None)
            if entities := text_entities(new_text):
                stored["entities"] = entities
            stored["edit_date"] = int(time.time())
            return self.world.enqueue({"edited_message": stored})

    def send_raw_update(self, update: JSON) -> JSON:
        """Deliver any update as given (forged callback data, hostile payloads...). Its
        update_id is set when missing; a callback_query id becomes answerable."""
        with self.world.lock:
            query = update.get("callback_query")
            if isinstance(query, dict) and "id" in query:
                message = query.get("message") or {}
                self.world.queries[str(query["id"])] = PendingQuery(
                    str(query["id"]),
                    (query.get("from") or {}).get("id", 0),
                    (message.get("chat") or {}).get("id"),
                    message.get("message_id"),
                    query.get("data"),
                )
            return self.world.enqueue(update, forced=True)

    def block_user(self, user_id: int) -> None:
        """The user blocks the bot: sends to them answer 403; the bot gets my_chat_member."""
        self._membership(user_id, blocked=True)

    def unblock_user(self, user_id: int) -> None:
        self._membership(user_id, blocked=False)

    def _membership(self, user_id: int, *, blocked: bool) -> None:
        with self.world.lock:
            if (user_id in self.world.faults.blocked) == blocked:
                return
            self.world.faults.blocked.symmetric_difference_update({user_id})
            sender = self.world.ensure_user(user_id)
            chat = self.world.private_chat(user_id)
            bot = self.world.bot
            member = {"status": "member", "user": bot}
            banned = {"status": "kicked", "user": bot, "until_date": 0}
            old, new = (member, banned) if blocked else (banned, member)
            update = {
                "chat": chat.obj,
                "from": sender,
                "date": int(time.time()),
                "old_chat_member": old,
                "new_chat_member": new,
            }
            self.world.enqueue({"my_chat_member": update})

    def _current(self, message: Any) -> JSON:
        chat_id, message_id = message_ref(message)
        chat = self.world.chats.get(chat_id)
        current = chat.messages.get(message_id) if chat else None
        if current is None:
            raise LookupError(f"message {message_id} in chat {chat_id} is gone or never existed")
        return copy.deepcopy(current)


def message_ref(message: Any) -> tuple[int, int]:
    """(chat_id, message_id) of a Message, an Update, an ApiCall with a Message result, or a
    (chat_id, message_id) pair."""
    if isinstance(message, ApiCall):
        message = message.result
    if isinstance(message, tuple):
        return int(message[0]), int(message[1])
    if isinstance(message, dict) and "update_id" in message:
        query = message.get("callback_query") or {}
        message = message.get("message") or message.get("edited_message") or query.get("message")
    if not isinstance(message, dict) or "message_id" not in message:
        raise TypeError(f"not a message: {message!r}")
    return message["chat"]["id"], message["message_id"]


def _pick(buttons: list[JSON], wanted: str, keys: Callable[[JSON], list[Any]]) -> JSON:
    """The button with ``wanted`` as exact key, else the only one whose label contains it."""
    exact = [b for b in buttons if wanted in keys(b)]
    if exact:
        return exact[0]
    partial = [b for b in buttons if wanted.lower() in b["text"].lower()]
    if len(partial) == 1:
        return partial[0]
    labels = [b["text"] for b in buttons]
    problem = "several buttons match" if partial else "no button matches"
    raise LookupError(f"{problem} {wanted!r}; buttons: {labels}")
