"""`talentbot run` as a real process against the Bot API emulator: polling and webhook."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from botapi_emulator import BotApiEmulator
from tests.conftest import DIALOGS, FIXTURE_CATALOGUE
from tests.log_privacy import LOG_DIR_VARIABLE

SCRIPT = Path(sys.executable).parent / "talentbot"
PARENT = 601
STARTUP = 30.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def talentbot_run(
    api: BotApiEmulator,
    database_url: str,
    *args: str,
    token: str | None = None,
    settings: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "TALENTBOT_WEB_PORT": "0",  # any free port: several bots run side by side in tests
        **(settings or {}),
        "TELEGRAM_BOT_TOKEN": token or api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TALENTBOT_DATABASE_URL": database_url,
        "TALENTBOT_CATALOGUE_DIR": str(FIXTURE_CATALOGUE),
        "TALENTBOT_DIALOGS_DIR": str(DIALOGS),
    }
    # Its log (verbose, as an operator would run it) goes where tests/log_privacy.py searches
    # the suite's logs for personal data; `log_of(process)` reads it.
    folder = Path(os.environ.get(LOG_DIR_VARIABLE) or tempfile.mkdtemp())
    log = (folder / f"run-{uuid.uuid4().hex[:12]}.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [str(SCRIPT), "--verbose", "run", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        text=True,
    )
    _logs[process.pid] = Path(log.name)
    try:
        yield process
    finally:
        log.close()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


_logs: dict[int, Path] = {}


def log_of(process: subprocess.Popen[str]) -> str:
    return _logs[process.pid].read_text(encoding="utf-8")


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder", language_code="nl")
        yield emulator


def _wait_until_polling(api: BotApiEmulator) -> None:
    api.wait_for(lambda a: a.calls("getUpdates"), timeout=STARTUP)


def test_polling_sets_the_menu_and_a_restart_continues_the_conversation(
    api: BotApiEmulator, sqlite_database: str
) -> None:
    with talentbot_run(api, sqlite_database) as process:
        _wait_until_polling(api)
        assert [c["command"] for c in api.commands()] == [
            "start",
            "hobby",
            "agenda",
            "inschrijvingen",
            "meldingen",
            "help",
            "taal",
            "privacy",
        ]
        assert api.commands()[1]["description"] == "Ontdek een hobby"
        assert api.commands("en")[1]["description"] == "Discover a hobby"
        agenda = api.wait_for_reply(api.send_text(PARENT, "/agenda"), timeout=STARTUP)
        assert agenda["text"] == "Wat wil je bekijken?"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0, log_of(process)

    # A new process on the same database: the button of the old message still works.
    with talentbot_run(api, sqlite_database):
        _wait_until_polling(api)
        update = api.press_button(PARENT, agenda, "Lezingen voor ouders")
        lectures = api.wait_for_reply(update, timeout=STARTUP)
        assert "Schermtijd en social media" in lectures["text"]


def test_webhook_mode_checks_the_secret_token(api: BotApiEmulator, sqlite_database: str) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    args = (
        "--webhook-url",
        url,
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        "--secret-token",
        "geheim-123",
    )
    with talentbot_run(api, sqlite_database, *args) as process:
        api.wait_for(lambda a: a.webhook_info().get("url") == url, timeout=STARTUP)
        reply = api.wait_for_reply(api.send_text(PARENT, "/start"), timeout=STARTUP)
        assert "Welkom bij de Talentenkwekerij" in reply["text"]
        assert all(d.secret_token == "geheim-123" for d in api.webhook_deliveries())

        forged = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "text": "/start",
                "chat": {"id": PARENT, "type": "private"},
            },
        }
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "fout"}):
            answer = httpx.post(url, json=forged, headers=headers, timeout=10)
            assert answer.status_code == 403
        assert len(api.messages(PARENT)) == 1

        base = f"http://127.0.0.1:{port}"
        health = httpx.get(f"{base}/healthz", timeout=10)
        assert health.status_code == 200
        assert health.json() == {"database": "ok", "scheduler": "ok"}
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        assert "talentbot_updates_total 1.0" in metrics
        assert "talentbot_update_seconds_count 1.0" in metrics
        assert "talentbot_outbox_due" in metrics

        # An update the library cannot read: acknowledged (else Telegram sends it again and
        # again), skipped, counted; the next family is answered.
        from tests.test_telegram import POISON_POLL

        poison = {"update_id": 77, **POISON_POLL}
        secret = {"X-Telegram-Bot-Api-Secret-Token": "geheim-123"}
        assert httpx.post(url, json=poison, headers=secret, timeout=10).status_code == 200
        reply = api.wait_for_reply(api.send_text(PARENT, "/menu"), timeout=STARTUP)
        assert reply["text"] == "Waarmee kan ik je helpen?"
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        assert "talentbot_unreadable_updates_total 1.0" in metrics

        process.send_signal(signal.SIGTERM)  # stops serving, finishes what is in hand
        assert process.wait(timeout=20) == 0, log_of(process)
        assert "Application.stop() complete" in log_of(process)


def test_a_rejected_token_gives_a_clear_error(api: BotApiEmulator, sqlite_database: str) -> None:
    with talentbot_run(api, sqlite_database, token="123456:WRONG-token") as process:
        assert process.wait(timeout=STARTUP) == 1
        assert "Telegram rejected the token" in log_of(process)
