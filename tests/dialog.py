"""Conversations as tables: (what the user does, fragments the reply must contain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.engine.core import Engine
from bot.engine.types import Button, Incoming, Outcome, Reply
from tests.conftest import NOW


@dataclass(frozen=True)
class Press:
    """Press the button of the last reply whose label contains this fragment."""

    label: str


class ChatUser:
    def __init__(self, engine: Engine, user_id: str = "1001", channel: str = "terminal") -> None:
        self.engine = engine
        self.user_id = user_id
        self.channel = channel
        self.replies: list[Reply] = []
        self.now: datetime = NOW

    @property
    def text(self) -> str:
        return "\n\n".join(r.text for r in self.replies)

    @property
    def visible(self) -> str:
        """Everything the user sees: texts and button labels."""
        return "\n".join([self.text, *(b.label for b in self.buttons)])

    @property
    def buttons(self) -> list[Button]:
        return [b for r in self.replies for b in r.flat_buttons]

    def send(self, text: str) -> Outcome:
        return self._deliver(Incoming(self.channel, self.user_id, self.user_id, text=text))

    def press(self, label: str) -> Outcome:
        return self.press_token(self.button(label).token)

    def press_token(self, token: str) -> Outcome:
        return self._deliver(Incoming(self.channel, self.user_id, self.user_id, button=token))

    def deliver(self, incoming: Incoming) -> Outcome:
        return self._deliver(incoming)

    def button(self, label: str) -> Button:
        matches = [b for b in self.buttons if label.lower() in b.label.lower()]
        assert matches, f"no button with {label!r} in {[b.label for b in self.buttons]}"
        return matches[0]

    def _deliver(self, incoming: Incoming) -> Outcome:
        outcome = self.engine.handle(incoming, now=self.now)
        if not outcome.ignored:
            self.replies = outcome.replies
        return outcome


def verify_dialog(user: ChatUser, steps: list[tuple[str | Press, list[str]]]) -> None:
    """Run each step and check that every fragment appears in the replies it produced."""
    for number, (action, fragments) in enumerate(steps, 1):
        if isinstance(action, Press):
            user.press(action.label)
        else:
            user.send(action)
        for fragment in fragments:
            assert fragment in user.visible, (
                f"step {number} ({action!r}): {fragment!r} not in reply:\n{user.visible}"
            )
