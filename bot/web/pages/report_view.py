"""A report (bot.services.reports.build_report) as the figures page shows it: rows of words
and numbers, the two charts and the comments per event. Nothing is counted here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.db.models import Event
from bot.services.report_types import Comment, Figures, Rating, Report
from bot.timeutil import format_day_with_year, local
from bot.web.report_charts import BarChart, bar_chart
from bot.web.visit import Visit


@dataclass(frozen=True)
class CommentGroup:
    title: str
    rating: str  # the workshop's average rating, "" when it has none in the report
    comments: tuple[Comment, ...]


class Numbers:
    """Numbers as the visitor reads them: a decimal comma in Dutch, "–" for none."""

    def __init__(self, visit: Visit) -> None:
        self.t = visit.t
        self.none = visit.t("office_report.totals.none")

    def decimal(self, value: float | None) -> str:
        if value is None:
            return self.none
        return f"{value:.1f}".replace(".", self.t("report_chart.decimal_separator"))

    def percent(self, share: float | None) -> str:
        return self.none if share is None else f"{share:.0%}"

    def rating(self, rating: Rating) -> str:
        if rating.average is None:
            return self.none
        ratings = self.t("office_report.totals.ratings", count=rating.count)
        average = self.decimal(rating.average)
        return self.t("office_report.totals.rating_value", average=average, ratings=ratings)


def totals(visit: Visit, figures: Figures) -> list[tuple[str, str]]:
    """(label, value) rows of the summary table."""
    n, t = Numbers(visit), visit.t
    attendance, follow_up = figures.attendance, figures.follow_up
    lectures = figures.parent_lectures
    rows = [
        ("children_reached", str(figures.children_reached)),
        ("workshops", str(figures.workshops)),
        ("registrations", str(figures.registrations.get("total", 0))),
        ("attended", str(attendance.attended)),
        ("no_show", str(attendance.no_show)),
        ("unrecorded", str(attendance.unrecorded)),
        ("attendance_rate", n.percent(attendance.attendance_rate)),
        ("waitlisted", str(figures.waiting_list.waitlisted)),
        ("ever_waitlisted", str(figures.waiting_list.ever_waitlisted)),
        ("rating", n.rating(figures.rating)),
        (
            "follow_up",
            t(
                "office_report.totals.follow_up_value",
                joined=follow_up.joined,
                answered=follow_up.answered,
                share=n.percent(follow_up.conversion),
            ),
        ),
        (
            "lectures",
            t(
                "office_report.totals.lectures_value",
                events=lectures.events,
                registered=lectures.registered,
                attended=lectures.attended,
            ),
        ),
    ]
    return [(t(f"office_report.totals.{key}"), value) for key, value in rows]


def category_name(visit: Visit, category: str | None) -> str:
    return visit.t(f"report_chart.{category or 'no_category'}")


def charts(visit: Visit, report: Report) -> tuple[BarChart, BarChart | None]:
    """Children reached per kind; the average rating of each rated workshop (None: none)."""
    n, t = Numbers(visit), visit.t
    reached = [
        (category_name(visit, g.category), g.figures.children_reached) for g in report.per_category
    ]
    reached_chart = bar_chart(
        "grafiek-bereik",
        t("office_report.chart.reached_title"),
        _description(visit, "reached", [(label, str(count)) for label, count in reached]),
        [(label, count, str(count)) for label, count in reached],
        max((count for _, count in reached), default=0) or 1,
    )
    rated = [
        (visit.t.name(_title(w.title, w.title_en)), w.rating.average or 0.0)
        for w in report.workshops
        if w.rating.count
    ]
    if not rated:
        return reached_chart, None
    shown = [(label, n.decimal(average)) for label, average in rated]
    rating_chart = bar_chart(
        "grafiek-cijfers",
        t("office_report.chart.rating_title"),
        _description(visit, "rating", shown),
        [(label, average, text) for (label, average), (_, text) in zip(rated, shown, strict=True)],
        10,
    )
    return reached_chart, rating_chart


def _title(nl: str | None, en: str | None) -> dict[str, str]:
    return {k: v for k, v in (("nl", nl), ("en", en)) if v}


def _description(visit: Visit, chart: str, values: list[tuple[str, str]]) -> str:
    key = f"office_report.chart.{chart}_value"
    named = [visit.t(key, label=label, count=value, average=value) for label, value in values]
    return visit.t(f"office_report.chart.{chart}_desc", values="; ".join(named))


def comment_groups(visit: Visit, report: Report) -> list[CommentGroup]:
    """The comments per event, the event with the newest comment first."""
    ratings = {w.id: w.rating for w in report.workshops}
    grouped: dict[str | None, list[Comment]] = {}
    for comment in report.comments:
        grouped.setdefault(comment.event_id, []).append(comment)
    groups = []
    for event_id, comments in grouped.items():
        event = visit.session.get(Event, event_id) if event_id else None
        title = visit.t.name(event.title) if event else visit.t("office_report.comments.no_event")
        rating = ratings.get(event_id or "")
        shown = Numbers(visit).rating(rating) if rating and rating.count else ""
        groups.append(CommentGroup(title, shown, tuple(comments)))
    return groups


def day(visit: Visit, moment: datetime) -> str:
    return format_day_with_year(local(moment).date(), visit.t.language)
