"""The Bot API methods the emulator implements; each runs under the world's lock.

getUpdates is not here: it waits, so the server runs it on its event loop.
"""

from __future__ import annotations

import copy
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from .errors import ApiError, bad_request
from .formatting import parse_text, utf16_len
from .objects import JSON, StoredFile, guess_mime, image_size, photo_sizes
from .spec import MethodSpec, UploadedFile
from .state import ALL_BUT_OPT_IN, ChatState, Webhook, World

Handler = Callable[[World, dict[str, Any], ChatState | None], Any]
HANDLERS: dict[str, Handler] = {}

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class Described:
    """A result Telegram answers together with a "description" (setWebhook, deleteWebhook)."""

    value: Any
    description: str


def handles(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


def call_method(world: World, method: MethodSpec, params: dict[str, Any]) -> Any:
    """Run one method: resolve its chat, apply the faults for that chat, then the handler."""
    handler = HANDLERS.get(method.name)
    if handler is None:
        raise ApiError(501, f"Not Implemented: the emulator does not implement {method.name}")
    chat = world.resolve_chat(params["chat_id"]) if "chat_id" in params else None
    world.faults.check(method.name, chat.obj if chat else None)
    return handler(world, params, chat)


def _need_chat(chat: ChatState | None) -> ChatState:
    if chat is None:
        raise bad_request("chat_id is empty")
    return chat


# -- messages ----------------------------------------------------------------------------------


def _formatted(
    params: dict[str, Any], key: str, entities_key: str, limit: int, *, required: bool
) -> JSON:
    """Parsed text or caption as message fields; Telegram's length and emptiness rules."""
    raw = params.get(key)
    if raw is None:
        if required:
            raise bad_request("message text is empty")
        return {}
    text, entities = parse_text(raw, params.get("parse_mode"), params.get(entities_key))
    if not text:
        if required:
            raise bad_request("message text is empty")
        return {}
    if utf16_len(text) > limit:
        raise bad_request("message is too long" if key == "text" else "message caption is too long")
    fields: JSON = {key: text}
    if entities:
        fields[entities_key] = entities
    return fields


def _check_markup(markup: JSON | None) -> JSON | None:
    """Telegram's checks of reply_markup beyond its JSON shape; returns it normalised."""
    if markup is None:
        return None
    if "inline_keyboard" in markup:
        for row in markup["inline_keyboard"]:
            for button in row:
                _check_inline_button(button)
        return markup
    if "keyboard" in markup:
        rows = [
            [b if isinstance(b, dict) else {"text": str(b)} for b in row]
            for row in markup["keyboard"]
        ]
        return {**markup, "keyboard": rows}
    return markup


def _check_inline_button(button: JSON) -> None:
    if not any(action in button for action in _INLINE_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not re.match(r"(https?|tg)://\S+$", url):
        raise bad_request("BUTTON_URL_INVALID")


def _inline_markup(markup: JSON | None) -> JSON | None:
    """What a Message carries: only a non-empty inline keyboard."""
    if markup and any(markup.get("inline_keyboard") or []):
        return markup
    return None


def _post(world: World, chat: ChatState, params: dict[str, Any], content: JSON) -> JSON:
    """Store a new message of the bot; the reply markup goes on the message or the chat."""
    markup = _check_markup(params.get("reply_markup"))
    reply = params.get("reply_parameters") or {}
    reply_to_id = reply.get("message_id", params.get("reply_to_message_id"))
    if reply_to_id is not None:
        target = chat.messages.get(int(reply_to_id))
        if target is not None:
            content["reply_to_message"] = {
                k: v for k, v in target.items() if k != "reply_to_message"
            }
        elif not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
    if _inline_markup(markup):
        content["reply_markup"] = markup
    elif markup and "keyboard" in markup:
        chat.keyboard = markup
    elif markup and markup.get("remove_keyboard"):
        chat.keyboard = None
    return copy.deepcopy(world.add_message(chat, world.bot, content))


@handles("sendMessage")
def send_message(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    content = _formatted(params, "text", "entities", 4096, required=True)
    if params.get("link_preview_options"):
        content["link_preview_options"] = params["link_preview_options"]
    return _post(world, _need_chat(chat), params, content)


def _stored_file(world: World, value: UploadedFile | str, kind: str) -> StoredFile:
    """The file a send* call refers to: a new upload, a known file_id or an HTTP URL."""
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        file_id, unique_id = world.file_ids.new(kind)
        mime = value.content_type
        if not mime or mime == "application/octet-stream":
            mime = guess_mime(value.filename)
        stored = StoredFile(file_id, unique_id, kind, value.filename, mime, value.data)
    elif value in world.files:
        return world.files[value]
    elif value.startswith(("http://", "https://")):
        file_id, unique_id = world.file_ids.new(kind)
        name = posixpath.basename(urlparse(value).path) or "file"
        stored = StoredFile(file_id, unique_id, kind, name, guess_mime(name), b"")
    else:
        raise bad_request("wrong file identifier/HTTP URL specified")
    world.files[stored.file_id] = stored
    return stored


def _captioned(params: dict[str, Any]) -> JSON:
    return _formatted(params, "caption", "caption_entities", 1024, required=False)


@handles("sendDocument")
def send_document(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    stored = _stored_file(world, params["document"], "document")
    document: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.filename:
        document["file_name"] = stored.filename
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return _post(world, _need_chat(chat), params, {"document": document, **_captioned(params)})


@handles("sendPhoto")
def send_photo(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    stored = _stored_file(world, params["photo"], "photo")
    sizes = world.photo_sizes.get(stored.file_unique_id)
    if sizes is None:
        dimensions = image_size(stored.data) if stored.data else (800, 600)
        if dimensions is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        sizes = photo_sizes(world.file_ids, *dimensions, stored.size)
        world.photo_sizes[stored.file_unique_id] = sizes
        for size in sizes:  # every size's file_id can be sent again
            world.files[size["file_id"]] = stored
    return _post(world, _need_chat(chat), params, {"photo": sizes, **_captioned(params)})


@handles("sendChatAction")
def send_chat_action(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    if params["action"] not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


@handles("editMessageCaption")
def edit_message_caption(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    message = _own_message(params, chat, world.bot["id"], "edit")
    if "text" in message:
        raise bad_request("there is no caption in the message to edit")
    new = _captioned(params)
    markup = _inline_markup(_check_markup(params.get("reply_markup")))
    before = (
        message.get("caption"),
        message.get("caption_entities", []),
        message.get("reply_markup"),
    )
    if before == (new.get("caption"), new.get("caption_entities", []), markup):
        raise bad_request(NOT_MODIFIED)
    for key in ("caption", "caption_entities"):
        _set_or_drop(message, key, new.get(key))
    _set_or_drop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return copy.deepcopy(message)


def _own_message(params: dict[str, Any], chat: ChatState | None, bot_id: int, verb: str) -> JSON:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not emulated
    chat = _need_chat(chat)
    if "message_id" not in params:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(params["message_id"])
    if message is None:
        raise bad_request(f"message to {verb} not found")
    if verb == "edit" and message["from"]["id"] != bot_id:
        raise bad_request("message can't be edited")
    return message


@handles("editMessageText")
def edit_message_text(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    message = _own_message(params, chat, world.bot["id"], "edit")
    if "text" not in message:
        raise bad_request("there is no text in the message to edit")
    new = _formatted(params, "text", "entities", 4096, required=True)
    # Without reply_markup, editMessageText removes the inline keyboard.
    markup = _inline_markup(_check_markup(params.get("reply_markup")))
    before = (message["text"], message.get("entities", []), message.get("reply_markup"))
    if before == (new["text"], new.get("entities", []), markup):
        raise bad_request(NOT_MODIFIED)
    message["text"] = new["text"]
    _set_or_drop(message, "entities", new.get("entities"))
    _set_or_drop(message, "reply_markup", markup)
    message["edit_date"] = int(time.time())
    return copy.deepcopy(message)


@handles("editMessageReplyMarkup")
def edit_message_reply_markup(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    message = _own_message(params, chat, world.bot["id"], "edit")
    markup = _inline_markup(_check_markup(params.get("reply_markup")))
    if message.get("reply_markup") == markup:
        raise bad_request(NOT_MODIFIED)
    _set_or_drop(message, "reply_markup", markup)
    return copy.deepcopy(message)


def _set_or_drop(obj: JSON, key: str, value: Any) -> None:
    if value:
        obj[key] = value
    else:
        obj.pop(key, None)


@handles("deleteMessage")
def delete_message(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    _own_message(params, chat, world.bot["id"], "delete")
    del _need_chat(chat).messages[params["message_id"]]
    return True


@handles("answerCallbackQuery")
def answer_callback_query(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    query = world.queries.get(params["callback_query_id"])
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    query.answered = True
    world.callback_answers.append(
        {
            **params,
            "data": query.data,
            "user_id": query.user_id,
            "chat_id": query.chat_id,
            "message_id": query.message_id,
        }
    )
    return True


# -- files -------------------------------------------------------------------------------------

MAX_DOWNLOAD = 20 * 1024 * 1024  # Telegram: bots download files of up to 20 MB
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "audio/ogg": "oga"}


@handles("getFile")
def get_file(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    """A File with the path to download it from (/file/bot<token>/<file_path>)."""
    stored = world.files.get(str(params["file_id"]))
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    extension = _EXTENSIONS.get(stored.mime_type or "", "dat")
    path = f"{stored.kind}s/file_{stored.file_unique_id}.{extension}"
    world.file_paths[path] = stored
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": path,
    }


# -- the bot itself ----------------------------------------------------------------------------


@handles("getMe")
def get_me(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    return {
        **world.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": not world.privacy_mode,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def _scope_key(scope: JSON | None) -> tuple[Any, ...]:
    scope = scope or {"type": "default"}
    return (scope["type"], scope.get("chat_id"), scope.get("user_id"))


def _language(params: dict[str, Any]) -> str:
    language = params.get("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("LANG_CODE_INVALID")
    return language


@handles("setMyCommands")
def set_my_commands(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not _COMMAND.fullmatch(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = (*_scope_key(params.get("scope")), _language(params))
    if commands:
        world.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        world.commands.pop(key, None)
    return True


@handles("getMyCommands")
def get_my_commands(world: World, params: dict[str, Any], chat: ChatState | None) -> list[JSON]:
    key = (*_scope_key(params.get("scope")), _language(params))
    return copy.deepcopy(world.commands.get(key, []))


@handles("deleteMyCommands")
def delete_my_commands(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    world.commands.pop((*_scope_key(params.get("scope")), _language(params)), None)
    return True


_PROFILE_LIMITS = {"name": 64, "description": 512, "short_description": 120}


def _set_profile(world: World, params: dict[str, Any], key: str) -> bool:
    value = params.get(key) or ""
    if len(value) > _PROFILE_LIMITS[key]:
        raise bad_request(f"{key.upper()}_INVALID")
    world.profile[(key, _language(params))] = value
    return True


def get_profile(world: World, params: dict[str, Any], key: str) -> JSON:
    language = _language(params)
    value = world.profile.get((key, language)) or world.profile.get((key, ""))
    if value is None and key == "name":
        value = world.bot["first_name"]
    return {key: value or ""}


# setMyName/getMyName, setMyDescription/..., setMyShortDescription/...: the same per-language text.
for _key, _suffix in (
    ("name", "Name"),
    ("description", "Description"),
    ("short_description", "ShortDescription"),
):
    handles(f"setMy{_suffix}")(lambda w, p, c, key=_key: _set_profile(w, p, key))
    handles(f"getMy{_suffix}")(lambda w, p, c, key=_key: get_profile(w, p, key))


@handles("setChatMenuButton")
def set_chat_menu_button(world: World, params: dict[str, Any], chat: ChatState | None) -> bool:
    key = chat.obj["id"] if chat else None
    world.menu_buttons[key] = params.get("menu_button") or {"type": "default"}
    return True


@handles("getChatMenuButton")
def get_chat_menu_button(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    button = world.menu_buttons.get(chat.obj["id"] if chat else None)
    return copy.deepcopy(button or world.menu_buttons.get(None) or {"type": "default"})


# -- webhook -----------------------------------------------------------------------------------


@handles("setWebhook")
def set_webhook(world: World, params: dict[str, Any], chat: ChatState | None) -> Described:
    url = params["url"]
    if not url:
        return delete_webhook(world, params, chat)
    if not re.match(r"https?://\S+$", url):  # Telegram wants https; local tests use http
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    connections = params.get("max_connections", 40)
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    if params.get("drop_pending_updates"):
        world.pending.clear()
    world.set_allowed_updates(params.get("allowed_updates"))
    old = world.webhook
    if (old.url, old.secret_token, old.max_connections) == (url, secret, connections):
        return Described(True, "Webhook is already set")
    world.webhook = Webhook(
        url=url,
        secret_token=secret,
        max_connections=connections,
        ip_address=params.get("ip_address"),
        has_custom_certificate="certificate" in params,
    )
    world.touch()
    return Described(True, "Webhook was set")


@handles("deleteWebhook")
def delete_webhook(world: World, params: dict[str, Any], chat: ChatState | None) -> Described:
    if params.get("drop_pending_updates"):
        world.pending.clear()
    was_set = bool(world.webhook.url)
    world.webhook = Webhook()
    world.touch()
    return Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


@handles("getWebhookInfo")
def get_webhook_info(world: World, params: dict[str, Any], chat: ChatState | None) -> JSON:
    hook = world.webhook
    info: JSON = {
        "url": hook.url,
        "has_custom_certificate": hook.has_custom_certificate,
        "pending_update_count": len(world.pending),
    }
    if hook.url:
        info["max_connections"] = hook.max_connections
        if world.allowed_updates != ALL_BUT_OPT_IN:
            info["allowed_updates"] = sorted(world.allowed_updates)
    optional = (
        ("ip_address", hook.ip_address),
        ("last_error_date", hook.last_error_date),
        ("last_error_message", hook.last_error_message),
    )
    info.update({k: v for k, v in optional if v is not None})
    return info
