"""What a web visitor's chat keeps: the last lines of the conversation (shown again after a
reload) and the attachments of the bot's replies (downloadable for a short while, by that
visitor only). Both hang under the family and go with it (forgotten, moved, retention)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.db.models import Family, WebChatFile, WebChatLine
from bot.engine.types import Reply
from bot.services.families import FAMILY_BY_ACCOUNT

KEPT_LINES = 50
FILE_VALID = timedelta(hours=2)
FILE_PATH = "/chat/files/{token}"


def family_of(session: Session, channel: str, visitor_id: str) -> Family | None:
    return session.scalar(FAMILY_BY_ACCOUNT, {"channel": channel, "external_id": visitor_id})


def lines(session: Session, family: Family | None, now: datetime) -> list[dict[str, Any]]:
    """The kept lines, oldest first, as the page shows them (a file's address while valid)."""
    if family is None:
        return []
    rows = session.scalars(
        select(WebChatLine)
        .where(WebChatLine.family_id == family.id)
        .order_by(WebChatLine.id.desc())
        .limit(KEPT_LINES)
    ).all()
    valid = set(
        session.scalars(
            select(WebChatFile.token).where(
                WebChatFile.family_id == family.id, WebChatFile.expires_at > now
            )
        )
    )
    return [shown(row.author, row.content, valid) for row in reversed(rows)]


def shown(author: str, content: dict[str, Any], valid: set[str]) -> dict[str, Any]:
    """One line for the page: text, buttons, and the attachment (no address once expired)."""
    rows = content.get("buttons", [])
    buttons = [[{"label": label, "token": token} for label, token in row] for row in rows]
    line: dict[str, Any] = {"author": author, "text": content.get("text", ""), "buttons": buttons}
    attachment = content.get("attachment")
    if attachment:
        token = attachment["token"]
        url = FILE_PATH.format(token=token) if token in valid else None
        line["attachment"] = {
            "filename": attachment["filename"],
            "mime_type": attachment["mime_type"],
            "url": url,
        }
    return line


def pressed_label(session: Session, family: Family | None, token: str) -> str | None:
    """The label of the button with this token in the kept lines (the newest first)."""
    if family is None:
        return None
    for content in session.scalars(
        select(WebChatLine.content)
        .where(WebChatLine.family_id == family.id, WebChatLine.author == "bot")
        .order_by(WebChatLine.id.desc())
        .limit(KEPT_LINES)
    ):
        for row in content.get("buttons", []):
            for label, button_token in row:
                if button_token == token:
                    return str(label)
    return None


def keep_turn(
    session: Session,
    family: Family,
    said: str | None,
    replies: Sequence[Reply],
    now: datetime,
) -> list[dict[str, Any]]:
    """Store what the visitor said and the replies; the replies as the page shows them."""
    if said:
        session.add(
            WebChatLine(
                family_id=family.id, author="visitor", content={"text": said}, created_at=now
            )
        )
    shown_replies, valid = [], set()
    for reply in replies:
        content: dict[str, Any] = {
            "text": reply.text,
            "buttons": [[[b.label, b.token] for b in row] for row in reply.buttons],
        }
        if reply.attachment is not None:
            token = _keep_file(session, family, reply, now)
            valid.add(token)
            content["attachment"] = {
                "filename": reply.attachment.filename,
                "mime_type": reply.attachment.mime_type,
                "token": token,
            }
        session.add(WebChatLine(family_id=family.id, author="bot", content=content, created_at=now))
        shown_replies.append(shown("bot", content, valid))
    session.flush()
    _keep_last(session, family)
    return shown_replies


def _keep_file(session: Session, family: Family, reply: Reply, now: datetime) -> str:
    assert reply.attachment is not None
    session.execute(
        delete(WebChatFile).where(WebChatFile.family_id == family.id, WebChatFile.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        WebChatFile(
            token=token,
            family_id=family.id,
            filename=reply.attachment.filename[:200],
            mime_type=reply.attachment.mime_type[:100],
            content=reply.attachment.content,
            expires_at=now + FILE_VALID,
        )
    )
    return token


def _keep_last(session: Session, family: Family) -> None:
    newest = select(WebChatLine.id).where(WebChatLine.family_id == family.id)
    cutoff = session.scalar(newest.order_by(WebChatLine.id.desc()).offset(KEPT_LINES).limit(1))
    if cutoff is not None:
        session.execute(
            delete(WebChatLine).where(WebChatLine.family_id == family.id, WebChatLine.id <= cutoff)
        )


def file_for(
    session: Session, family: Family | None, token: str, now: datetime
) -> WebChatFile | None:
    """The attachment, only for the visitor it was made for and only while it is valid."""
    if family is None or not token:
        return None
    found = session.get(WebChatFile, token[:64])
    if found is None or found.family_id != family.id or found.expires_at <= now:
        return None
    return found
