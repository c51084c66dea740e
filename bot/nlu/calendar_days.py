"""Days the calendar names: feast days (fixed, "second Sunday of May", or counted from
Easter), seasons as months, and the parts of a month ("begin december" is days 1-10,
"halverwege" 11-20, "eind" 21 to the end), of a year ("begin 2027" is January and February) and
the weeks of a month ("de eerste week van januari" is days 1-7). The names of all of these
are the lexicon's."""

from __future__ import annotations

import re
from datetime import date, timedelta

Span = tuple[date, date]

WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A feast's day: "12-25", "05-sun2" (the second Sunday of May), "easter", "easter+39".
_DAY = re.compile(
    r"^(?:(?P<month>\d\d)-(?:(?P<day>\d\d)|(?P<weekday>[a-z]{3})(?P<nth>[1-5]))"
    r"|easter(?P<shift>[+-]\d{1,3})?)$"
)
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}  # three months each
MONTH_PARTS = {"begin": (1, 10), "middle": (11, 20), "end": (21, 31)}
WEEK_PARTS = {"begin": (0, 1), "middle": (2, 3), "end": (4, 6)}  # Monday is 0: "eind" Fri-Sun
YEAR_PARTS = {"begin": (1, 2), "middle": (6, 7), "end": (11, 12)}  # "begin 2027": Jan-Feb
WEEK_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}  # "last": the last seven days


def week_of(day: date) -> Span:
    """Monday to Sunday of the week `day` is in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_span(year: int, month: int) -> Span:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def is_feast_spec(spec: str) -> bool:
    """ "12-25", "12-31/01-01", "easter/easter+1": a day or first/last day."""
    parts = spec.split("/")
    return len(parts) <= 2 and all(_day_in(part, 2000) is not None for part in parts)


def _day_in(spec: str, year: int) -> date | None:
    found = _DAY.match(spec)
    if found is None:
        return None
    if found["month"] is None:
        return easter(year) + timedelta(days=int(found["shift"] or 0))
    month = int(found["month"])
    if not 1 <= month <= 12:
        return None
    if found["day"]:
        try:
            return date(year, month, int(found["day"]))
        except ValueError:
            return None
    if found["weekday"] not in WEEKDAY_CODES:
        return None
    first = date(year, month, 1)
    offset = (WEEKDAY_CODES.index(found["weekday"]) - first.weekday()) % 7
    day = first + timedelta(days=offset + 7 * (int(found["nth"]) - 1))
    return day if day.month == month else None


def _feast_in(spec: str, year: int) -> Span | None:
    first_spec, _, last_spec = spec.partition("/")
    first, last = _day_in(first_spec, year), _day_in(last_spec or first_spec, year)
    if first is not None and last is not None and last < first:  # 31 December to 1 January
        last = _day_in(last_spec, year + 1)
    return None if first is None or last is None else (first, last)


def coming_feast(spec: str, today: date) -> Span | None:
    """This year's feast, or next year's once it has passed."""
    for year in (today.year - 1, today.year, today.year + 1):
        span = _feast_in(spec, year)
        if span is not None and span[1] >= today:
            return span
    return None


def coming_season(season: str, today: date) -> Span:
    """The current season from today, or the coming one."""
    start = SEASON_START[season]
    for year in (today.year - 1, today.year, today.year + 1):
        first = date(year, start, 1)
        last_month = start + 2
        last = month_span(year + (last_month - 1) // 12, (last_month - 1) % 12 + 1)[1]
        if last >= today:
            return max(first, today), last
    raise AssertionError("a season comes every year")  # pragma: no cover


def part_of_month(span: Span, part: str) -> Span:
    """Days 1-10, 11-20 or 21 to the end of the month `span` starts in."""
    first, last = MONTH_PARTS[part]
    month_first, month_last = month_span(span[0].year, span[0].month)
    return month_first.replace(day=first), month_first.replace(day=min(last, month_last.day))


def part_of_year(year: int, part: str) -> Span:
    """The first two months, June and July, or the last two."""
    first, last = YEAR_PARTS[part]
    return date(year, first, 1), month_span(year, last)[1]


def part_of_week(monday: date, part: str, today: date) -> Span:
    """ "eind volgende week": the part of the week of `monday`, from today; once passed, the
    part of the week after ("begin van de week" on a Thursday)."""
    low, high = WEEK_PARTS[part]
    first, last = monday + timedelta(days=low), monday + timedelta(days=high)
    if last < today:
        first, last = first + timedelta(weeks=1), last + timedelta(weeks=1)
    return max(first, today), last


def week_of_span(span: Span, ordinal: str) -> Span | None:
    """ "de eerste week van januari": days 1-7; "de laatste week van december": the last seven
    days; None when the span is too short to have that week."""
    first, last = span
    if ordinal == "last":
        return max(first, last - timedelta(days=6)), last
    start = first + timedelta(weeks=WEEK_NUMBERS[ordinal] - 1)
    return None if start > last else (start, min(last, start + timedelta(days=6)))


def narrowest(spans: list[Span]) -> list[Span]:
    """A date inside another one narrows it: "the spring holiday in February" is the holiday,
    "in januari, na de kerstvakantie" the weeks after it."""
    return [s for s in spans if not any(o != s and s[0] <= o[0] and o[1] <= s[1] for o in spans)]
