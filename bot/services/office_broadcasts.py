"""Announcements from the back-office: who may address which audience (the chat's rule), a
send that a double submit cannot repeat, and a member's broadcast history.

The messages themselves are made by `broadcasts.create_broadcast`, exactly as from the chat
and the CLI; the outbox delivers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, Broadcast, Event, StaffMember
from bot.services import broadcasts, staff
from bot.services.office_agenda import scoped_events

SEND_ACTION = "broadcast.send"
KEY_LIFETIME = timedelta(days=1)  # longer than a session: a stale form is never sent twice
PAGE_SIZE = 20


class NotYours(Exception):
    """An audience or broadcast outside this member's scope (shown as "not found")."""


def may_address(session: Session, member: StaffMember, audience: str) -> bool:
    """As /omroep: an event's registrants or waiting list when the member may see the event;
    the library's wider audiences for staff and admins, never for a partner."""
    kind, _, value = audience.partition(":")
    if kind in ("event", "waitlist"):
        event = session.get(Event, value)
        return event is not None and staff.may_see_event(member, event)
    return member.role != "partner"


def reach(session: Session, member: StaffMember, audience: str) -> int:
    """How many families the audience reaches now; BroadcastError when it does not exist,
    NotYours when it is not this member's to address."""
    if not may_address(session, member, audience):
        raise NotYours(audience)
    return len(broadcasts.audience_families(session, audience, member.library_id))


def send_once(
    session: Session,
    member: StaffMember,
    *,
    actor: str,
    audience: str,
    text: str,
    key: str,
    now: datetime,
) -> Broadcast:
    """The broadcast of this one-time form key: made and audited the first time, the same one
    again for a repeated submit (a double click, a reload, a second tab)."""
    if not may_address(session, member, audience):
        raise NotYours(audience)
    # One member's sends queue here (PostgreSQL; SQLite's writers queue anyway), so two
    # submits of one form at the same moment cannot both find the key unused.
    session.execute(
        select(StaffMember.id).where(StaffMember.id == member.id).with_for_update()
    ).all()
    earlier = _sent_with(session, actor, key, now)
    if earlier is not None:
        return earlier
    broadcast = broadcasts.create_broadcast(
        session,
        audience=audience,
        text=text,
        library_id=member.library_id,
        created_by=member.telegram_id,
        now=now,
    )
    details = {"audience": audience, "total": broadcast.total, "key": key}
    staff.audit(session, actor, SEND_ACTION, str(broadcast.id), details, now)
    return broadcast


def _sent_with(session: Session, actor: str, key: str, now: datetime) -> Broadcast | None:
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.actor == actor,
            AuditEntry.action == SEND_ACTION,
            AuditEntry.at >= now - KEY_LIFETIME,
        )
    )
    for entry in entries:
        if (entry.details or {}).get("key") == key and entry.target:
            return session.get(Broadcast, int(entry.target))
    return None


def _scope(session: Session, member: StaffMember) -> ColumnElement[bool]:
    """The broadcasts a member may see: the library's for staff and admins; for a partner
    only those to their own events' registrants or waiting lists, the ones they may send."""
    library = Broadcast.library_id == member.library_id
    if member.role != "partner":
        return library
    ids = list(session.scalars(scoped_events(member).with_only_columns(Event.id)))
    audiences = [f"{kind}:{event_id}" for event_id in ids for kind in ("event", "waitlist")]
    return library & Broadcast.audience.in_(audiences) if audiences else false()


def visible_broadcast(session: Session, member: StaffMember, broadcast_id: int) -> Broadcast:
    broadcast = session.scalar(
        select(Broadcast).where(Broadcast.id == broadcast_id, _scope(session, member))
    )
    if broadcast is None:
        raise NotYours(str(broadcast_id))
    return broadcast


@dataclass(frozen=True)
class HistoryRow:
    broadcast: Broadcast
    status: dict[str, int]  # as broadcasts.broadcast_status


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]
    page: int  # from 1
    pages: int
    total: int


def history(session: Session, member: StaffMember, page: int) -> HistoryPage:
    """The member's broadcasts, newest first, a page at a time."""
    scope = _scope(session, member)
    total = session.scalar(select(func.count()).select_from(Broadcast).where(scope)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = session.scalars(
        select(Broadcast)
        .where(scope)
        .order_by(Broadcast.created_at.desc(), Broadcast.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = [HistoryRow(b, broadcasts.broadcast_status(session, b.id) or {}) for b in shown]
    return HistoryPage(rows, page, pages, total)
