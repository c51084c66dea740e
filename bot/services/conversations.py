"""Loading and saving a chat's conversation row, locked for the length of one message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import Conversation, Family, utcnow
from bot.services.families import FAMILY_BY_ACCOUNT, get_or_create_family, mark_active


@dataclass
class Chat:
    """A chat's conversation row as one message needs it: read as two columns, where an ORM
    object cost a tenth of an update's time and was never changed through the ORM."""

    id: int
    state: dict[str, Any]


# Built once: every update loads its conversation (see families.FAMILY_BY_ACCOUNT).
_CONVERSATION_OF_CHAT = (
    select(Conversation.id, Conversation.state)
    .where(
        Conversation.channel == bindparam("channel"),
        Conversation.chat_id == bindparam("chat_id"),
    )
    .with_for_update()
)


def load_conversation(session: Session, channel: str, chat_id: str, family_id: int) -> Chat:
    """The chat's row, locked FOR UPDATE on PostgreSQL so one chat is handled at a time."""
    chat = {"channel": channel, "chat_id": chat_id}
    row = session.execute(_CONVERSATION_OF_CHAT, chat).one_or_none()
    if row is not None:
        return Chat(row.id, row.state)
    conversation = Conversation(channel=channel, chat_id=chat_id, family_id=family_id, state={})
    try:
        with session.begin_nested():
            session.add(conversation)
    except IntegrityError:
        row = session.execute(_CONVERSATION_OF_CHAT, chat).one()
        return Chat(row.id, row.state)
    return Chat(conversation.id, conversation.state)


# The family and the chat's conversation in one query (the conversation locked as above):
# every update needs both, and on PostgreSQL each query costs a round trip.
_FAMILY_AND_CONVERSATION = (
    select(Family, Conversation.id, Conversation.state)
    .join(Conversation, Conversation.channel == Family.channel)
    .where(
        Family.channel == bindparam("channel"),
        Family.external_id == bindparam("external_id"),
        Conversation.chat_id == bindparam("chat_id"),
    )
    .with_for_update(of=Conversation)
)


def load_chat(
    session: Session,
    channel: str,
    user_id: str,
    chat_id: str,
    *,
    language: str,
    now: datetime,
    create: bool = True,
) -> tuple[Family, Chat] | None:
    """What `get_or_create_family` and then `load_conversation` give, in one query when both
    exist (all but a chat's first message). None for an unknown account when not `create`."""
    params = {"channel": channel, "external_id": user_id, "chat_id": chat_id}
    row = session.execute(_FAMILY_AND_CONVERSATION, params).one_or_none()
    if row is not None:
        family, conversation_id, state = row
        mark_active(family, now)
        return family, Chat(conversation_id, state)
    account = {"channel": channel, "external_id": user_id}
    if not create and session.scalar(FAMILY_BY_ACCOUNT, account) is None:
        return None
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


def save_state(session: Session, chat: Chat, state: dict[str, Any]) -> None:
    """Store the chat's state (nothing when it is unchanged). A conversation deleted in this
    transaction (the family asked to be forgotten) stays deleted: no row matches."""
    if state == chat.state:
        return
    params = {"conversation_id": chat.id, "state": state, "updated_at": utcnow()}
    session.connection().execute(_SAVE_STATE, params)
    chat.state = state
