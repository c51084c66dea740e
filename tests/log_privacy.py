"""No log line carries what a family typed or a name: the whole suite's logs (this process's,
and those of every `talentbot run` it starts) are searched for the texts and names the tests
sent, when the session ends. A hit fails the run and shows where.

What is sent is recorded where it enters: `Engine.handle` for everything handled in this
process, and the Bot API emulator's users for updates a bot process fetches. Short texts
("ja", "10", "/start") are left out: they are not personal, and would match by chance."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

LOG_DIR_VARIABLE = "TALENTBOT_TEST_LOG_DIR"  # where process logs go (tests/test_telegram_process)
PERSONAL_KEYS = frozenset({"text", "caption", "first_name", "last_name", "question"})
LOGGERS = ("bot", "telegram", "botapi_emulator", "apscheduler")  # logged at INFO, as with -v
MIN_LENGTH = 8

sent: set[str] = set()


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = record.getMessage()
        if record.exc_info:
            line += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(line)


lines = _Lines()


def remember(value: Any) -> None:
    """Texts and names in a message, a user or a raw update."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) >= MIN_LENGTH and not text.startswith("/") and re.search(r"[^\W\d_]", text):
            sent.add(text)
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key in PERSONAL_KEYS or isinstance(inner, dict | list):
                remember(inner)
    elif isinstance(value, list):
        for inner in value:
            remember(inner)


def leaks(texts: Iterable[str], logged: Iterable[str]) -> list[tuple[str, str]]:
    """(text, line) for each log line holding one of the texts."""
    found = []
    wanted = sorted(set(texts), key=len, reverse=True)
    for line in logged:
        for text in wanted:
            if text in line:
                found.append((text, line))
                break
    return found


def start() -> None:
    """Before the first test: record what is sent, keep every log line."""
    from bot.engine.core import Engine
    from botapi_emulator.users import UserActions

    os.environ[LOG_DIR_VARIABLE] = tempfile.mkdtemp(prefix="talentbot-logs-")
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    attach()
    Engine.handle = _recording(Engine.handle, lambda args: args[1].text)  # type: ignore[method-assign]
    UserActions._user_message = _recording(UserActions._user_message, lambda args: args[2])  # type: ignore[method-assign]
    UserActions.send_raw_update = _recording(UserActions.send_raw_update, lambda args: args[1])  # type: ignore[method-assign]
    UserActions.add_user = _recording(  # type: ignore[method-assign]
        UserActions.add_user, lambda args: list(args[2:])
    )


def attach() -> None:
    """Again before each test: `talentbot` run in this process resets the root logger."""
    root = logging.getLogger()
    if lines not in root.handlers:
        root.addHandler(lines)


def _recording(method: Callable[..., Any], picked: Callable[[tuple[Any, ...]], Any]) -> Any:
    def recorded(*args: Any, **kwargs: Any) -> Any:
        remember(picked(args))
        remember(kwargs.get("first_name"))
        remember(kwargs.get("last_name"))
        return method(*args, **kwargs)

    return recorded


def report() -> list[str]:
    """What leaked, as lines to show; empty when nothing did."""
    logged = list(lines.lines)
    folder = Path(os.environ.get(LOG_DIR_VARIABLE, ""))
    if folder.is_dir():
        for file in sorted(folder.glob("*.log")):
            logged.extend(file.read_text(encoding="utf-8", errors="replace").splitlines())
    return [f"{text!r} in: {line[:300]}" for text, line in leaks(sent, logged)]
