"""Loading and saving a chat's conversation row, locked for the length of one message."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Conversation


def load_conversation(session: Session, channel: str, chat_id: str, family_id: int) -> Conversation:
    """The chat's row, locked FOR UPDATE on PostgreSQL so one chat is handled at a time."""
    query = (
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.chat_id == chat_id)
        .with_for_update()
    )
    conversation = session.scalar(query)
    if conversation is not None:
        return conversation
    conversation = Conversation(channel=channel, chat_id=chat_id, family_id=family_id, state={})
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        return session.scalars(query).one()
    return conversation
