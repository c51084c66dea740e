"""One turn of a web visitor: what they sent → an `Incoming` for the engine (the same engine
as Telegram, channel "web", the visitor's id as account and chat) → the replies, kept in the
visitor's history and returned as the page shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import App
from bot.channels.telegram.convert import start_link
from bot.channels.web import history
from bot.channels.web.visitor import CHANNEL
from bot.channels.whatsapp.convert import start_link as whatsapp_link
from bot.db.models import Library
from bot.engine.types import DEFAULT_START_LINK, MAX_TEXT, Incoming
from bot.services.families import get_or_create_family

START = "/start"


@dataclass(frozen=True)
class Turn:
    text: str | None = None
    button: str | None = None
    library: str | None = None
    language: str | None = None
    embedded: bool = False

    @classmethod
    def from_body(cls, body: Any) -> Turn | None:
        """{"text": "..."} or {"button": "<token>"}, with "library" and "embed"; else None."""
        if not isinstance(body, dict):
            return None
        text, button, library = body.get("text"), body.get("button"), body.get("library")
        if not isinstance(library, str) or not library:
            library = None
        language = body.get("language") if body.get("language") in ("nl", "en") else None
        where = {"library": library, "language": language, "embedded": body.get("embed") is True}
        if isinstance(button, str) and button and text is None:
            return cls(button=button[:64], **where)
        if isinstance(text, str) and text.strip() and button is None:
            return cls(text=text[:MAX_TEXT], **where)
        return None


def continue_links(
    telegram_username: str | None, whatsapp_number: str | None = None
) -> tuple[tuple[str, str], ...]:
    """Where a web family may continue with reminders, as (channel, start link): Telegram
    when the bot's name is known, WhatsApp when it is connected and its number is set (a
    wa.me link with "START mv_<code>" ready to send, which that channel reads as /start)."""
    links: list[tuple[str, str]] = []
    if telegram_username:
        links.append(("telegram", start_link(telegram_username)))
    if whatsapp_number:
        links.append(("whatsapp", whatsapp_link(whatsapp_number)))
    return tuple(links)


def take_turn(
    app: App,
    visitor_id: str,
    turn: Turn,
    links: tuple[tuple[str, str], ...],
    now: datetime,
) -> tuple[list[dict[str, Any]], bool]:
    """The engine's replies to this turn, kept with what the visitor said; and whether the
    family was forgotten this very turn ("verwijder alles": nothing is kept)."""
    said, known = _before(app, visitor_id, turn, now)
    incoming = Incoming(
        channel=CHANNEL,
        chat_id=visitor_id,
        user_id=visitor_id,
        text=turn.text,
        button=turn.button,
        # A check-in QR code opens the staff's Telegram (they scan it there).
        start_link=dict(links).get("telegram", DEFAULT_START_LINK),
        elsewhere=links,
    )
    outcome = app.engine.handle(incoming, now=now)
    with app.db.transaction() as session:
        family = history.family_of(session, CHANNEL, visitor_id)
        if family is None:
            shown = [history.shown("bot", {"text": r.text}, set()) for r in outcome.replies]
            return shown, known
        return history.keep_turn(session, family, said, outcome.replies, now), False


def _before(app: App, visitor_id: str, turn: Turn, now: datetime) -> tuple[str | None, bool]:
    """What the history shows the visitor said (a press: the button's label), and whether
    the visitor has a family. A first message makes the family in the page's language, and
    from a library's widget, of that library (a press of a visitor without one does nothing,
    as on Telegram)."""
    with app.db.transaction() as session:
        family = history.family_of(session, CHANNEL, visitor_id)
        if family is None and turn.text is not None:
            language = turn.language or app.settings.default_language
            family, _ = get_or_create_family(
                session, CHANNEL, visitor_id, language=language, now=now
            )
            if turn.library and _library_exists(session, turn.library):
                family.library_id = turn.library
        if turn.button is not None:
            return history.pressed_label(session, family, turn.button), family is not None
        return (None if turn.text == START else turn.text), family is not None


def _library_exists(session: Session, library_id: str) -> bool:
    return session.scalar(select(Library.id).where(Library.id == library_id)) is not None
