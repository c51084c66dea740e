"""The web app as a real process: beside Telegram in polling mode (`talentbot run`), and on
its own (`talentbot web`); a librarian signs in with the link the CLI prints."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from botapi_emulator import BotApiEmulator
from tests.cli import environment_for
from tests.test_telegram_process import (
    PARENT,
    SCRIPT,
    STARTUP,
    _free_port,
    _wait_until_polling,
    talentbot_run,
)

LIBRARIAN = "8100"


@pytest.fixture
def api() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder", language_code="nl")
        yield emulator


def _wait_for_http(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert process.poll() is None, "the process stopped"
            assert time.monotonic() < deadline, f"nothing answered at {url}"
            time.sleep(0.1)


def _cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**environment_for(database_url), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _sign_in(base: str, database_url: str) -> httpx.Client:
    added = _cli(
        "staff",
        "add",
        "--telegram-id",
        LIBRARIAN,
        "--role",
        "staff",
        "--library",
        "teststad",
        database_url=database_url,
    )
    assert added.returncode == 0, added.stderr
    printed = _cli(
        "staff",
        "login-link",
        "--telegram-id",
        LIBRARIAN,
        "--base-url",
        base,
        database_url=database_url,
    )
    assert printed.returncode == 0, printed.stderr
    (link,) = printed.stdout.splitlines()
    browser = httpx.Client(base_url=base, timeout=10)
    page = browser.get(link)
    assert "Druk op de knop om in te loggen" in page.text
    token = link.split("token=", 1)[1]
    assert browser.post("/beheer/inloggen", data={"token": token}).status_code == 303
    return browser


def test_polling_mode_serves_the_web_app_on_the_web_port(
    api: BotApiEmulator, sqlite_database: str
) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    settings = {"TALENTBOT_WEB_PORT": str(port)}
    api.add_user(int(LIBRARIAN), "Bibliothecaris", language_code="nl")
    with talentbot_run(api, sqlite_database, settings=settings) as process:
        _wait_until_polling(api)
        health = _wait_for_http(f"{base}/healthz", process)
        assert health.json() == {"database": "ok", "scheduler": "ok"}
        reply = api.wait_for_reply(api.send_text(PARENT, "/start"), timeout=STARTUP)
        assert "Welkom bij de Talentenkwekerij" in reply["text"]
        browser = _sign_in(base, sqlite_database)
        agenda = browser.get("/beheer")
        assert agenda.status_code == 200 and "Saxofoon spelen" in agenda.text
        # /beheer in the chat: a link to this address, without a link preview (Telegram's
        # servers would fetch it).
        answer = api.wait_for_reply(api.send_text(int(LIBRARIAN), "/beheer"), timeout=STARTUP)
        assert f"{base}/beheer/inloggen?token=" in answer["text"]
        assert answer["link_preview_options"] == {"is_disabled": True}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


@contextmanager
def talentbot_web(database_url: str, port: int) -> Iterator[subprocess.Popen[str]]:
    env = {**environment_for(database_url), "TALENTBOT_WEB_PORT": str(port), "PATH": "/usr/bin"}
    process = subprocess.Popen(
        [str(SCRIPT), "web"],
        env=env,
        stdin=subprocess.DEVNULL,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_talentbot_web_serves_the_back_office_without_telegram(sqlite_database: str) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with talentbot_web(sqlite_database, port) as process:
        health = _wait_for_http(f"{base}/healthz", process)
        assert health.status_code == 200 and health.json() == {"database": "ok"}
        assert httpx.get(f"{base}/beheer", timeout=10).status_code == 303
        browser = _sign_in(base, sqlite_database)
        assert "Snorkelen proberen" in browser.get("/beheer").text
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
