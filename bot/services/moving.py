"""Moving a family from a channel without messages of the bot's own (the web chat) to one with
them (Telegram; WhatsApp in the same way): a one-time code made on the first, claimed on the
second by `/start mv_<code>`, and the merge of everything the family has into the account
that claimed it.

A Telegram account that already has a family of its own is merged, not refused: refusing
would leave the parent with a choice between two half accounts, while nothing of the two can
clash except the same child (same first name and age) twice at the same event, which is one
seat too many and is given back to the waiting list.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    ChannelMove,
    Child,
    ContinueChoice,
    Conversation,
    Family,
    Feedback,
    OutboxMessage,
    Question,
    Registration,
)
from bot.db.states import ACTIVE_STATUSES, RegistrationStatus
from bot.services import registrations as regs
from bot.services.reminders import schedule_for

CODE_VALID = timedelta(hours=1)
KEEP_USED = timedelta(days=7)  # a used or expired code is recognised this long, then removed
CHOICES = ("telegram", "whatsapp", "none")


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def create_code(session: Session, family: Family, channel: str, now: datetime) -> str:
    """A new one-time code that moves `family` to `channel`; earlier open codes stop working."""
    session.execute(delete(ChannelMove).where(ChannelMove.expires_at < now - KEEP_USED))
    session.execute(
        update(ChannelMove)
        .where(ChannelMove.family_id == family.id, ChannelMove.used_at.is_(None))
        .values(expires_at=now)
    )
    code = secrets.token_urlsafe(18)
    session.add(
        ChannelMove(
            code_hash=_hash(code),
            family_id=family.id,
            channel=channel,
            created_at=now,
            expires_at=now + CODE_VALID,
        )
    )
    choose(session, family, channel, now)
    return code


def choose(session: Session, family: Family, choice: str, now: datetime) -> None:
    """Store what the family chose: a channel to continue on, or "none" (no reminders)."""
    if choice not in CHOICES:
        raise ValueError(choice)
    stored = session.get(ContinueChoice, family.id)
    if stored is None:
        session.add(ContinueChoice(family_id=family.id, choice=choice, chosen_at=now))
    else:
        stored.choice, stored.chosen_at = choice, now


def choice_of(session: Session, family: Family) -> str | None:
    stored = session.get(ContinueChoice, family.id)
    return stored.choice if stored is not None else None


@dataclass(frozen=True)
class Moved:
    """What a claim did: `status` moved|used|expired|unknown|same|elsewhere, and what came
    along. `elsewhere`: a link still open, but for another app (`channel`), open until
    `until`; it stays usable there."""

    status: str
    children: int = 0
    registrations: int = 0
    channel: str = ""
    until: datetime | None = None


def claim(session: Session, code: str, target: Family, now: datetime) -> Moved:
    """Move the family of `code` into `target` (the account that opened the link)."""
    move = session.scalar(
        select(ChannelMove).where(ChannelMove.code_hash == _hash(code)).with_for_update()
    )
    if move is None:
        return Moved("unknown")
    if move.used_at is not None:
        return Moved("used")
    if move.expires_at <= now or move.family_id is None:
        return Moved("expired")
    if move.channel != target.channel:  # opened in the wrong app: it still works in the right one
        return Moved("elsewhere", channel=move.channel, until=move.expires_at)
    source = session.get(Family, move.family_id)
    if source is None or source.id == target.id:
        return Moved("same")
    move.used_at = now
    children, moved = merge_family(session, source, target, now)
    return Moved("moved", children=children, registrations=moved)


def merge_family(
    session: Session, source: Family, target: Family, now: datetime
) -> tuple[int, int]:
    """Everything of `source` becomes `target`'s, then `source` is gone; (children,
    registrations) that came along. Reminders of upcoming seats are planned on the new
    channel (the old one could not deliver them)."""
    _take_settings(session, source, target)
    registrations = list(
        session.scalars(select(Registration).where(Registration.family_id == source.id)).unique()
    )
    children = _take_children(session, source, target, registrations, now)
    for registration in registrations:
        registration.family_id = target.id
    session.flush()
    for table in (Feedback, Question):
        session.execute(
            update(table).where(table.family_id == source.id).values(family_id=target.id)
        )
    session.execute(delete(OutboxMessage).where(OutboxMessage.family_id == source.id))
    for conversation in session.scalars(
        select(Conversation).where(Conversation.family_id == source.id)
    ):
        session.delete(conversation)
    session.delete(source)
    session.flush()
    for registration in registrations:
        if registration.status == RegistrationStatus.CONFIRMED and registration.event.end > now:
            schedule_for(session, registration, now)
    return children, len(registrations)


def _take_settings(session: Session, source: Family, target: Family) -> None:
    """A new account takes the family's settings; an existing one keeps its own, and gains
    the consent, the library and the interests it did not have."""
    fresh = (
        target.consent_at is None
        and not target.children
        and not _has_registrations(session, target)
    )
    if fresh:
        target.language = source.language
        target.reminders = source.reminders
        target.announcements = source.announcements
        target.rating_requests = source.rating_requests
    if target.consent_at is None:
        target.consent_at, target.consent_version = source.consent_at, source.consent_version
    target.library_id = target.library_id or source.library_id
    interests = list(target.interests or [])
    target.interests = interests + [i for i in source.interests or [] if i not in interests]


def _has_registrations(session: Session, family: Family) -> bool:
    found = session.scalar(select(Registration.id).where(Registration.family_id == family.id))
    return found is not None


def _take_children(
    session: Session,
    source: Family,
    target: Family,
    registrations: list[Registration],
    now: datetime,
) -> int:
    """Each child moves to `target`; one who is there already (same first name and age) is
    one child: their registrations join, and a seat held twice at one event is given back."""
    moved = 0
    for child in list(source.children):
        twin = _twin(target, child)
        if twin is None:
            target.children.append(child)
            moved += 1
            continue
        for registration in registrations:
            if registration.child_id == child.id:
                _join(session, registration, twin, now)
        source.children.remove(child)
    # A parent's own seats (lectures): one per event is enough.
    for registration in registrations:
        if registration.child_id is None and _held(session, registration, target, None):
            regs.cancel(session, registration, now, reason="merged")
    session.flush()
    return moved


def _twin(family: Family, child: Child) -> Child | None:
    name = child.first_name.casefold()
    return next(
        (c for c in family.children if c.first_name.casefold() == name and c.age == child.age),
        None,
    )


def _join(session: Session, registration: Registration, twin: Child, now: datetime) -> None:
    if _held(session, registration, twin.family, twin.id):
        regs.cancel(session, registration, now, reason="merged")
    registration.child_id = twin.id
    registration.child = twin


def _held(
    session: Session, registration: Registration, family: Family, child_id: int | None
) -> bool:
    """Whether `family` (that child, or the parent) already holds a place at this event."""
    if registration.status not in ACTIVE_STATUSES:
        return False
    query = select(Registration.id).where(
        Registration.event_id == registration.event_id,
        Registration.family_id == family.id,
        Registration.status.in_(ACTIVE_STATUSES),
        Registration.child_id.is_(None) if child_id is None else Registration.child_id == child_id,
    )
    return session.scalar(query) is not None
