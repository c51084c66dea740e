"""The terminal channel: chat with the engine from a shell.

On a terminal it is interactive. When input is piped, each line is one message and a line
holding only a number N presses button N of the last reply, so conversations can be scripted.
A number without such a button is sent as text (an age, say).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from bot.engine.core import Engine
from bot.engine.types import Button, Incoming, Reply

CHANNEL = "terminal"


class TerminalChat:
    def __init__(self, engine: Engine, user_id: str, out: TextIO) -> None:
        self.engine = engine
        self.user_id = user_id
        self.out = out
        self.buttons: list[Button] = []

    def send_line(self, line: str) -> None:
        line = line.rstrip("\r\n")
        number = int(line.strip()) if line.strip().isdigit() else 0
        if 1 <= number <= len(self.buttons):
            token = self.buttons[number - 1].token
            self._deliver(Incoming(CHANNEL, self.user_id, self.user_id, button=token))
        else:
            self._deliver(Incoming(CHANNEL, self.user_id, self.user_id, text=line))

    def _deliver(self, incoming: Incoming) -> None:
        outcome = self.engine.handle(incoming)
        if outcome.ignored:
            return
        self._show(outcome.replies)

    def _show(self, replies: Iterable[Reply]) -> None:
        numbered: list[Button] = []
        for reply in replies:
            self.out.write(reply.text + "\n")
            for row in reply.buttons:
                labels = []
                for button in row:
                    numbered.append(button)
                    labels.append(f"[{len(numbered)}] {button.label}")
                self.out.write("   " + "   ".join(labels) + "\n")
            if reply.photo_id is not None:
                self.out.write("   📷\n")
            if reply.attachment is not None:
                self.out.write(f"   📎 {reply.attachment.filename}\n")
            self.out.write("\n")
        self.out.flush()
        if numbered:
            self.buttons = numbered


def run_terminal(
    engine: Engine, user_id: str, stdin: TextIO, out: TextIO, interactive: bool
) -> None:
    chat = TerminalChat(engine, user_id, out)
    if interactive:
        out.write(engine.texts.get("terminal.hint", engine.language_of(CHANNEL, user_id)) + "\n\n")
        chat.send_line("/start")
    while True:
        if interactive:
            out.write("> ")
            out.flush()
        line = stdin.readline()
        if not line:
            break
        if line.strip():
            chat.send_line(line)
