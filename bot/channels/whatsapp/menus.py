"""The further pages of a menu longer than WhatsApp shows at once: the buttons behind a
"Meer…" row, kept a day for the chat that got them (a hash of its number, not the number)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from bot.db.models import WhatsAppMenu
from bot.engine.types import Button
from bot.services.channel_data import whatsapp_menu_chat

KEPT = timedelta(days=1)


def chat_hash(chat_id: str) -> str:
    return whatsapp_menu_chat(chat_id)  # kept beside the family's data, for forgetting


def keep(session: Session, chat_id: str, buttons: list[Button], now: datetime) -> str:
    key = secrets.token_urlsafe(12)
    stored = [[b.label, b.token] for b in buttons]
    session.add(WhatsAppMenu(key=key, chat=chat_hash(chat_id), buttons=stored, created_at=now))
    session.flush()
    return key


def pages(session: Session, chat_id: str, key: str, now: datetime) -> list[Button] | None:
    """The buttons behind `key`, for this chat only, while they are kept."""
    menu = session.get(WhatsAppMenu, key)
    if menu is None or menu.chat != chat_hash(chat_id) or menu.created_at < now - KEPT:
        return None
    return [Button(label, token) for label, token in menu.buttons]


def purge(session: Session, now: datetime) -> int:
    gone = session.execute(delete(WhatsAppMenu).where(WhatsAppMenu.created_at < now - KEPT))
    return gone.rowcount or 0
