"""The grammar around dates: "na de kerstvakantie" (the four weeks after it), "vanaf januari",
"before Easter" (today until it starts), "over twee weken" (that week), "de week van
7 december" and "het weekend van 12 december". The words come from the lexicon."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.lexicon import DateWords
from bot.nlu.text import count_of
from bot.nlu.vocabulary import Token

Span = tuple[date, date]
AFTER_DAYS = 28  # "na de kerstvakantie": the four weeks after it


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_span(year: int, month: int) -> Span:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def months_on(today: date, count: int) -> Span:
    """The month `count` months after today's ("volgende maand", "over twee maanden")."""
    month = today.month - 1 + count
    return month_span(today.year + month // 12, month % 12 + 1)


@dataclass(frozen=True)
class Piece:
    """One date phrase of a message: where it stands and the days it names."""

    start: int
    end: int
    span: Span


def ahead(
    tokens: Sequence[Token],
    today: date,
    words: DateWords,
    numbers: Mapping[str, int],
    used: set[int],
) -> list[Piece]:
    """ "over twee weken" (the week two weeks on), "over 3 dagen", "in a month"."""
    pieces = []
    for i in range(len(tokens) - 2):
        if tokens[i].raw not in words.ahead:
            continue
        count = count_of(tokens[i + 1].raw, numbers)
        unit = words.units.get(tokens[i + 2].raw)
        if count is None or unit is None or not 0 < count <= 52:
            continue
        if unit == "day":
            day = today + timedelta(days=count)
            span = day, day
        elif unit == "week":
            monday = monday_of(today + timedelta(weeks=count))
            span = monday, monday + timedelta(days=6)
        else:
            span = months_on(today, count)
        used.update((i, i + 1, i + 2))
        pieces.append(Piece(i, i + 3, span))
    return pieces


def around(
    tokens: Sequence[Token], piece: Piece, today: date, words: DateWords, used: set[int]
) -> tuple[Span, int]:
    """The words before a date: "na de kerstvakantie", "vanaf januari", "before Easter",
    "de week van 7 december", "het weekend van 12 december". With the days, where the
    phrase begins."""
    at = piece.start
    while at > 0 and tokens[at - 1].raw in words.fillers:
        at -= 1
    before = tokens[at - 1].raw if at > 0 else ""
    first, last = piece.span
    if before in words.of and at > 1:
        unit = tokens[at - 2].raw
        if unit in words.week_of or unit in words.weekend_of:
            used.update(range(at - 2, piece.start))
            monday = monday_of(first)
            if unit in words.week_of:
                return (monday, monday + timedelta(days=6)), at - 2
            saturday = monday + timedelta(days=5)
            return (saturday, saturday + timedelta(days=1)), at - 2
    if before in words.after:
        used.update(range(at - 1, piece.start))
        return (last + timedelta(days=1), last + timedelta(days=AFTER_DAYS)), at - 1
    if before in words.starting:
        used.update(range(at - 1, piece.start))
        return (first, max(last, first + timedelta(days=AFTER_DAYS - 1))), at - 1
    if before in words.before and first > today:
        used.update(range(at - 1, piece.start))
        return (today, first - timedelta(days=1)), at - 1
    return piece.span, piece.start


def read_phrases(
    tokens: Sequence[Token], pieces: Sequence[Piece], today: date, words: DateWords, used: set[int]
) -> list[Span]:
    """The days of each date phrase, read with the words around it. A date inside another's
    phrase is no date of its own: "weekend" in "het weekend van 12 december"."""
    read = [around(tokens, piece, today, words, used) for piece in pieces]
    starts = [(left, piece.start) for piece, (_, left) in zip(pieces, read, strict=True)]
    return [
        span
        for piece, (span, _) in zip(pieces, read, strict=True)
        if not any(piece.end > left and piece.start < start for left, start in starts)
    ]
