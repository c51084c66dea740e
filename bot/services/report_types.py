"""What a report holds: plain frozen data, and its stable JSON shape (`Report.as_json`).

The figures are computed in bot/services/reports.py, whose docstring defines each one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from bot.timeutil import local


@dataclass(frozen=True)
class Rating:
    average: float | None
    count: int


@dataclass(frozen=True)
class Attendance:
    expected: int
    attended: int
    no_show: int
    unrecorded: int
    attendance_rate: float | None
    no_show_rate: float | None


@dataclass(frozen=True)
class WaitingList:
    waitlisted: int
    offered: int
    ever_waitlisted: int


@dataclass(frozen=True)
class FollowUp:
    answered: int
    joined: int
    more: int
    no: int
    conversion: float | None


@dataclass(frozen=True)
class ParentLectures:
    events: int
    registered: int
    attended: int
    no_show: int


@dataclass(frozen=True)
class Figures:
    workshops: int
    children_reached: int
    registrations: dict[str, int]  # "total" and every status, zeros included
    attendance: Attendance
    waiting_list: WaitingList
    rating: Rating
    follow_up: FollowUp
    parent_lectures: ParentLectures


@dataclass(frozen=True)
class CategoryFigures:
    category: str | None
    figures: Figures


@dataclass(frozen=True)
class PartnerFigures:
    partner: str | None
    partner_name: str | None
    figures: Figures


@dataclass(frozen=True)
class WorkshopFigures:
    id: str
    title: str | None
    title_en: str | None
    start: datetime
    category: str | None
    partner: str | None
    children_reached: int
    attended: int
    no_show: int
    rating: Rating


@dataclass(frozen=True)
class Comment:
    """Feedback a family gave about an event in scope (anonymous: not who gave it)."""

    event_id: str | None  # None: about the programme, no event in particular
    title: str | None
    given_at: datetime
    text: str


@dataclass(frozen=True)
class Report:
    library: str | None
    date_from: date | None
    date_to: date | None
    generated_at: datetime
    totals: Figures
    per_category: tuple[CategoryFigures, ...]
    per_partner: tuple[PartnerFigures, ...]
    workshops: tuple[WorkshopFigures, ...]
    comments: tuple[Comment, ...] = ()  # newest first

    def as_json(self) -> dict[str, Any]:
        return {
            "library": self.library,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "generated_at": local(self.generated_at).isoformat(),
            "totals": asdict(self.totals),
            "per_category": [
                {"category": group.category, **asdict(group.figures)} for group in self.per_category
            ],
            "per_partner": [
                {
                    "partner": group.partner,
                    "partner_name": group.partner_name,
                    **asdict(group.figures),
                }
                for group in self.per_partner
            ],
            "workshops": [
                {**asdict(w), "start": local(w.start).isoformat()} for w in self.workshops
            ],
            "comments": [
                {**asdict(c), "given_at": local(c.given_at).isoformat()} for c in self.comments
            ],
        }
