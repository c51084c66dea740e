"""What a flow handler works with: the session, the family, the state, and a reply builder."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from bot.content.texts import Texts
from bot.db.models import Family
from bot.discovery.quiz import Quiz
from bot.engine.state import ButtonAction, ConversationState
from bot.engine.types import DEFAULT_START_LINK, Attachment, Button, Reply

if TYPE_CHECKING:
    from bot.engine.content import Content


@dataclass
class Context:
    session: Session
    family: Family
    state: ConversationState
    content: Content
    now: datetime
    replies: list[Reply] = field(default_factory=list)
    # How a link that opens this chat with a start argument looks ({argument}); the channel
    # of the incoming message says (a Telegram deep link, say).
    start_link: str = DEFAULT_START_LINK
    # Check-in at the door opens this many days before an event's day (a deployment setting).
    checkin_days_before: int = 0
    web_address: str = ""  # where the back-office is (sign-in links from /beheer)
    # The back-office's public address when one is configured (a phone can open it), else None.
    office_address: str | None = None
    elsewhere: tuple[tuple[str, str], ...] = ()  # see Incoming.elsewhere
    flows_run: set[str] = field(default_factory=set)  # e.g. {"discover"}: their scratch stays
    _new_buttons: dict[str, ButtonAction] = field(default_factory=dict)

    @property
    def telegram_link(self) -> str | None:
        """The Telegram deep link (with {argument}) when this deployment has a Telegram bot
        this channel knows of; None for a channel without one (see Incoming.start_link)."""
        return None if self.start_link == DEFAULT_START_LINK else self.start_link

    @property
    def texts(self) -> Texts:
        return self.content.texts

    @property
    def quiz(self) -> Quiz:
        return self.content.quiz

    @property
    def language(self) -> str:
        return self.family.language

    @property
    def mode(self) -> str:
        return self.state.mode or "parent"

    def t(self, key: str, /, **params: Any) -> str:
        """The text for this user's language and mode."""
        return self.texts.get(key, self.language, self.mode, **params)

    def run(self, action: str, **args: Any) -> bool:
        """Run another action of this engine in this turn (see `Actions.run`)."""
        return self.content.actions.run(self, action, args)

    def button(self, label: str, action: str, *, once: bool = False, **args: Any) -> Button:
        """A button whose token leads back to `action(**args)`; tokens are opaque and random."""
        token = secrets.token_urlsafe(6)
        self._new_buttons[token] = ButtonAction(
            action=action, args=args, once=once, generation=self.state.generation + 1
        )
        return Button(label=label, token=token)

    def say(
        self,
        text: str,
        buttons: list[list[Button]] | None = None,
        attachment: Attachment | None = None,
        *,
        no_preview: bool = False,
    ) -> None:
        rows = tuple(tuple(row) for row in buttons or () if row)
        reply = Reply(text=text, buttons=rows, attachment=attachment, no_preview=no_preview)
        self.replies.append(reply)

    def finish(self) -> dict[str, Any]:
        """Fold this turn's buttons into the state and return it for storage."""
        if self._new_buttons:
            self.state.generation += 1
            self.state.buttons.update(self._new_buttons)
            self.state.forget_old_buttons()
        # Defaults left out: a third of the stored JSON, written and read on every update.
        return self.state.model_dump(mode="json", exclude_defaults=True)
