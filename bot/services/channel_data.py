"""What a channel keeps about a family beside the shared tables, for "mijn gegevens" and
"verwijder alles": the web chat's kept lines (they go with the family by cascade) and the
further pages of WhatsApp menus (keyed by a hash of the number, not by the family; a label
may hold a child's first name, so forgetting deletes them here)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db.models import Family, WebChatLine, WhatsAppMenu
from bot.timeutil import local

WHATSAPP = "whatsapp"


def whatsapp_menu_chat(chat_id: str) -> str:
    """The key of a WhatsApp chat's kept menus: a hash of the number."""
    return hashlib.sha256(f"whatsapp-menu:{chat_id}".encode()).hexdigest()


def web_chat_lines(session: Session, family: Family) -> list[dict[str, Any]]:
    """The web chat's kept lines of the family, oldest first: who, what, when."""
    rows = session.scalars(
        select(WebChatLine).where(WebChatLine.family_id == family.id).order_by(WebChatLine.id)
    )
    return [
        {
            "author": r.author,
            "text": r.content.get("text", ""),
            "at": local(r.created_at).isoformat(),
        }
        for r in rows
    ]


def forget_channel_data(session: Session, family: Family) -> None:
    if family.channel == WHATSAPP:
        chat = whatsapp_menu_chat(family.external_id)
        session.execute(delete(WhatsAppMenu).where(WhatsAppMenu.chat == chat))
