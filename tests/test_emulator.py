"""The Bot API emulator, exercised with the real python-telegram-bot stack (HTTPXRequest)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Coroutine, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import httpx
import pytest
from telegram import (
    Bot,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from botapi_emulator import DEFAULT_GROUP_ID, BotApiEmulator, UploadedFile
from botapi_emulator.ptb import ptb_bot, ptb_builder, running_application

T = TypeVar("T")
ANNA, BOB = 42, 43
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Judo", callback_data="act:judo"),
            InlineKeyboardButton("Koken", callback_data="act:koken"),
        ]
    ]
)


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(ANNA, "Anna")
        emulator.add_user(BOB, "Bob", language_code="en")
        yield emulator


def with_bot(api: BotApiEmulator, action: Callable[[Bot], Coroutine[Any, Any, T]]) -> T:
    """Run ``action`` with an initialized PTB Bot on a fresh event loop."""

    async def main() -> T:
        async with ptb_bot(api) as bot:
            return await action(bot)

    return asyncio.run(main())


def raw(api: BotApiEmulator, method: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{api.base_url}{api.token}/{method}", timeout=10, **kwargs)


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after  # int in PTB 22 (deprecated), timedelta with PTB_TIMEDELTA=1
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- basics ------------------------------------------------------------------------------------


def test_get_me_and_tokens(api: BotApiEmulator) -> None:
    me = with_bot(api, lambda bot: bot.get_me())
    assert (me.id, me.is_bot, me.first_name, me.username) == (
        999000,
        True,
        "Talentbot",
        "talentbot_test_bot",
    )

    async def wrong_token() -> None:
        async with Bot("123456:not-the-token", base_url=api.base_url):
            pass

    with pytest.raises(InvalidToken, match="rejected"):
        asyncio.run(wrong_token())
    wrong = httpx.post(f"{api.base_url}123456:not-the-token/getMe")
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert raw(api, "getMe").json()["result"]["id"] == 999000
    for path in ("/botmalformed/getMe", "/nowhere", f"/bot{api.token}/send/Message"):
        bad = httpx.get(api.url + path)
        assert (bad.status_code, bad.json()["description"]) == (404, "Not Found")


def test_raw_requests_follow_the_spec(api: BotApiEmulator) -> None:
    unknown = raw(api, "sendTelepathy", json={"chat_id": ANNA})
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}

    missing = raw(api, "sendMessage", json={"text": "hoi"})
    assert missing.status_code == 400
    assert missing.json()["description"] == "Bad Request: chat_id is empty"
    no_text = raw(api, "sendMessage", data={"chat_id": str(ANNA)})
    assert no_text.json()["description"] == "Bad Request: message text is empty"
    assert raw(api, "sendMessage", json={"chat_id": 7, "text": "x"}).json()["description"] == (
        "Bad Request: chat not found"
    )
    bad_bool = raw(api, "sendMessage", data={"chat_id": ANNA, "text": "x", "protect_content": "?"})
    assert bad_bool.json()["description"].startswith('Bad Request: field "protect_content"')
    bad_json = raw(api, "sendMessage", data={"chat_id": ANNA, "text": "x", "reply_markup": "{"})
    assert bad_json.json()["description"] == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )

    # Method names are case-insensitive; GET with a query string works too.
    assert raw(api, "SENDMESSAGE", json={"chat_id": ANNA, "text": "a"}).json()["ok"] is True
    got = httpx.get(f"{api.base_url}{api.token}/getmycommands")
    assert got.json() == {"ok": True, "result": []}
    # Multipart, the way PTB uploads files: the file name survives.
    upload = raw(
        api,
        "sendDocument",
        data={"chat_id": str(ANNA)},
        files={"document": ("lijst.csv", b"a;b\n", "text/csv")},
    )
    assert upload.json()["result"]["document"]["file_name"] == "lijst.csv"
    assert [c.status for c in api.calls()] == [404, 400, 400, 400, 400, 400, 200, 200, 200]
    assert api.calls("sendMessage")[0].params == {"text": "hoi"}


# -- polling with a real Application ---------------------------------------------------------


def test_echo_application_in_polling_mode(api: BotApiEmulator) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Je zei: {update.effective_message.text}")

    app = ptb_builder(api).build()
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    with running_application(app):
        update = api.send_text(ANNA, "Welke workshops zijn er?")
        reply = api.wait_for_reply(update)
        second = api.wait_for_reply(api.send_text(BOB, "And in English?"))

    assert reply["text"] == "Je zei: Welke workshops zijn er?"
    assert reply["from"]["id"] == 999000 and reply["chat"] == {
        "id": ANNA,
        "type": "private",
        "first_name": "Anna",
    }
    assert second["chat"]["id"] == BOB
    assert [m["text"] for m in api.messages(ANNA)] == ["Je zei: Welke workshops zijn er?"]
    assert [c.method for c in api.sent(ANNA)] == ["sendMessage"]
    assert api.pending_updates() == []  # PTB confirmed everything with its last getUpdates
    assert {"getMe", "deleteWebhook", "getUpdates"} <= {c.method for c in api.calls()}


def test_inline_keyboard_press_button_and_answer(api: BotApiEmulator) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Kies een activiteit", reply_markup=KEYBOARD)

    async def chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await query.answer(f"Gekozen: {query.data}")
        await query.edit_message_text(f"Je koos {query.data.split(':')[1]}")

    app = ptb_builder(api).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(chosen))
    with running_application(app):
        menu = api.wait_for_reply(api.send_text(ANNA, "/start"))
        assert menu["reply_markup"] == KEYBOARD.to_dict()
        pressed = api.press_button(ANNA, menu, "kok")  # a unique part of the label
        edited = api.wait_for_reply(pressed)

    assert pressed["callback_query"]["data"] == "act:koken"
    assert edited["text"] == "Je koos koken" and "reply_markup" not in edited
    [answer] = api.callback_answers
    assert (answer["text"], answer["data"], answer["chat_id"]) == (
        "Gekozen: act:koken",
        "act:koken",
        ANNA,
    )
    assert api.messages(ANNA)[0]["text"] == "Je koos koken"
    with pytest.raises(LookupError):  # the keyboard is gone after the edit
        api.press_button(ANNA, api.messages(ANNA)[0], "act:judo")

    with pytest.raises(BadRequest, match=r"(?i)query is too old"):  # answered already
        with_bot(api, lambda bot: bot.answer_callback_query(answer["callback_query_id"]))
    assert api.calls("answerCallbackQuery")[-1].description == (
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_user_actions_and_forged_updates_reach_the_bot(api: BotApiEmulator) -> None:
    seen: list[Update] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(update)
        if update.callback_query:
            await update.callback_query.answer("Onbekende knop")

    app = ptb_builder(api).build()
    app.add_handler(TypeHandler(Update, record))
    with running_application(app):
        first = api.send_text(ANNA, "hoi")
        api.edit_text(ANNA, first, "hoi!")
        api.send_sticker(ANNA)
        api.send_photo(ANNA, "mijn tekening")
        api.send_voice(ANNA, duration=4)
        api.send_location(ANNA)
        api.send_raw_update(
            {
                "callback_query": {
                    "id": "forged-1",
                    "from": {"id": 666, "is_bot": False, "first_name": "Mallory"},
                    "chat_instance": "1",
                    "data": "admin:delete_all",
                    "unexpected_field": {"nested": True},  # hostile input is passed on as is
                }
            }
        )
        api.wait_for(lambda a: len(a.callback_answers) == 1 and len(seen) == 7)

    assert seen[0].message and seen[0].message.text == "hoi"
    assert seen[0].message.from_user and seen[0].message.from_user.language_code == "nl"
    assert seen[1].edited_message and seen[1].edited_message.text == "hoi!"
    assert seen[2].message and seen[2].message.sticker and seen[2].message.sticker.emoji == "👍"
    photo = seen[3].message
    assert photo and photo.caption == "mijn tekening" and photo.photo[-1].width == 1280
    assert seen[4].message and seen[4].message.voice and seen[4].message.voice.duration == 4
    assert seen[5].message and seen[5].message.location
    assert seen[6].callback_query and seen[6].callback_query.data == "admin:delete_all"
    assert api.callback_answers[0]["callback_query_id"] == "forged-1"


def test_group_commands_and_privacy_mode(api: BotApiEmulator) -> None:
    async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text("Hulp")

    app = ptb_builder(api).build()
    app.add_handler(CommandHandler("help", help_command))
    with running_application(app):
        chatter = api.send_text(ANNA, "gewoon kletsen", chat_type="group")
        other = api.send_text(ANNA, "/help@some_other_bot", chat_type="group")
        mine = api.send_text(ANNA, f"/help@{api.bot_username}", chat_type="group")
        reply = api.wait_for_reply(mine)
        plain = api.wait_for_reply(api.send_text(BOB, "/help", chat_type="group"))

    assert reply["chat"] == {"id": DEFAULT_GROUP_ID, "type": "group", "title": "Test group"}
    assert plain["text"] == "Hulp"
    assert len(api.sent(DEFAULT_GROUP_ID)) == 2
    # Privacy mode: Telegram never delivered the chatter nor the other bot's command.
    delivered = {u["update_id"] for c in api.calls("getUpdates") for u in c.result or []}
    assert chatter["update_id"] not in delivered and other["update_id"] not in delivered
    assert mine["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 24}]
    assert len(api.messages(DEFAULT_GROUP_ID, include_users=True)) == 6


def test_get_updates_long_polling_offset_and_limit(api: BotApiEmulator) -> None:
    assert raw(api, "getUpdates", data={"timeout": "0"}).json() == {"ok": True, "result": []}

    timer = threading.Timer(0.2, api.send_text, args=(ANNA, "later"))
    timer.start()
    started = time.monotonic()
    woken = raw(api, "getUpdates", data={"timeout": "5"}).json()["result"]
    assert 0.1 < time.monotonic() - started < 3
    assert [u["message"]["text"] for u in woken] == ["later"]

    first = woken[0]["update_id"]
    api.send_text(ANNA, "a")
    api.send_text(ANNA, "b")
    one = raw(api, "getUpdates", json={"offset": first + 1, "limit": 1}).json()["result"]
    assert [u["message"]["text"] for u in one] == ["a"]
    both = raw(api, "getUpdates", json={"offset": first + 1}).json()["result"]
    assert [u["message"]["text"] for u in both] == ["a", "b"]
    raw(api, "getUpdates", json={"offset": both[-1]["update_id"] + 1})
    assert api.pending_updates() == []

    started = time.monotonic()
    assert raw(api, "getUpdates", json={"timeout": 1}).json()["result"] == []
    assert time.monotonic() - started >= 0.9


# -- Telegram's errors -------------------------------------------------------------------------


def test_edit_delete_and_not_modified(api: BotApiEmulator) -> None:
    async def scenario(bot: Bot) -> None:
        sent = await bot.send_message(ANNA, "Hallo", reply_markup=KEYBOARD)
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await sent.edit_text("Hallo", reply_markup=KEYBOARD)
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await sent.edit_reply_markup(reply_markup=KEYBOARD)
        await sent.edit_text("Hallo!")  # without reply_markup the keyboard goes
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_text("x", chat_id=ANNA, message_id=999)
        await bot.delete_message(ANNA, sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(ANNA, sent.message_id)

    with_bot(api, scenario)
    assert api.messages(ANNA) == []
    edit = api.calls("editMessageText")[0]
    assert edit.status == 400 and edit.description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    assert [c.status for c in api.sent(ANNA)] == [200, 400, 400, 200, 400, 200, 400]


def test_length_limits_button_data_and_markup(api: BotApiEmulator) -> None:
    async def scenario(bot: Bot) -> None:
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(ANNA, "x" * 4097)
        await bot.send_message(ANNA, "x" * 4096)
        with pytest.raises(BadRequest, match=r"(?i)message is too long"):
            await bot.send_message(ANNA, "😀" * 2049)  # counted in UTF-16 units, like Telegram
        too_long = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="d" * 65)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await bot.send_message(ANNA, "knop", reply_markup=too_long)
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities: unsupported start tag"):
            await bot.send_message(ANNA, "<p>3 < 4</p>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)character '!' is reserved"):
            await bot.send_message(ANNA, "Welkom!", parse_mode="MarkdownV2")
        await bot.send_message(
            ANNA, "Kies:", reply_markup=ReplyKeyboardMarkup([["Ja", "Nee"]], one_time_keyboard=True)
        )
        await bot.send_message(ANNA, "<b>Judo</b> &amp; koken", parse_mode="HTML")

    with_bot(api, scenario)
    assert api.keyboard(ANNA) == {
        "keyboard": [[{"text": "Ja"}, {"text": "Nee"}]],
        "one_time_keyboard": True,
    }
    last = api.last_message(ANNA)
    assert last and last["text"] == "Judo & koken"
    assert last["entities"] == [{"type": "bold", "offset": 0, "length": 4}]
    answer = api.press_key(ANNA, "Nee")
    assert answer["message"]["text"] == "Nee" and api.keyboard(ANNA) is None


def test_blocked_user_answers_forbidden(api: BotApiEmulator) -> None:
    api.block_user(ANNA)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        with_bot(api, lambda bot: bot.send_message(ANNA, "Herinnering"))
    assert api.calls("sendMessage")[0].response == {
        "ok": False,
        "error_code": 403,
        "description": "Forbidden: bot was blocked by the user",
    }
    [update] = api.pending_updates()
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"

    api.send_text(ANNA, "/start")  # writing to the bot again unblocks it
    assert with_bot(api, lambda bot: bot.send_message(ANNA, "Welkom terug")).text == "Welkom terug"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_rate_limit_and_scripted_errors(api: BotApiEmulator) -> None:
    api.set_rate_limit(2, retry_after=3)

    async def flood(bot: Bot) -> RetryAfter:
        await bot.send_message(ANNA, "1")
        await bot.send_chat_action(ANNA, "typing")  # not counted: no message
        await bot.send_message(BOB, "2")
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(ANNA, "3")
        return caught.value

    error = with_bot(api, flood)
    assert retry_seconds(error) == 3
    assert api.calls("sendMessage")[-1].response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }

    api.set_rate_limit(None, per_chat=1)
    api.fail_next("sendMessage", status=429, retry_after=7)
    api.fail_next("sendMessage", count=2, status=502)
    api.fail_next("sendMessage", status=500)

    async def burst(bot: Bot) -> list[str]:
        seen = []
        for _ in range(4):
            try:
                await bot.send_message(BOB, "poging")
            except RetryAfter as caught:
                seen.append(f"retry {retry_seconds(caught):.0f}")
            except NetworkError as caught:
                seen.append(str(caught))
        await bot.send_message(BOB, "eindelijk")
        with pytest.raises(RetryAfter):  # the per-chat limit: one message per second
            await bot.send_message(BOB, "nog een")
        await bot.send_message(ANNA, "andere chat mag wel")
        return seen

    assert with_bot(api, burst) == [
        "retry 7",
        "Bad Gateway",
        "Bad Gateway",
        "Internal Server Error",
    ]
    api.clear_faults()
    assert with_bot(api, lambda bot: bot.send_message(BOB, "weer rustig")).text == "weer rustig"


def test_an_outage_fails_every_call_but_get_updates_until_it_ends(api: BotApiEmulator) -> None:
    async def during_and_after(bot: Bot) -> tuple[list[str], int, str]:
        api.fail_for(0.6)
        failed = []
        for method in (bot.send_message, bot.send_message):
            with pytest.raises(NetworkError) as caught:
                await method(ANNA, "storing")
            failed.append(str(caught.value))
        polled = len(await bot.get_updates(timeout=0))
        await asyncio.sleep(0.7)
        return failed, polled, (await bot.send_message(ANNA, "weer in de lucht")).text

    assert with_bot(api, during_and_after) == (
        ["Internal Server Error", "Internal Server Error"],
        0,
        "weer in de lucht",
    )


def test_latency_is_added_to_answers(api: BotApiEmulator) -> None:
    api.set_latency(0.3, method="sendMessage")

    async def timed(bot: Bot) -> tuple[float, float]:
        started = time.monotonic()
        await bot.get_me()
        quick = time.monotonic() - started
        await bot.send_message(ANNA, "traag")
        return quick, time.monotonic() - started - quick

    quick, slow = with_bot(api, timed)
    assert quick < 0.25 <= 0.3 <= slow


# -- files and commands ------------------------------------------------------------------------


def test_send_document_and_photo_keep_name_and_bytes(api: BotApiEmulator) -> None:
    pdf = b"%PDF-1.4 programma najaar"
    image = png(640, 480)

    async def scenario(bot: Bot) -> tuple[str, str, str]:
        sent = await bot.send_document(
            ANNA,
            pdf,
            filename="programma-najaar.pdf",
            caption="Het <b>programma</b>",
            parse_mode="HTML",
        )
        assert sent.document and sent.document.file_name == "programma-najaar.pdf"
        with pytest.raises(BadRequest, match=r"(?i)there is no text in the message"):
            await sent.edit_text("tekst")
        await sent.edit_caption("Het programma")  # same text, but the bold entity goes
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await sent.edit_caption("Het programma")
        again = await bot.send_document(BOB, sent.document.file_id)
        assert again.document and again.document.file_unique_id == sent.document.file_unique_id
        photo = await bot.send_photo(ANNA, image, caption="Affiche")
        with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
            await bot.send_photo(ANNA, b"not an image")
        return sent.document.file_id, sent.document.mime_type or "", photo.photo[-1].file_id

    file_id, mime, photo_id = with_bot(api, scenario)
    assert mime == "application/pdf"
    assert api.file(file_id).data == pdf and api.file(file_id).filename == "programma-najaar.pdf"
    upload = api.calls("sendDocument")[0].params["document"]
    assert isinstance(upload, UploadedFile) and upload.filename == "programma-najaar.pdf"
    document_message, photo_message = api.messages(ANNA)
    assert document_message["caption"] == "Het programma"
    assert "caption_entities" not in document_message and "edit_date" in document_message
    assert document_message["document"]["file_size"] == len(pdf)
    assert [(p["width"], p["height"]) for p in photo_message["photo"]] == [
        (90, 68),
        (320, 240),
        (640, 480),
    ]
    assert api.file(photo_id).data == image


def test_commands_per_language_and_scope(api: BotApiEmulator) -> None:
    async def scenario(bot: Bot) -> list[str]:
        await bot.set_my_commands([("start", "Beginnen"), ("help", "Hulp")])
        await bot.set_my_commands([("start", "Start"), ("help", "Help")], language_code="en")
        await bot.set_my_commands([("beheer", "Beheer")], scope=BotCommandScopeChat(ANNA))
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await bot.set_my_commands([("Start!", "x")])
        await bot.set_my_description("Ontdek je talent", language_code="nl")
        assert (await bot.get_my_name()).name == "Talentbot"
        return [c.command for c in await bot.get_my_commands(language_code="en")]

    assert with_bot(api, scenario) == ["start", "help"]
    assert api.commands() == [
        {"command": "start", "description": "Beginnen"},
        {"command": "help", "description": "Hulp"},
    ]
    assert api.commands("en")[0]["description"] == "Start"
    assert api.commands("de") == api.commands()  # no German list: the default one shows
    assert api.bot_profile("nl")["description"] == "Ontdek je talent"
    assert api.bot_profile("en")["description"] == ""
    assert api.commands(scope={"type": "chat", "chat_id": ANNA}) == [
        {"command": "beheer", "description": "Beheer"}
    ]


# -- webhook -----------------------------------------------------------------------------------


class Receiver:
    """A plain HTTP webhook receiver that fails the first delivery of the text "een"."""

    def __init__(self) -> None:
        self.received: list[tuple[int, str | None, dict[str, Any]]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                secret = self.headers.get("X-Telegram-Bot-Api-Secret-Token")
                text = body.get("message", {}).get("text")
                first_try = all(
                    b["update_id"] != body["update_id"] for _, _, b in receiver.received
                )
                status = 500 if text == "een" and first_try else 200
                receiver.received.append((status, secret, body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_webhook_push_with_secret_retry_and_order(api: BotApiEmulator) -> None:
    with Receiver() as hook:

        async def setup(bot: Bot) -> None:
            assert await bot.set_webhook(hook.url, secret_token="s3cret_Token-1")
            info = await bot.get_webhook_info()
            assert info.url == hook.url
            with pytest.raises(Conflict, match=r"(?i)webhook is active"):
                await bot.get_updates()

        with_bot(api, setup)
        one = api.send_text(ANNA, "een")
        two = api.send_text(ANNA, "twee")
        three = api.send_text(BOB, "drie")
        api.wait_for(lambda a: not a.pending_updates() and len(hook.received) == 4)

    delivered = [b["update_id"] for status, _, b in hook.received if status == 200]
    anna = [i for i in delivered if i in (one["update_id"], two["update_id"])]
    assert anna == [one["update_id"], two["update_id"]]  # retried, and still in order
    assert three["update_id"] in delivered
    assert {secret for _, secret, _ in hook.received} == {"s3cret_Token-1"}
    info = api.webhook_info()
    assert info["pending_update_count"] == 0
    assert (
        info["last_error_message"] == "Wrong response from the webhook: 500 Internal Server Error"
    )
    first = [d for d in api.webhook_deliveries() if d.update_id == one["update_id"]]
    assert [(d.attempt, d.status) for d in first] == [(1, 500), (2, 200)]

    assert with_bot(api, lambda bot: bot.delete_webhook(drop_pending_updates=True)) is True
    assert raw(api, "getUpdates").json() == {"ok": True, "result": []}


def test_webhook_mode_with_ptb_webhook_server(api: BotApiEmulator) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"Via webhook: {update.message.text}")

    app = ptb_builder(api).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    url = f"http://127.0.0.1:{free_port()}/telegram"
    with running_application(app, webhook_url=url, secret_token="geheim"):
        reply = api.wait_for_reply(api.send_text(ANNA, "hallo"))

    assert reply["text"] == "Via webhook: hallo"
    [delivery] = api.webhook_deliveries()
    # PTB's server answers 403 to a wrong secret: a 200 means the header arrived intact.
    assert (delivery.secret_token, delivery.status, delivery.url) == ("geheim", 200, url)


# -- the test API itself -----------------------------------------------------------------------


def test_wait_for_counts_reports_and_reset(api: BotApiEmulator) -> None:
    mark = api.mark()
    with pytest.raises(TimeoutError, match="last bot calls"):
        api.wait_for(1, timeout=0.1, chat_id=ANNA)
    threading.Timer(
        0.1, lambda: raw(api, "sendMessage", json={"chat_id": ANNA, "text": "x"})
    ).start()
    [call] = api.wait_for(1, chat_id=ANNA, since=mark)
    assert call.ok and call.result["text"] == "x"
    before = api.send_text(ANNA, "hoi")["update_id"]

    api.reset()
    assert api.calls() == [] and api.messages(ANNA) == [] and api.pending_updates() == []
    assert api.send_text(ANNA, "opnieuw")["update_id"] > before  # ids never restart
