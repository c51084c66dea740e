"""Loading and saving a chat's conversation row, locked for the length of one message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from bot.db.models import Conversation, Family, utcnow
from bot.services.families import get_or_create_family, mark_active

# Built once: every update loads its conversation (see families._FAMILY_BY_ACCOUNT).
_CONVERSATION_OF_CHAT = (
    select(Conversation)
    .where(
        Conversation.channel == bindparam("channel"),
        Conversation.chat_id == bindparam("chat_id"),
    )
    .with_for_update()
)


def load_conversation(session: Session, channel: str, chat_id: str, family_id: int) -> Conversation:
    """The chat's row, locked FOR UPDATE on PostgreSQL so one chat is handled at a time."""
    chat = {"channel": channel, "chat_id": chat_id}
    conversation = session.scalar(_CONVERSATION_OF_CHAT, chat)
    if conversation is not None:
        return conversation
    conversation = Conversation(channel=channel, chat_id=chat_id, family_id=family_id, state={})
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        return session.scalars(_CONVERSATION_OF_CHAT, chat).one()
    return conversation


# The family and the chat's conversation in one query (the conversation locked as above):
# every update needs both, and on PostgreSQL each query costs a round trip.
_FAMILY_AND_CONVERSATION = (
    select(Family, Conversation)
    .join(Conversation, Conversation.channel == Family.channel)
    .where(
        Family.channel == bindparam("channel"),
        Family.external_id == bindparam("external_id"),
        Conversation.chat_id == bindparam("chat_id"),
    )
    .with_for_update(of=Conversation)
)


def load_chat(
    session: Session, channel: str, user_id: str, chat_id: str, *, language: str, now: datetime
) -> tuple[Family, Conversation]:
    """What `get_or_create_family` and then `load_conversation` give, in one query when both
    exist (all but a chat's first message)."""
    params = {"channel": channel, "external_id": user_id, "chat_id": chat_id}
    row = session.execute(_FAMILY_AND_CONVERSATION, params).one_or_none()
    if row is not None:
        family, conversation = row
        mark_active(family, now)
        return family, conversation
    family, _ = get_or_create_family(session, channel, user_id, language=language, now=now)
    return family, load_conversation(session, channel, chat_id, family.id)


# Every update ends by storing the chat's state: one prebuilt UPDATE, where the ORM's flush of
# the same change (unit of work, change history, onupdate) cost twice as much.
_conversations = Conversation.__table__
_SAVE_STATE = (
    _conversations.update()
    .where(_conversations.c.id == bindparam("conversation_id"))
    .values(state=bindparam("state"), updated_at=bindparam("updated_at"))
)


def save_state(session: Session, conversation: Conversation, state: dict[str, Any]) -> None:
    """What `conversation.state = state` stores at the commit (nothing when it is unchanged;
    updated_at set as its onupdate does), written now."""
    if state == conversation.state:
        return
    updated_at = utcnow()
    params = {"conversation_id": conversation.id, "state": state, "updated_at": updated_at}
    session.execute(_SAVE_STATE, params)
    set_committed_value(conversation, "state", state)
    set_committed_value(conversation, "updated_at", updated_at)
