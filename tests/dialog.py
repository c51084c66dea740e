"""Conversations as tables: each `Step` is what the user does and what they must notice.

    check_dialog(user, [
        Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"],
             buttons=["Workshops voor kinderen (2)"]),
        Step(press="Workshops voor kinderen", messages=1, says=["Snorkelen proberen"],
             not_says=["Schermtijd"]),
    ])

A step is checked strictly, the way a user reads the chat:

- `messages`: exactly how many messages came (required; a double tap is `ignored=True`);
- `says` / `not_says`: fragments of the message texts, never of button labels;
- `buttons` / `no_buttons`: fragments of the labels of the buttons offered;
- `files`: the names of the files sent, in order, as patterns ("*.ics"); a step without
  `files` asserts that no file came. Only `files=None` leaves them unchecked: for a step
  where what comes looks wrong (a reported bug), so the test neither fails nor pins it.

Fragments match exactly, case and all. A step must name at least one thing to see (a count
alone does not say what the step is for), and a table must not be empty.

`press="Saxofoon"` presses the one button of the last replies whose label contains the
fragment (in any case, or equals it); a fragment that fits no button or several is an error,
so a step never presses a button by accident. `token=` presses a button that is not on the
screen any more (an old, forged or someone else's button).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase

from bot.engine.core import Engine
from bot.engine.types import Button, Incoming, Outcome, Reply
from tests.conftest import NOW


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


@dataclass(frozen=True, kw_only=True)
class Step:
    """One thing the user does (exactly one of send, press, token) and what must follow."""

    send: str | None = None  # type a message
    press: str | None = None  # press the one button of the last replies whose label has this
    token: str | None = None  # press a button by its raw token (old, forged, someone else's)
    messages: int | None = None  # exactly this many messages come back
    says: Sequence[str] = ()
    not_says: Sequence[str] = ()
    buttons: Sequence[str] = ()
    no_buttons: Sequence[str] = ()
    files: Sequence[str] | None = ()
    ignored: bool = False  # a double tap: nothing at all comes back

    def __post_init__(self) -> None:
        actions = [a for a in (self.send, self.press, self.token) if a is not None]
        if len(actions) != 1:
            raise TypeError(f"{self!r}: give exactly one of send=, press= or token=")
        for name in ("says", "not_says", "buttons", "no_buttons", "files"):
            if isinstance(getattr(self, name), str):
                raise TypeError(f"{self.action}: {name}= takes a list of fragments, not a string")
        expectations = (self.says, self.not_says, self.buttons, self.no_buttons, self.files or ())
        if self.ignored:
            if self.messages not in (None, 0) or any(expectations):
                raise TypeError(f"{self.action}: an ignored step has no messages to check")
            return
        if self.messages is None:
            raise TypeError(f"{self.action}: say how many messages come back (messages=N)")
        if not any(expectations):
            raise TypeError(
                f"{self.action}: say what the user notices (says=, not_says=, buttons=, "
                "no_buttons= or files=); a count alone does not say what the step is for"
            )

    @property
    def action(self) -> str:
        if self.send is not None:
            return f"send {self.send!r}"
        if self.press is not None:
            return f"press {self.press!r}"
        return f"press the button with token {self.token!r}"


def check_dialog(user: ChatUser, steps: Sequence[Step]) -> None:
    """Run the steps one by one; stop at the first step whose replies are not as expected."""
    if not steps:
        raise TypeError("an empty dialog checks nothing")
    for number, step in enumerate(steps, 1):
        if not isinstance(step, Step):
            raise TypeError(f"step {number}: expected a Step, got {step!r}")
        before = user.replies
        outcome = _act(user, step, number, len(steps))
        problems = _problems(step, outcome)
        if problems:
            where = f"step {number} of {len(steps)} ({step.action})"
            raise AssertionError(
                f"{where}:\n"
                + "".join(f"  - {p}\n" for p in problems)
                + "the reply:\n"
                + describe(outcome.replies)
                + "\nin answer to:\n"
                + describe(before)
            )


def _act(user: ChatUser, step: Step, number: int, total: int) -> Outcome:
    if step.send is not None:
        return user.send(step.send)
    if step.token is not None:
        return user.press_token(step.token)
    assert step.press is not None
    wanted = step.press.casefold()
    matches = [b for b in user.buttons if wanted in b.label.casefold()]
    exact = [b for b in matches if b.label.casefold() == wanted]
    if len(exact) == 1 or len(matches) == 1:
        return user.press_token((exact or matches)[0].token)
    problem = "no button" if not matches else f"{len(matches)} buttons"
    raise AssertionError(
        f"step {number} of {total} (press {step.press!r}): {problem} with that label; "
        f"make the fragment match exactly one of:\n" + describe(user.replies)
    )


def _problems(step: Step, outcome: Outcome) -> list[str]:
    replies = outcome.replies
    if outcome.ignored != step.ignored:
        if step.ignored:
            return ["expected the press to be ignored (a double tap), but it was handled"]
        return ["the input was ignored (as a double tap), expected an answer"]
    if step.ignored:
        return [] if not replies else [f"an ignored press sent {len(replies)} messages"]
    problems: list[str] = []
    if len(replies) != step.messages:
        problems.append(f"expected {step.messages} messages, got {len(replies)}")
    text = "\n\n".join(r.text for r in replies)
    labels = [b.label for r in replies for b in r.flat_buttons]
    problems += [f"{f!r} is not in the texts" for f in step.says if f not in text]
    problems += [f"{f!r} is in the texts, and must not be" for f in step.not_says if f in text]
    problems += [
        f"no button label has {f!r}" for f in step.buttons if not any(f in b for b in labels)
    ]
    problems += [
        f"a button label has {f!r}: {[b for b in labels if f in b]}"
        for f in step.no_buttons
        if any(f in b for b in labels)
    ]
    names = [r.attachment.filename for r in replies if r.attachment is not None]
    if step.files is None:
        return problems
    if len(names) != len(step.files) or not all(
        fnmatchcase(name, pattern) for name, pattern in zip(names, step.files, strict=True)
    ):
        problems.append(f"expected files {list(step.files)}, got {names}")
    return problems


def describe(replies: Sequence[Reply]) -> str:
    """Replies as the user sees them: each message's text, then its buttons and file."""
    if not replies:
        return "  (no messages)\n"
    lines: list[str] = []
    for n, reply in enumerate(replies, 1):
        lines.append(f"  message {n} of {len(replies)}:")
        lines += [f"    | {line}" for line in reply.text.splitlines() or [""]]
        for row in reply.buttons:
            lines.append("    buttons: " + "  ".join(f"[{b.label}]" for b in row))
        if reply.attachment is not None:
            lines.append(f"    file: {reply.attachment.filename}")
        if reply.photo_id is not None:
            lines.append(f"    photo: {reply.photo_id}")
    return "\n".join(lines) + "\n"
