"""The back-office agenda: a visitor's events (upcoming or past), found by a word or a date,
a page at a time, with their seats, waiting list and check-ins counted in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration, StaffMember
from bot.db.states import SEAT_HOLDING_STATUSES, RegistrationStatus
from bot.services.event_search import find_events

PAGE_SIZE = 20


@dataclass(frozen=True)
class AgendaRow:
    event: Event
    taken: int
    waiting: int
    checked_in: int

    @property
    def spots_left(self) -> int | None:
        return None if self.event.capacity is None else max(self.event.capacity - self.taken, 0)


@dataclass(frozen=True)
class AgendaPage:
    rows: list[AgendaRow]
    page: int  # from 1
    pages: int
    total: int


def scoped_events(member: StaffMember) -> Select[tuple[Event]]:
    """Every event this member may see: a partner their own, staff and admins their library's."""
    query = select(Event)
    if member.role == "partner":
        return query.where(Event.partner_id == member.partner_id)
    return query.where(Event.library_id == member.library_id)


def agenda(
    session: Session, member: StaffMember, now: datetime, *, past: bool, query: str, page: int
) -> AgendaPage:
    events_query = scoped_events(member)
    if past:
        events_query = events_query.where(Event.end <= now).order_by(Event.start.desc())
    else:
        events_query = events_query.where(Event.end > now).order_by(Event.start)
    events = list(session.scalars(events_query))
    if query:
        events = find_events(events, query)
    pages = max(1, -(-len(events) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    counts = _counts(session, [e.id for e in shown])
    rows = [AgendaRow(e, *counts.get(e.id, (0, 0, 0))) for e in shown]
    return AgendaPage(rows, page, pages, len(events))


def _counts(session: Session, event_ids: list[str]) -> dict[str, tuple[int, int, int]]:
    if not event_ids:
        return {}
    status = Registration.status
    query = (
        select(
            Registration.event_id,
            func.sum(case((status.in_(SEAT_HOLDING_STATUSES), 1), else_=0)),
            func.sum(case((status == RegistrationStatus.WAITLISTED, 1), else_=0)),
            func.sum(case((status == RegistrationStatus.ATTENDED, 1), else_=0)),
        )
        .where(Registration.event_id.in_(event_ids))
        .group_by(Registration.event_id)
    )
    return {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in session.execute(query)}


def event_row(session: Session, event: Event) -> AgendaRow:
    """One event's seats, waiting list and check-ins, counted as the agenda counts them."""
    return AgendaRow(event, *_counts(session, [event.id]).get(event.id, (0, 0, 0)))
