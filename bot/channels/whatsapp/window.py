"""The outbox through WhatsApp's 24-hour window: within 24 hours of the family's last
message a row goes as the engine renders it (text, buttons, files); outside it as the
kind's template (dialogs/whatsapp.yaml): utility for reminders, offers, changes,
confirm-or-release, a librarian's answer to the family's question, the rating request and
the follow-up (whose answer the family's next message gives), marketing for
announcements and only to families who opted in to news. Anything else outside the window
is skipped with the reason (counted in broadcast reports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.channels.whatsapp.templates import Template, Templates
from bot.db.models import Event, Family, OutboxMessage, Question, Registration
from bot.engine import views
from bot.engine.core import Engine
from bot.engine.types import Reply
from bot.outbox.dispatch import Skipped
from bot.timeutil import format_span, local

WINDOW = timedelta(hours=24)
# Kept free at the window's end: a message rendered just inside it must arrive inside it.
MARGIN = timedelta(minutes=10)
MAX_PARAMETER = 700


@dataclass(frozen=True)
class Filled:
    """A template with its parameters, in the family's language."""

    template: Template
    language: str
    parameters: tuple[str, ...]

    @property
    def message(self) -> tuple[str, dict[str, object]]:
        body = [{"type": "text", "text": value} for value in self.parameters]
        content = {
            "name": self.template.name,
            "language": {"code": self.language},
            "components": [{"type": "body", "parameters": body}] if body else [],
        }
        return "template", content


@dataclass(frozen=True)
class Outgoing:
    """One outbox row as the WhatsApp sender gets it: replies, or a template."""

    message_id: int
    family_id: int | None
    language: str
    replies: tuple[Reply, ...] = ()
    template: Filled | None = None


def in_window(family: Family, now: datetime) -> bool:
    last = family.last_incoming_at
    return last is not None and now - last < WINDOW - MARGIN


class WindowRenderer:
    """The dispatcher's renderer for WhatsApp rows (bot/outbox/dispatch.py)."""

    def __init__(self, engine: Engine, templates: Templates) -> None:
        self.engine = engine
        self.db = engine.db
        self.templates = templates

    def render_in(
        self, session: Session, message_id: int, now: datetime
    ) -> tuple[str, list[Outgoing]] | None:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            return None
        family = session.get(Family, message.family_id) if message.family_id else None
        outside = family is not None and not in_window(family, now)
        template = self.templates.get(message.kind) if outside else None
        # Rendered in full even for a template: its buttons are kept in the family's state,
        # and with `short` the family's next message continues it (flows/short_notice.py).
        rendered = self.engine.notifications.render(
            session, message_id, now, short=template is not None
        )
        if rendered is None:
            return None
        chat_id, replies = rendered
        language = family.language if family is not None else self.engine.default_language
        if family is None or not outside:
            return chat_id, [Outgoing(message_id, message.family_id, language, tuple(replies))]
        if template is None:
            raise Skipped("outside the WhatsApp 24-hour window; no template for this kind")
        if template.marketing and not (family.news_opt_in_at and family.announcements):
            raise Skipped("outside the WhatsApp 24-hour window; no opt-in to news")
        if "text" in template.parameters and not str(message.payload.get("text", "")).strip():
            raise Skipped("outside the WhatsApp 24-hour window; a photo alone has no template")
        filled = Filled(template, language, self._parameters(session, message, template, now))
        return chat_id, [Outgoing(message_id, family.id, language, template=filled)]

    def _parameters(
        self, session: Session, message: OutboxMessage, template: Template, now: datetime
    ) -> tuple[str, ...]:
        family = session.get(Family, message.family_id)
        language = family.language if family is not None else self.engine.default_language
        event = _event_of(session, message)
        values: dict[str, str] = {"text": str(message.payload.get("text", ""))}
        question_id = message.payload.get("question_id")
        question = session.get(Question, question_id) if isinstance(question_id, int) else None
        if question is not None and question.family_id == message.family_id:
            values["answer"] = question.answer or ""
        if event is not None:
            values["event"] = views.pick(event.title, language)
            values["when"] = format_span(event.start, event.end, language, today=local(now).date())
            values["place"] = event.location.name
            activity = event.activity
            values["hobby"] = views.pick(activity.name, language) if activity else values["event"]
        return tuple(_parameter(values.get(name, "")) for name in template.parameters)


def _event_of(session: Session, message: OutboxMessage) -> Event | None:
    event_id = message.event_id
    if event_id is None and message.registration_id is not None:
        registration = session.get(Registration, message.registration_id)
        event_id = registration.event_id if registration is not None else None
    return session.get(Event, event_id) if event_id else None


def _parameter(value: str) -> str:
    """WhatsApp takes no newlines, tabs or runs of spaces in a parameter, and no empty one."""
    text = " ".join(value.split()) or "-"
    return text if len(text) <= MAX_PARAMETER else text[: MAX_PARAMETER - 1].rstrip() + "…"
