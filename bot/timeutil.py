"""Time zone handling and Dutch/English date formatting (Europe/Amsterdam)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def now_utc() -> datetime:
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """The moment as wall-clock time in Amsterdam (naive input is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM)


def from_local(naive: datetime) -> datetime:
    """A wall-clock time in Amsterdam (as written in the catalogue) as an aware UTC moment."""
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    return naive.replace(tzinfo=AMSTERDAM).astimezone(UTC)


def format_day(day: date, lang: str) -> str:
    """'zaterdag 12 december' / 'Saturday 12 December'."""
    return format_date(day, "EEEE d MMMM", locale=lang)


def format_day_with_year(day: date, lang: str) -> str:
    return format_date(day, "EEEE d MMMM y", locale=lang)


def format_span(start: datetime, end: datetime, lang: str, today: date | None = None) -> str:
    """'zaterdag 12 december, 14:00–15:30'; the year is added when it is not this year."""
    start_l, end_l = local(start), local(end)
    this_year = (today or local(now_utc()).date()).year
    day_text = (
        format_day(start_l.date(), lang)
        if start_l.year == this_year
        else format_day_with_year(start_l.date(), lang)
    )
    times = f"{start_l:%H:%M}–{end_l:%H:%M}"
    if end_l.date() != start_l.date():
        end_day = format_day(end_l.date(), lang)
        return f"{day_text}, {start_l:%H:%M} – {end_day}, {end_l:%H:%M}"
    return f"{day_text}, {times}"
