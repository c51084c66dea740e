"""The real python-telegram-bot application with the engine, against the Bot API emulator."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot.app import App
from bot.channels.telegram.application import build_application
from bot.channels.telegram.send import send_replies
from bot.db import Database
from bot.engine.types import Attachment, Button, Reply
from botapi_emulator import BotApiEmulator
from botapi_emulator.ptb import ptb_bot, running_application
from tests.cli import talentbot
from tests.conftest import FIXTURE_CATALOGUE, import_into, settings_for

PARENT = 501
OTHER_PARENT = 502


def _bot_texts(api: BotApiEmulator, chat_id: int) -> str:
    return "\n\n".join(m.get("text", "") for m in api.messages(chat_id))


def _labels(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        emulator.add_user(OTHER_PARENT, "Andere ouder")
        yield emulator


def _application(api: BotApiEmulator, db: Database, **overrides: Any) -> Application:
    settings = replace(
        settings_for(db.url),
        telegram_bot_token=api.token,
        telegram_api_base_url=api.base_url,
        **overrides,
    )
    return build_application(App.open(settings, db))


@pytest.fixture
def bot(api: BotApiEmulator, sqlite_db: Database) -> Iterator[Application]:
    import_into(sqlite_db)
    with running_application(_application(api, sqlite_db, send_retries=2)) as application:
        yield application


def _start_as_parent(api: BotApiEmulator) -> dict[str, Any]:
    """/start, then 'I am a parent'; returns the main menu message."""
    welcome = api.wait_for_reply(api.send_text(PARENT, "/start"))
    return api.wait_for_reply(api.press_button(PARENT, welcome, "ouder"))


def test_start_and_browse_the_agenda_with_buttons(api: BotApiEmulator, bot: Application) -> None:
    welcome = api.wait_for_reply(api.send_text(PARENT, "/start"))
    assert "Welkom bij de Talentenkwekerij" in welcome["text"]
    assert _labels(welcome) == ["👩 Ik ben ouder of verzorger", "🧒 Ik ben een kind"]
    menu = _start_as_parent(api)
    # "Fijn!" and the menu come as one message, in place of the welcome that was pressed.
    assert api.calls("editMessageText", chat_id=PARENT)[-1].result == menu
    assert menu["text"].startswith("Fijn!") and menu["text"].endswith("Waarmee kan ik je helpen?")
    assert api.callback_answers, "the button press was answered (spinner stopped)"

    # A single reply to a button replaces the pressed message: the menu becomes the agenda.
    update = api.press_button(PARENT, menu, "Workshops en lezingen")
    agenda = api.wait_for_reply(update)
    assert agenda["message_id"] == menu["message_id"]
    assert agenda["text"] == "Wat wil je bekijken?"
    listing = api.wait_for_reply(api.press_button(PARENT, agenda, "Workshops voor kinderen"))
    assert "Snorkelen proberen" in listing["text"]
    details = api.wait_for_reply(api.press_button(PARENT, listing, "Snorkelen proberen"))
    assert "zaterdag 12 december, 14:00–15:30" in details["text"]
    assert "Nog 10 plekken vrij" in details["text"]


def test_a_forged_button_gets_a_friendly_answer_and_the_menu(
    api: BotApiEmulator, bot: Application
) -> None:
    menu = _start_as_parent(api)
    forged = {
        "callback_query": {
            "id": "forged-1",
            "from": {"id": PARENT, "is_bot": False, "first_name": "Ouder"},
            "message": menu,
            "chat_instance": "x",
            "data": "../../admin;DROP TABLE events",
        }
    }
    reply = api.wait_for_reply(api.send_raw_update(forged))
    assert reply["text"] == (
        "Deze knop werkt niet meer. Hier is het menu.\n\nWaarmee kan ik je helpen?"
    )
    assert _labels(reply)[0] == menu["reply_markup"]["inline_keyboard"][0][0]["text"]


def test_another_parents_button_does_not_work(api: BotApiEmulator, bot: Application) -> None:
    menu = _start_as_parent(api)
    token = menu["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    api.wait_for_reply(api.send_text(OTHER_PARENT, "/start"))
    other_menu = api.last_message(OTHER_PARENT)
    forged = {
        "callback_query": {
            "id": "stolen-1",
            "from": {"id": OTHER_PARENT, "is_bot": False, "first_name": "Andere ouder"},
            "message": other_menu,
            "chat_instance": "y",
            "data": token,
        }
    }
    reply = api.wait_for_reply(api.send_raw_update(forged))
    assert reply["text"].startswith("Deze knop werkt niet meer")


def test_a_double_tap_acts_once(api: BotApiEmulator, bot: Application) -> None:
    menu = _start_as_parent(api)
    first = api.press_button(PARENT, menu, "Workshops en lezingen")
    api.press_button(PARENT, menu, "Workshops en lezingen")
    api.wait_for(lambda a: len(a.callback_answers) >= 3)  # both presses were answered
    api.wait_for_reply(first)
    edits = api.calls("editMessageText", chat_id=PARENT, since=first)
    sends = api.calls("sendMessage", chat_id=PARENT, since=first)
    assert len(edits) + len(sends) == 1


def test_non_text_messages_get_a_short_friendly_answer(
    api: BotApiEmulator, bot: Application
) -> None:
    for act, fragment in [
        (lambda: api.send_sticker(PARENT), "Leuke sticker"),
        (lambda: api.send_photo(PARENT), "geen foto's bekijken"),
        (lambda: api.send_voice(PARENT), "spraakberichten"),
        (lambda: api.send_location(PARENT), "Ik gebruik geen locaties"),
    ]:
        assert fragment in api.wait_for_reply(act())["text"]
    sent = api.send_text(PARENT, "/agenda")
    api.wait_for_reply(sent)
    edited = api.edit_text(PARENT, sent["message"], "/hobby")
    assert "aangepast" in api.wait_for_reply(edited)["text"]


def test_groups_only_hear_commands_and_get_sent_to_a_private_chat(
    api: BotApiEmulator, bot: Application
) -> None:
    group = api.add_group(-100777, "Ouders groep 7")
    api.send_text(PARENT, "hallo allemaal", chat_type="group", chat_id=group["id"])
    command = api.send_text(
        PARENT, f"/agenda@{api.bot_username}", chat_type="group", chat_id=group["id"]
    )
    reply = api.wait_for_reply(command)
    assert "privégesprek" in reply["text"] and f"t.me/{api.bot_username}" in reply["text"]
    assert len(api.messages(group["id"])) == 1


def test_a_reply_longer_than_a_message_is_split_at_paragraphs(
    api: BotApiEmulator, tmp_path: Path, sqlite_db: Database
) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, catalogue)
    paragraphs = "\\n\\n".join(f"Alinea {i}: " + "heel lang verhaal " * 40 for i in range(8))
    events = catalogue / "events.yaml"
    events.write_text(
        events.read_text().replace(
            "    title: Saxofoon spelen\n",
            f'    title: Saxofoon spelen\n    description: "{paragraphs}"\n',
        )
    )
    import_into(sqlite_db, catalogue)
    with running_application(_application(api, sqlite_db)):
        api.wait_for_reply(api.send_text(PARENT, "/agenda"))
        agenda = api.last_message(PARENT)
        listing = api.wait_for_reply(api.press_button(PARENT, agenda, "Workshops voor kinderen"))
        mark = api.press_button(PARENT, listing, "Saxofoon")
        calls = api.wait_for(2, chat_id=PARENT, method="sendMessage", since=mark)
    texts = [c.params["text"] for c in calls]
    assert all(len(t) <= 4096 for t in texts)
    assert texts[0].startswith("✨ Saxofoon spelen") and "Alinea 0" in texts[0]
    assert "Nog 2 plekken vrij" in texts[-1]
    assert "reply_markup" in calls[-1].params and "reply_markup" not in calls[0].params


def test_a_blocked_user_is_logged_without_crashing_and_others_are_served(
    api: BotApiEmulator, bot: Application, caplog: pytest.LogCaptureFixture
) -> None:
    api.wait_for_reply(api.send_text(PARENT, "/start"))
    caplog.set_level(logging.WARNING, logger="bot.channels.telegram.channel")
    api.block_user(OTHER_PARENT)
    mark = api.send_raw_update(
        {
            "message": {
                "message_id": 9001,
                "date": 1_764_000_000,
                "chat": {"id": OTHER_PARENT, "type": "private"},
                "from": {"id": OTHER_PARENT, "is_bot": False, "first_name": "Andere ouder"},
                "text": "/start",
            }
        }
    )
    api.wait_for(lambda a: any(c.status == 403 for c in a.calls(since=mark)))
    reply = api.wait_for_reply(api.send_text(PARENT, "/menu"))
    assert reply["text"] == "Waarmee kan ik je helpen?"
    assert any("the chat is closed to the bot" in r.getMessage() for r in caplog.records)
    assert not any("Andere ouder" in r.getMessage() for r in caplog.records)


def test_flood_control_429_is_retried_after_the_given_time(
    api: BotApiEmulator, bot: Application
) -> None:
    api.fail_next("sendMessage", status=429, retry_after=1)
    update = api.send_text(PARENT, "/help")
    reply = api.wait_for_reply(update, timeout=10)
    assert "Dit kan ik voor je doen" in reply["text"]
    statuses = [c.status for c in api.calls("sendMessage", chat_id=PARENT, since=update)]
    assert statuses == [429, 200]


def test_server_errors_and_timeouts_do_not_stop_the_bot(
    api: BotApiEmulator, bot: Application
) -> None:
    api.fail_next("sendMessage", status=502, description="Bad Gateway")
    failed = api.send_text(PARENT, "/help")
    api.wait_for(lambda a: any(c.status == 502 for c in a.calls(since=failed)))
    assert "Dit kan ik voor je doen" in api.wait_for_reply(failed, timeout=10)["text"]
    reply = api.wait_for_reply(api.send_text(PARENT, "/menu"))
    assert "Waarmee kan ik je helpen?" in reply["text"]


def test_attachments_go_out_as_document_or_photo_with_caption_and_buttons(
    api: BotApiEmulator,
) -> None:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    replies = [
        Reply("Je agenda:", (), Attachment("workshop.ics", b"BEGIN:VCALENDAR", "text/calendar")),
        Reply("Grafiek", ((Button("OK", "tok1"),),), Attachment("chart.png", png, "image/png")),
        Reply("lang " * 300, (), Attachment("lang.ics", b"BEGIN:VCALENDAR", "text/calendar")),
    ]

    async def send() -> None:
        async with ptb_bot(api) as bot:
            await send_replies(bot, PARENT, replies)

    asyncio.run(send())
    document = api.calls("sendDocument", chat_id=PARENT)[0]
    stored = api.file(document.result["document"]["file_id"])
    assert (stored.filename, stored.data) == ("workshop.ics", b"BEGIN:VCALENDAR")
    assert document.result["caption"] == "Je agenda:"  # one message: the file and its text
    photo = api.calls("sendPhoto", chat_id=PARENT)[0]
    assert photo.ok and "reply_markup" in photo.params and photo.result["caption"] == "Grafiek"
    texts = [c.params["text"] for c in api.calls("sendMessage", chat_id=PARENT)]
    assert texts == ["lang " * 300]  # too long for a caption: a message, then the file


def test_periodic_jobs_are_scheduled(api: BotApiEmulator, sqlite_db: Database) -> None:
    application = _application(api, sqlite_db)
    assert application.job_queue is not None
    names = {job.name for job in application.job_queue.jobs()}
    assert {"outbox", "expire-offers", "confirm-or-release", "no-shows", "retention"} <= names


POISON_POLL = {  # a forwarded poll as an older local Bot API server sends it: PTB 22 cannot
    "message": {  # read it (no allows_revoting, members_only)
        "message_id": 9100,
        "date": 1_764_000_000,
        "chat": {"id": OTHER_PARENT, "type": "private"},
        "from": {"id": OTHER_PARENT, "is_bot": False, "first_name": "Daan Jansen"},
        "poll": {
            "id": "p1",
            "question": "Kempenaar 12, wie komt er?",
            "options": [{"text": "ja", "voter_count": 0}],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
        },
    }
}


def test_an_update_the_library_cannot_read_is_skipped_and_the_rest_is_answered(
    api: BotApiEmulator, bot: Application, sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # as the bot logs (bot/logs.py)
    api.send_raw_update(POISON_POLL)
    reply = api.wait_for_reply(api.send_text(PARENT, "/menu"), timeout=10)
    assert reply["text"] == "Waarmee kan ik je helpen?"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Kempenaar" not in logged and "Daan Jansen" not in logged
    skipped = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(skipped) == 1
    # Confirmed with the next poll: not fetched again and again.
    assert api.wait_for(lambda a: not a.pending_updates(), timeout=10)
    # Kept (a day) for whoever looks into why: `talentbot inbox unreadable`.
    kept = talentbot("inbox", "unreadable", database_url=sqlite_db.url)
    assert kept.returncode == 0
    [line] = kept.stdout.splitlines()
    assert json.loads(line)["message"]["poll"]["question"] == "Kempenaar 12, wie komt er?"


def test_a_reply_during_telegram_server_errors_arrives_once_they_pass(
    api: BotApiEmulator, bot: Application
) -> None:
    _start_as_parent(api)
    api.fail_next("sendMessage", count=4, status=500, description="Internal Server Error")
    update = api.send_text(PARENT, "/help")
    reply = api.wait_for_reply(update, timeout=20)  # tried again after 0.5, 1, 2 and 4 s
    assert "Dit kan ik voor je doen" in reply["text"]
    statuses = [c.status for c in api.calls("sendMessage", chat_id=PARENT, since=update)]
    assert statuses == [500, 500, 500, 500, 200]  # once delivered, not again


def _sent_ok(api: BotApiEmulator, method: str, chat_id: int) -> list[Any]:
    return [c for c in api.calls(method, chat_id=chat_id) if c.ok]


def test_twenty_seconds_of_server_errors_lose_no_reply_and_repeat_no_confirmation(
    api: BotApiEmulator, bot: Application
) -> None:
    """Telegram answers 500 to every send for 20 s. A registration confirmed in that time gets
    its confirmation with the .ics and its QR code afterwards, once each; every parent who
    asked for the agenda meanwhile gets it."""
    menu = _start_as_parent(api)
    steps = [("/agenda", None), ("Workshops voor kinderen", 1), ("Saxofoon spelen", 1)]
    steps += [("Inschrijven", 1), ("Akkoord", 1), ("Sam", None), ("10", None)]
    last = menu
    for step, pressed in steps:
        update = api.press_button(PARENT, last, step) if pressed else api.send_text(PARENT, step)
        last = api.wait_for(lambda a, u=update: _latest_with_buttons(a, u), timeout=10)
    assert "Klopt dat?" in last["text"]
    askers = list(range(9300, 9310))
    for user_id in askers:
        api.add_user(user_id, f"Ouder {user_id}")

    api.fail_for(20.0)
    started = time.monotonic()
    api.press_button(PARENT, last, "Ja, inschrijven")
    for user_id in askers:
        api.send_text(user_id, "/agenda")

    def all_arrived(a: BotApiEmulator) -> bool:
        answered = all(_sent_ok(a, "sendMessage", u) for u in askers)
        return answered and bool(_sent_ok(a, "sendPhoto", PARENT))

    api.wait_for(all_arrived, timeout=60)
    assert time.monotonic() - started >= 20.0  # nothing got through the outage itself
    time.sleep(2)  # room for a repeat, which must not come
    for user_id in askers:
        [agenda] = _sent_ok(api, "sendMessage", user_id)
        assert "Wat wil je bekijken?" in agenda.params["text"]
    [confirmation] = _sent_ok(api, "sendDocument", PARENT)
    assert "🎉 Sam staat ingeschreven voor Saxofoon spelen!" in confirmation.params["caption"]
    [code] = _sent_ok(api, "sendPhoto", PARENT)
    assert "Laat deze code bij de deur zien" in code.params["caption"]


def _latest_with_buttons(api: BotApiEmulator, update: dict[str, Any]) -> dict[str, Any] | None:
    """The bot's last message in the chat after the update, once it has buttons."""
    sent = [c.result for c in api.calls(chat_id=PARENT, since=update) if c.ok]
    messages = [m for m in sent if isinstance(m, dict) and "message_id" in m]
    if messages and messages[-1].get("reply_markup"):
        return messages[-1]
    return None
