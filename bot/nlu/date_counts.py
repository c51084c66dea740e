"""Dates said with a count: "over 3 dagen", "over een paar weken" (two or three), "binnen
twee weken" and "de komende weken" (today and the days up to then), week numbers ("week
51"), years ("volgend jaar", "in 2027", "begin 2027") and the lexicon's periods ("dit
weekend", "deze maand"). The words come from the lexicon."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.calendar_days import Span, month_span, part_of_week, part_of_year
from bot.nlu.date_grammar import (
    CALENDAR,
    Piece,
    in_part,
    monday_of,
    month_part,
    months_on,
    phrases,
)
from bot.nlu.date_lexicon import DateWords
from bot.nlu.text import count_of
from bot.nlu.vocabulary import Token

FEW = (2, 3)  # "een paar weken"
WEEKS_IN = {"fortnight": 2}  # "in a fortnight" is "over twee weken"
SEVERAL = 3  # "de komende weken"
MAX_COUNT = 52
YEARS_AHEAD = 5  # "2027" is a year up to five years on; "2100" is no date
_YEAR = re.compile(r"^20\d\d$")


@dataclass(frozen=True)
class Week:
    """A week a message names ("volgende week", "over 2 weken"): its Monday, and its words."""

    monday: date
    start: int
    end: int


def _count(
    tokens: Sequence[Token], at: int, words: DateWords, numbers: Mapping[str, int]
) -> tuple[tuple[int, int] | None, int]:
    """The count at `at` ("3", "drie", "een paar": two or three), and where it ends."""
    end = phrases(words.few).after(tokens, at)
    if end is not None:
        return FEW, end
    count = count_of(tokens[at].raw, numbers) if at < len(tokens) else None
    if count is None or not 0 < count <= MAX_COUNT:
        return None, at
    return (count, count), at + 1


def _unit(
    tokens: Sequence[Token], at: int, words: DateWords, count: tuple[int, int] | None
) -> tuple[str | None, tuple[int, int] | None]:
    """The unit at `at` ("weken"), with the count in it: "2 fortnights" are four weeks."""
    unit = words.units.get(tokens[at].raw) if at < len(tokens) else None
    if unit in WEEKS_IN:
        factor = WEEKS_IN[unit]
        return "week", None if count is None else (count[0] * factor, count[1] * factor)
    return unit, count


def _later(today: date, unit: str, count: int) -> date:
    if unit == "day":
        return today + timedelta(days=count)
    if unit == "week":
        return today + timedelta(weeks=count)
    last = months_on(today, count)[1]
    return last.replace(day=min(today.day, last.day))


def ahead(
    tokens: Sequence[Token],
    today: date,
    words: DateWords,
    numbers: Mapping[str, int],
    used: set[int],
    weeks: list[Week],
) -> list[Piece]:
    """ "over 3 dagen", "in a month", "over een paar weken"; "over twee weken" adds that
    week to `weeks`."""
    pieces = []
    for i in range(len(tokens) - 2):
        if tokens[i].raw not in words.ahead or i in used:
            continue
        count, at = _count(tokens, i + 1, words, numbers)
        unit, count = _unit(tokens, at, words, count)
        if count is None or unit is None:
            continue
        used.update(range(i, at + 1))
        low, high = count
        if unit == "week" and low == high:
            weeks.append(Week(monday_of(today + timedelta(weeks=low)), i, at + 1))
        elif unit == "week":
            first = monday_of(today + timedelta(weeks=low))
            last = monday_of(today + timedelta(weeks=high)) + timedelta(days=6)
            pieces.append(Piece(i, at + 1, (first, last)))
        elif unit == "day":
            pieces.append(Piece(i, at + 1, (_later(today, unit, low), _later(today, unit, high))))
        else:
            pieces.append(Piece(i, at + 1, (months_on(today, low)[0], months_on(today, high)[1])))
    return pieces


def within(
    tokens: Sequence[Token], today: date, words: DateWords, numbers: Mapping[str, int]
) -> list[Piece]:
    """ "binnen twee weken", "de komende 2 weken", "in the next few weeks": today up to
    then; "de komende weken" (no count, a plural) three weeks."""
    pieces = []
    for i, token in enumerate(tokens):
        if token.raw not in words.within:
            continue
        count, at = _count(tokens, i + 1, words, numbers)
        unit, count = _unit(tokens, at, words, count)
        if unit is None:
            continue
        if count is None and tokens[at].raw not in words.several:
            continue  # "komende week" is next week
        high = SEVERAL if count is None else count[1]
        pieces.append(Piece(i, at + 1, (today, _later(today, unit, high))))
    return pieces


def week_numbers(
    tokens: Sequence[Token], today: date, words: DateWords, used: set[int]
) -> list[Piece]:
    """ "in week 51", "week 2": the coming week of that number (ISO: Monday to Sunday); not
    "week 2 keer" nor "per week 3 dagen"."""
    pieces = []
    for i in range(len(tokens) - 1):
        number = tokens[i + 1].raw
        following = tokens[i + 2].raw if i + 2 < len(tokens) else ""
        if tokens[i].raw not in words.week_of or used.intersection((i, i + 1)):
            continue
        if not number.isdigit() or following in words.ordinal_not_before + tuple(words.units):
            continue
        monday = _iso_monday(int(number), today)
        if monday is not None:
            span = (max(monday, today), monday + timedelta(days=6))
            pieces.append(Piece(i, i + 2, span, CALENDAR))
    for piece in pieces:
        used.update(range(piece.start, piece.end))
    return pieces


def _iso_monday(week: int, today: date) -> date | None:
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            continue
        if monday + timedelta(days=6) >= today:
            return monday
    return None


def part_of_the_period(
    tokens: Sequence[Token], today: date, words: DateWords, used: set[int]
) -> list[Piece]:
    """ "eind van de maand", "aan het begin van de maand": that part of this month (from
    today), or of the next once passed; "eind van de week": this week's Friday to Sunday.
    "de maand" alone is no date ("1 keer in de maand")."""
    pieces = []
    for i, token in enumerate(tokens):
        unit = words.units.get(token.raw)
        if i in used or i == 0 or unit not in ("week", "month"):
            continue
        parts = words.week_parts if unit == "week" else words.month_parts
        filler = tokens[i - 1].raw in words.fillers
        part = month_part(tokens, i, words, parts) if filler else None
        if part is None:
            continue
        if unit == "month":
            span = in_part(period_span("this_month", today), part[0], today, named_month=False)
        else:
            span = part_of_week(monday_of(today), part[0], today)
        pieces.append(Piece(part[1], i + 1, span))
        used.update(range(part[1], i + 1))
    return pieces


def period_span(period: str, today: date) -> Span:
    """ "dit weekend", "volgend weekend", "afgelopen weekend", "deze maand" (today to its
    end), "volgende maand", "vorige maand", "dit jaar" (today to 31 December), "volgend
    jaar"."""
    monday = monday_of(today)
    weeks_on = {"last_weekend": -1, "this_weekend": 0, "next_weekend": 1, "weekend_after_next": 2}
    if period in weeks_on:
        saturday = monday + timedelta(days=5 + 7 * weeks_on[period])
        return saturday, saturday + timedelta(days=1)
    if period in ("last_month", "next_month"):
        return months_on(today, 1 if period == "next_month" else -1)
    if period in ("this_year", "next_year"):
        return year_span(today.year + (period == "next_year"), today)
    return today, month_span(today.year, today.month)[1]  # this_month


def year_span(year: int, today: date) -> Span:
    """A year from today: "dit jaar" is today to 31 December."""
    return max(date(year, 1, 1), today), month_span(year, 12)[1]


def in_year_part(tokens: Sequence[Token], piece: Piece, today: date, words: DateWords) -> Piece:
    """ "begin volgend jaar" (its first two months), "eind dit jaar" (its last two)."""
    part = month_part(tokens, piece.start, words)
    if part is None:
        return piece
    first, last = part_of_year(piece.span[1].year, part[0])
    return Piece(part[1], piece.end, (max(first, today), last), piece.kind)


def year_at(tokens: Sequence[Token], at: int, words: DateWords) -> int | None:
    """The year at `at`, or after "van"/"of" there: "zomer 2028", "spring of 2028"."""
    if at < len(tokens) and tokens[at].raw in words.of:
        at += 1
    return int(tokens[at].raw) if at < len(tokens) and _YEAR.match(tokens[at].raw) else None


def years(tokens: Sequence[Token], today: date, words: DateWords, used: set[int]) -> list[Piece]:
    """ "in 2027", "begin 2027": a year no other date took ("12 december 2027"), nor one
    of another date ("zomervakantie 2027", "de zomer van 2027")."""
    pieces = []
    for i, token in enumerate(tokens):
        if i in used or not _YEAR.match(token.raw):
            continue
        before = i - 1 - (i > 1 and tokens[i - 1].raw in words.of)
        if before in used:
            continue
        year = int(token.raw)
        if today.year <= year <= today.year + YEARS_AHEAD:
            piece = Piece(i, i + 1, year_span(year, today), CALENDAR)
            pieces.append(in_year_part(tokens, piece, today, words))
    for piece in pieces:
        used.update(range(piece.start, piece.end))
    return pieces
