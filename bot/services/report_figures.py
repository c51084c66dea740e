"""The figures of a report computed from its registration rows (no database here).

bot/services/reports.py chooses the events and rows in scope and defines each figure in its
docstring; this module counts them, the same way for the totals and for every group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from bot.db.models import Event
from bot.db.states import SEATED_STATUSES, EventStatus, RegistrationStatus
from bot.services.report_types import (
    Attendance,
    Figures,
    FollowUp,
    ParentLectures,
    Rating,
    WaitingList,
    WorkshopFigures,
)

STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
    RegistrationStatus.CANCELLED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
REACHED_STATUSES = SEATED_STATUSES
EXPECTED_STATUSES = (*SEATED_STATUSES, RegistrationStatus.NO_SHOW)
RECORDED_STATUSES = (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)


@dataclass(frozen=True)
class Row:
    """The facts of one registration a report needs (no personal data)."""

    id: int
    event_id: str
    child_id: int | None
    status: str
    waitlist_position: int | None
    age: int | None
    rating: int | None
    follow_up: str | None


def under_way(event: Event, rows: Iterable[Row], now: datetime) -> bool:
    """Whether attendance counts for this event: it has started, or staff already checked
    someone in (the door opens before the start), so every check-in shows as attended."""
    return event.start <= now or any(r.status in RECORDED_STATUSES for r in rows)


def figures(
    events: list[Event], rows: list[Row], by_event: dict[str, Event], under_way: set[str]
) -> Figures:
    statuses = {status: sum(r.status == status for r in rows) for status in STATUSES}
    lecture_rows = [r for r in rows if by_event[r.event_id].kind == "lecture"]
    follow_ups = [r.follow_up for r in rows if r.follow_up is not None]
    joined = follow_ups.count("joined")
    return Figures(
        workshops=sum(e.kind == "workshop" and e.status != EventStatus.CANCELLED for e in events),
        children_reached=children_reached(rows),
        registrations={"total": len(rows), **statuses},
        attendance=attendance([r for r in rows if r.event_id in under_way]),
        waiting_list=WaitingList(
            waitlisted=statuses["waitlisted"],
            offered=statuses["offered"],
            ever_waitlisted=sum(r.waitlist_position is not None for r in rows),
        ),
        rating=rating(rows),
        follow_up=FollowUp(
            answered=len(follow_ups),
            joined=joined,
            more=follow_ups.count("more"),
            no=follow_ups.count("no"),
            conversion=share(joined, len(follow_ups)),
        ),
        parent_lectures=ParentLectures(
            events=sum(e.kind == "lecture" and e.status != EventStatus.CANCELLED for e in events),
            registered=sum(r.status in EXPECTED_STATUSES for r in lecture_rows),
            attended=sum(r.status == RegistrationStatus.ATTENDED for r in lecture_rows),
            no_show=sum(r.status == RegistrationStatus.NO_SHOW for r in lecture_rows),
        ),
    )


def children_reached(rows: Iterable[Row]) -> int:
    children: set[tuple[str, int]] = set()
    for row in rows:
        if row.status not in REACHED_STATUSES:
            continue
        if row.child_id is not None:
            children.add(("child", row.child_id))
        elif row.age is not None:  # anonymous child seat: one per registration
            children.add(("registration", row.id))
    return len(children)


def attendance(rows_under_way: Iterable[Row]) -> Attendance:
    expected = [r for r in rows_under_way if r.status in EXPECTED_STATUSES]
    attended = sum(r.status == RegistrationStatus.ATTENDED for r in expected)
    no_show = sum(r.status == RegistrationStatus.NO_SHOW for r in expected)
    return Attendance(
        expected=len(expected),
        attended=attended,
        no_show=no_show,
        unrecorded=len(expected) - attended - no_show,
        attendance_rate=share(attended, attended + no_show),
        no_show_rate=share(no_show, attended + no_show),
    )


def rating(rows: Iterable[Row]) -> Rating:
    ratings = [r.rating for r in rows if r.rating is not None]
    if not ratings:
        return Rating(average=None, count=0)
    # Decimal on the exact quotient: 7.25 becomes 7.3, as people round, not 7.2 as floats do.
    mean = Decimal(sum(ratings)) / Decimal(len(ratings))
    return Rating(float(mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)), len(ratings))


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def workshop_figures(
    event: Event, rows: list[Row], category: str | None, is_under_way: bool
) -> WorkshopFigures:
    counted = attendance(rows if is_under_way else [])
    return WorkshopFigures(
        id=event.id,
        title=event.title.get("nl"),
        title_en=event.title.get("en"),
        start=event.start,
        category=category,
        partner=event.partner_id,
        children_reached=children_reached(rows),
        attended=counted.attended,
        no_show=counted.no_show,
        rating=rating(rows),
    )
