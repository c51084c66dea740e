"""Programme figures for staff: reach, registrations, attendance, demand, ratings, follow-ups.

Scope: events whose start falls on a day (Europe/Amsterdam) within [date_from, date_to], either
bound optional, of one library or all. Every registration of those events counts, including
anonymous rows of forgotten families (family and child NULL).

Definitions (the same for the totals and for each category or partner group):

- children_reached: unique children with at least one confirmed or attended registration.
  A child is known by its child row; a row without one (the family was forgotten, or the child
  removed) cannot be matched to others and counts once per registration, but only when it
  carries an age: ages are recorded for children only, so parent seats never count as children.
  Within a group a child counts once; the same child can appear in several groups.
- workshops: workshops in scope that are not cancelled (event-day containers are not counted).
- attendance: registrations of events that have started by `now` (check-in is at the door)
  with status confirmed, attended or no_show (`expected`); `unrecorded` are the confirmed
  ones not (yet) checked in. Rates are attended (or no_show) divided by attended + no_show,
  so missing check-ins do not count as absences; None when nothing was recorded.
- waiting_list: now waitlisted, now offered, and `ever_waitlisted` (every row that was given a
  waiting-list place, whatever became of it).
- rating: mean of the 1–10 ratings of all events in scope, lectures included, rounded half up
  to one decimal, with the number of ratings.
- follow_up: answers to the "did your child continue?" question; conversion is joined /
  answered.
- parent_lectures: lectures in scope (not cancelled) and their seats: registered (confirmed,
  attended or no_show), attended, no_show.

`Report.as_json()` keys (stable; rates are fractions 0..1 rounded to 3 decimals or null):

    library, from, to, generated_at (ISO 8601, Amsterdam offset)
    totals: FIGURES
    per_category: [{"category": sportief|creatief|cognitief|null, **FIGURES}]
    per_partner: [{"partner": id|null, "partner_name": str|null, **FIGURES}]
    workshops: [{"id", "title", "title_en", "start", "category", "partner",
                 "children_reached", "attended", "no_show", "rating": RATING}]
    comments: [{"event_id", "title", "given_at", "text"}]  (feedback on events in scope,
                 newest first, at most 100)

    FIGURES = {"workshops", "children_reached",
               "registrations": {"total", "confirmed", "waitlisted", "offered", "cancelled",
                                 "attended", "no_show"},
               "attendance": {"expected", "attended", "no_show", "unrecorded",
                              "attendance_rate", "no_show_rate"},
               "waiting_list": {"waitlisted", "offered", "ever_waitlisted"},
               "rating": RATING = {"average", "count"},
               "follow_up": {"answered", "joined", "more", "no", "conversion"},
               "parent_lectures": {"events", "registered", "attended", "no_show"}}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import SEATED_STATUSES, EventStatus, RegistrationStatus
from bot.services.feedback import comments_about
from bot.services.report_types import (
    Attendance,
    CategoryFigures,
    Figures,
    FollowUp,
    ParentLectures,
    PartnerFigures,
    Rating,
    Report,
    WaitingList,
    WorkshopFigures,
)
from bot.timeutil import from_local, now_utc

STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
CATEGORIES = ("sportief", "creatief", "cognitief")
REACHED_STATUSES = SEATED_STATUSES
EXPECTED_STATUSES = (*SEATED_STATUSES, RegistrationStatus.NO_SHOW)


@dataclass(frozen=True)
class _Row:
    """The facts of one registration a report needs (no personal data)."""

    id: int
    event_id: str
    child_id: int | None
    status: str
    waitlist_position: int | None
    age: int | None
    rating: int | None
    follow_up: str | None


def build_report(
    session: Session,
    *,
    library_id: str | None,
    date_from: date | None,
    date_to: date | None,
    now: datetime | None = None,
) -> Report:
    """The figures of the events in scope; `now` decides which events count as past."""
    now = now or now_utc()
    scope = _scope(library_id, date_from, date_to)
    events = list(session.scalars(select(Event).where(*scope).order_by(Event.start, Event.id)))
    facts = _Facts(events, _registration_rows(session, scope), now)
    workshops = [e for e in events if e.kind == "workshop"]
    return Report(
        library=library_id,
        date_from=date_from,
        date_to=date_to,
        generated_at=now,
        totals=facts.figures_for(events),
        per_category=_per_category(facts),
        per_partner=_per_partner(facts),
        workshops=tuple(_workshop_figures(e, facts.rows_of[e.id], now) for e in workshops),
        comments=comments_about(session, events, library_id),
    )


class _Facts:
    """The events in scope and their registrations, grouped by event."""

    def __init__(self, events: list[Event], rows: Iterable[_Row], now: datetime) -> None:
        self.events = events
        self.now = now
        self.by_event = {e.id: e for e in events}
        self.rows_of: dict[str, list[_Row]] = {e.id: [] for e in events}
        for row in rows:
            self.rows_of[row.event_id].append(row)

    def figures_for(self, selected: Iterable[Event]) -> Figures:
        chosen = list(selected)
        rows = [row for e in chosen for row in self.rows_of[e.id]]
        return _figures(chosen, rows, self.by_event, self.now)


def _per_category(facts: _Facts) -> tuple[CategoryFigures, ...]:
    categories = _ordered_keys((_category(e) for e in facts.events), always=CATEGORIES)
    return tuple(
        CategoryFigures(c, facts.figures_for(e for e in facts.events if _category(e) == c))
        for c in categories
    )


def _per_partner(facts: _Facts) -> tuple[PartnerFigures, ...]:
    names = {e.partner_id: e.partner.name if e.partner else None for e in facts.events}
    return tuple(
        PartnerFigures(p, names[p], facts.figures_for(e for e in facts.events if e.partner_id == p))
        for p in _ordered_keys(names)
    )


def _scope(
    library_id: str | None, date_from: date | None, date_to: date | None
) -> list[ColumnElement[bool]]:
    """Conditions on Event; used joined, so no long IN lists reach the database."""
    conditions: list[ColumnElement[bool]] = []
    if library_id is not None:
        conditions.append(Event.library_id == library_id)
    # Day bounds are Amsterdam midnights, so an event at 00:30 local lands on its own day.
    if date_from is not None:
        conditions.append(Event.start >= from_local(datetime.combine(date_from, time.min)))
    if date_to is not None:
        next_day = datetime.combine(date_to + timedelta(days=1), time.min)
        conditions.append(Event.start < from_local(next_day))
    return conditions


def _registration_rows(session: Session, scope: list[ColumnElement[bool]]) -> list[_Row]:
    query = (
        select(
            Registration.id,
            Registration.event_id,
            Registration.child_id,
            Registration.status,
            Registration.waitlist_position,
            Registration.age_at_registration,
            Registration.rating,
            Registration.follow_up,
        )
        .join(Event, Event.id == Registration.event_id)
        .where(*scope)
    )
    return [_Row(*values) for values in session.execute(query)]


def _figures(
    events: list[Event], rows: list[_Row], by_event: dict[str, Event], now: datetime
) -> Figures:
    statuses = {status: sum(r.status == status for r in rows) for status in STATUSES}
    lecture_rows = [r for r in rows if by_event[r.event_id].kind == "lecture"]
    follow_ups = [r.follow_up for r in rows if r.follow_up is not None]
    joined = follow_ups.count("joined")
    return Figures(
        workshops=sum(e.kind == "workshop" and e.status != EventStatus.CANCELLED for e in events),
        children_reached=_children_reached(rows),
        registrations={"total": len(rows), **statuses},
        attendance=_attendance([r for r in rows if by_event[r.event_id].start <= now]),
        waiting_list=WaitingList(
            waitlisted=statuses["waitlisted"],
            offered=statuses["offered"],
            ever_waitlisted=sum(r.waitlist_position is not None for r in rows),
        ),
        rating=_rating(rows),
        follow_up=FollowUp(
            answered=len(follow_ups),
            joined=joined,
            more=follow_ups.count("more"),
            no=follow_ups.count("no"),
            conversion=_share(joined, len(follow_ups)),
        ),
        parent_lectures=ParentLectures(
            events=sum(e.kind == "lecture" and e.status != EventStatus.CANCELLED for e in events),
            registered=sum(r.status in EXPECTED_STATUSES for r in lecture_rows),
            attended=sum(r.status == RegistrationStatus.ATTENDED for r in lecture_rows),
            no_show=sum(r.status == RegistrationStatus.NO_SHOW for r in lecture_rows),
        ),
    )


def _children_reached(rows: Iterable[_Row]) -> int:
    children: set[tuple[str, int]] = set()
    for row in rows:
        if row.status not in REACHED_STATUSES:
            continue
        if row.child_id is not None:
            children.add(("child", row.child_id))
        elif row.age is not None:  # anonymous child seat: one per registration
            children.add(("registration", row.id))
    return len(children)


def _attendance(past_rows: Iterable[_Row]) -> Attendance:
    expected = [r for r in past_rows if r.status in EXPECTED_STATUSES]
    attended = sum(r.status == RegistrationStatus.ATTENDED for r in expected)
    no_show = sum(r.status == RegistrationStatus.NO_SHOW for r in expected)
    return Attendance(
        expected=len(expected),
        attended=attended,
        no_show=no_show,
        unrecorded=len(expected) - attended - no_show,
        attendance_rate=_share(attended, attended + no_show),
        no_show_rate=_share(no_show, attended + no_show),
    )


def _rating(rows: Iterable[_Row]) -> Rating:
    ratings = [r.rating for r in rows if r.rating is not None]
    if not ratings:
        return Rating(average=None, count=0)
    # Decimal on the exact quotient: 7.25 becomes 7.3, as people round, not 7.2 as floats do.
    mean = Decimal(sum(ratings)) / Decimal(len(ratings))
    return Rating(float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)), len(ratings))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _workshop_figures(event: Event, rows: list[_Row], now: datetime) -> WorkshopFigures:
    attendance = _attendance(rows if event.start <= now else [])
    return WorkshopFigures(
        id=event.id,
        title=event.title.get("nl"),
        title_en=event.title.get("en"),
        start=event.start,
        category=_category(event),
        partner=event.partner_id,
        children_reached=_children_reached(rows),
        attended=attendance.attended,
        no_show=attendance.no_show,
        rating=_rating(rows),
    )


def _category(event: Event) -> str | None:
    return event.activity.category if event.activity else None


def _ordered_keys(keys: Iterable[str | None], *, always: Sequence[str] = ()) -> list[str | None]:
    """`always` in its fixed order (zeros when absent), others sorted, None (no group) last."""
    present = set(keys)
    ordered: list[str | None] = list(always)
    ordered += sorted(k for k in present if k is not None and k not in always)
    if None in present:
        ordered.append(None)
    return ordered
