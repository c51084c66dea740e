"""Outbox rows as chat replies: each kind is rendered by its `notify.<kind>` action for the
family it is for, with buttons stored in that chat's state, like any other reply.

The outbox (bot/outbox/) claims and delivers; this is the engine's part, turning one claimed
row into replies. None means there is nothing to say any more (the seat was cancelled, the
family turned this kind off).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.models import Family, Feedback, OutboxMessage
from bot.db.states import OPT_OUT_SETTING, PLAIN_KINDS, OutboxKind, OutboxState
from bot.engine import views
from bot.engine.content import Content
from bot.engine.context import Context
from bot.engine.state import ConversationState
from bot.engine.types import Reply
from bot.services.conversations import load_conversation, save_state
from bot.services.handoff import staff_message
from bot.timeutil import format_span, local

log = logging.getLogger(__name__)
Rendered = tuple[str, list[Reply]]  # (chat id, replies)
WITHDRAWN_TEXTS = frozenset({"handoff.withdrawn", "feedback.withdrawn"})


class Notifications:
    def __init__(self, content: Content, default_language: str) -> None:
        self.content = content
        self.default_language = default_language

    def render(
        self, session: Session, message_id: int, now: datetime, *, short: bool = False
    ) -> Rendered | None:
        """The replies for one claimed row, inside the caller's transaction (the dispatcher
        renders a claimed batch in the transaction that claims it). `short`: the family
        sees it as a short text without its buttons (a WhatsApp template), so their next
        message continues it (flows/short_notice.py)."""
        message = session.get(OutboxMessage, message_id)
        if message is None or message.state != OutboxState.CLAIMED:
            return None
        if message.kind == OutboxKind.STAFF_QUESTION:
            return self._staff_question(session, message)
        if message.kind == OutboxKind.STAFF_FEEDBACK:
            return self._staff_feedback(session, message, now)
        if message.kind == OutboxKind.STAFF_MESSAGE_WITHDRAWN:
            return self._withdrawn(message)
        family = session.get(Family, message.family_id) if message.family_id else None
        setting = OPT_OUT_SETTING.get(message.kind)
        if family is None or (setting is not None and not getattr(family, setting)):
            return None
        if message.kind in PLAIN_KINDS:
            return _plain(message)
        return self._with_buttons(session, message, family, now, short)

    def _with_buttons(
        self, session: Session, message: OutboxMessage, family: Family, now: datetime, short: bool
    ) -> Rendered | None:
        conversation = load_conversation(session, message.channel, message.chat_id, family.id)
        state = ConversationState.from_stored(conversation.state)
        ctx = Context(session, family, state, self.content, now)
        args = {**message.payload, "registration_id": message.registration_id}
        if not ctx.run(f"notify.{message.kind}", **args):
            log.error("no way to render outbox messages of kind %s", message.kind)
            return None
        if short and ctx.replies:
            ctx.run("short_notice.sent", kind=message.kind, registration_id=message.registration_id)
        save_state(session, conversation, ctx.finish())
        return (message.chat_id, ctx.replies) if ctx.replies else None

    def _staff_question(self, session: Session, message: OutboxMessage) -> Rendered | None:
        """A family's question for the staff chat: its number and text, not who asked."""
        question = staff_message(session, int(message.payload.get("question_id", 0)))
        if question is None:
            return None
        text = self.content.texts.get(
            "handoff.staff_message",
            self.default_language,
            "parent",
            id=question.id,
            language=question.language,
            text=question.text,
        )
        return message.chat_id, [Reply(text)]

    def _withdrawn(self, message: OutboxMessage) -> Rendered | None:
        """The staff chat's copy of a forgotten family's question or feedback, changed."""
        key = message.payload.get("text_key")
        if key not in WITHDRAWN_TEXTS:
            return None
        text = self.content.texts.get(
            key, self.default_language, "parent", id=message.payload.get("id", "?")
        )
        ids = message.payload.get("message_ids") or []
        if not ids:
            return None
        return message.chat_id, [Reply(text, edit_of=str(i)) for i in ids]

    def _staff_feedback(
        self, session: Session, message: OutboxMessage, now: datetime
    ) -> Rendered | None:
        """A family's feedback for the staff chat: what was said and about what, not who."""
        feedback = session.get(Feedback, int(message.payload.get("feedback_id", 0)))
        if feedback is None:  # the family asked to be forgotten meanwhile
            return None
        language, event = self.default_language, feedback.event
        texts = self.content.texts
        if event is None:
            text = texts.get("feedback.staff_message", language, "parent", text=feedback.text)
        else:
            text = texts.get(
                "feedback.staff_message_event",
                language,
                "parent",
                title=views.pick(event.title, language),
                when=format_span(event.start, event.end, language, today=local(now).date()),
                text=feedback.text,
            )
        return message.chat_id, [Reply(text)]


def _plain(message: OutboxMessage) -> Rendered | None:
    """Announcements carry no buttons: no conversation to lock or write, which keeps a
    broadcast to thousands close to the rate Telegram allows."""
    text = str(message.payload.get("text", ""))
    photo = message.payload.get("photo")
    if not text and not photo:
        return None
    return message.chat_id, [Reply(text, photo_id=photo)]
