"""The grammar around dates: "na de kerstvakantie" (the rest of January), "vanaf januari",
"before Easter" and "voor de zomer" (today until it starts), "tot januari", "tot en met
zaterdag", "de week van 7 december", "het weekend van 12 december", "de eerste week van
januari", "de week na de kerstvakantie", "zaterdag na de kerstvakantie" and "eind december".
The words come from the lexicon."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.calendar_days import (
    WEEK_NUMBERS,
    Span,
    coming_feast,
    month_span,
    part_of_month,
    week_of,
    week_of_span,
)
from bot.nlu.date_lexicon import DateWords
from bot.nlu.patterns import phrases
from bot.nlu.vocabulary import Token

AFTER_DAYS = 28  # "na 28 januari": the four weeks after it, when its month is nearly over
AFTER_AT_LEAST = 7  # "na de kerstvakantie", "na de voorjaarsvakantie": the rest of that month
ONE = timedelta(days=1)

__all__ = ["Span", "month_span"]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def months_on(today: date, count: int) -> Span:
    """The month `count` months after today's ("volgende maand", "over twee maanden")."""
    month = today.month - 1 + count
    return month_span(today.year + month // 12, month % 12 + 1)


# Kinds of date phrase, for the words around them: "voor de zomer" is before a named one
# (a holiday, season or feast day), "tot 12 december" includes a calendar date, but "tot
# morgen" and "tot zaterdag" are a goodbye as often as not: only that day.
NAMED, CALENDAR, RELATIVE = "named", "calendar", "relative"


@dataclass(frozen=True)
class Piece:
    """One date phrase of a message: where it stands, the days it names and its kind."""

    start: int
    end: int
    span: Span
    kind: str = RELATIVE


def month_part(
    tokens: Sequence[Token],
    start: int,
    words: DateWords,
    parts: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[str, int] | None:
    """ "eind december", "begin van januari", "the end of May": the part and where it starts
    (of a month, or of `parts`: "eind volgende week")."""
    at = start
    while at > 0 and (tokens[at - 1].raw in words.fillers or tokens[at - 1].raw in words.of):
        at -= 1
    for part, names in (words.month_parts if parts is None else parts).items():
        if (found := phrases(names).before(tokens, at)) is not None:
            return part, found
    return None


def in_part(span: Span, part: str, today: date, named_month: bool) -> Span:
    """The part of the month, from today; once passed, the part of next year's month (a
    named month: "begin november") or of the next month ("begin van deze maand")."""
    first, last = part_of_month(span, part)
    if last < today:
        start = span[0]
        later = start.replace(year=start.year + 1) if named_month else months_on(start, 1)[0]
        first, last = part_of_month((later, later), part)
    return max(first, today), last


@dataclass(frozen=True)
class Neighbours:
    """Whether other date phrases stand before or after one: "from Dec 5 to Dec 12" is a
    range, not four weeks from the 5th nor today until the 12th."""

    before: bool = False
    after: bool = False


def around(
    tokens: Sequence[Token],
    piece: Piece,
    today: date,
    words: DateWords,
    used: set[int],
    neighbours: Neighbours = Neighbours(),
    weekdays: Mapping[int, int] | None = None,
) -> tuple[Span, int]:
    """The words before a date: "na de kerstvakantie", "vanaf januari", "before Easter",
    "tot de kerst", "de week van 7 december". With the days, where the phrase begins."""
    at = piece.start
    while at > 0 and tokens[at - 1].raw in words.fillers:
        at -= 1
    if (week := _week_of(tokens, piece, at, words)) is not None:
        used.update(range(week[1], piece.start))
        return week
    found = _next_to(tokens, piece, at, words, weekdays or {})
    if found is None:
        found = _before_word(tokens, piece, at, today, words, neighbours)
    if found is None:
        return piece.span, piece.start
    used.update(range(found[1], piece.start))
    return found


def _week_ordinal(
    tokens: Sequence[Token], unit_at: int, words: DateWords
) -> tuple[str, int] | None:
    """ "eerste", "laatste", "2e" before the "week" at `unit_at`: which week, and where."""
    at = unit_at - 1
    raw = tokens[at].raw if at >= 0 else ""
    for key, names in words.week_ordinals.items():
        if raw in names:
            return key, at
    number = tokens[at - 1].raw if at > 0 else ""
    if raw in words.ordinals and number.isdigit() and 1 <= int(number) <= len(WEEK_NUMBERS):
        return list(WEEK_NUMBERS)[int(number) - 1], at - 1
    return None


def _week_of(
    tokens: Sequence[Token], piece: Piece, at: int, words: DateWords
) -> tuple[Span, int] | None:
    """ "de week van 9 december", "het weekend van 12 december", "de eerste week van
    januari", "laatste week december", "de 2e week van de kerstvakantie"; not "dit weekend
    of volgend weekend" ("of" is "or" too)."""
    if piece.kind == RELATIVE or at < 2:
        return None
    of = tokens[at - 1].raw in words.of
    unit_at = at - 2 if of else at - 1
    unit = tokens[unit_at].raw
    ordinal = _week_ordinal(tokens, unit_at, words) if unit in words.week_of else None
    if ordinal is not None:
        nth = week_of_span(piece.span, ordinal[0])
        return None if nth is None else (nth, ordinal[1])
    if not of:
        return None  # "week januari" only with an ordinal
    monday = monday_of(piece.span[0])
    if unit in words.week_of:
        return week_of(piece.span[0]), at - 2
    if unit in words.weekend_of:
        saturday = monday + timedelta(days=5)
        return (saturday, saturday + timedelta(days=1)), at - 2
    return None


def _next_to(
    tokens: Sequence[Token], piece: Piece, at: int, words: DateWords, weekdays: Mapping[int, int]
) -> tuple[Span, int] | None:
    """ "zaterdag na de kerstvakantie" (the first Saturday after it), "de vrijdag voor de
    kerstvakantie" (the last one before), "de week na de kerstvakantie" (Monday to Sunday),
    "de week voor kerst" (its days before), "het weekend na sinterklaas", "de dag na
    sinterklaas"."""
    before = tokens[at - 1].raw if at > 1 else ""
    after = before in words.after
    if not (after or before in words.before or before in words.before_named):
        return None
    lead = at - 2
    first, last = piece.span
    if lead in weekdays:
        weekday = weekdays[lead]
        if after:
            day = last + timedelta(days=(weekday - last.weekday() - 1) % 7 + 1)
        else:
            day = first - timedelta(days=(first.weekday() - weekday - 1) % 7 + 1)
        return (day, day), lead
    unit = tokens[lead].raw
    if unit in words.day_of:  # "de dag na sinterklaas"
        day = last + ONE if after else first - ONE
        return (day, day), lead
    if unit in words.week_of:
        week = week_of(last + timedelta(days=7)) if after else (monday_of(first - ONE), first - ONE)
        return week, lead
    if unit in words.weekend_of:
        if after:
            saturday = last + timedelta(days=(5 - last.weekday() - 1) % 7 + 1)
        else:
            saturday = first - timedelta(days=(first.weekday() - 6 - 1) % 7 + 2)
        return (saturday, saturday + ONE), lead
    return None


def _onwards(first: date) -> Span:
    """ "na 10 januari", "vanaf 6 januari": the rest of that month, or four weeks when that
    month has less than a week left ("na 28 januari": to 24 February)."""
    end = month_span(first.year, first.month)[1]
    if (end - first).days + 1 >= AFTER_AT_LEAST:
        return first, end
    return first, first + timedelta(days=AFTER_DAYS - 1)


def _before_word(
    tokens: Sequence[Token],
    piece: Piece,
    at: int,
    today: date,
    words: DateWords,
    neighbours: Neighbours,
) -> tuple[Span, int] | None:
    before = tokens[at - 1].raw if at > 0 else ""
    first, last = piece.span
    if before in words.after:
        return _onwards(last + timedelta(days=1)), at - 1
    if before in words.starting and not neighbours.after:
        return (first, max(last, _onwards(first)[1])), at - 1
    single = first == last
    if not neighbours.before and last >= today:
        inclusive = phrases(words.until_inclusive).before(tokens, at)
        if inclusive is not None:
            return (today, last), inclusive
        if before in words.until and piece.kind != RELATIVE:  # "tot volgende week!"
            whole = (single and piece.kind == CALENDAR) or _says_end(tokens, piece, words)
            end = last if whole else first - timedelta(days=1)
            return (today, max(today, end)), at - 1
    # "voor (de) kerst" and "voor maart" are before it, "iets voor kerst" and "voor zaterdag"
    # are for it
    month = piece.kind == CALENDAR and first.day == 1 and (last + timedelta(days=1)).day == 1
    meant_for = at > 1 and tokens[at - 2].raw in words.meant_for  # "iets leuks voor december"
    before_named = before in words.before_named and (
        (piece.kind == NAMED and (at < piece.start or not meant_for)) or (month and not meant_for)
    )
    if before in words.before or before_named:
        if (eve := _day_before(tokens, piece, today, words)) is not None:
            return (today, eve), at - 1  # "voor de kerst", also in the Christmas holiday
        if first > today:
            return (today, first - ONE), at - 1
    return None


def _day_before(
    tokens: Sequence[Token], piece: Piece, today: date, words: DateWords
) -> date | None:
    """ "voor de kerst": the day before Christmas Day, not before the Christmas holiday."""
    spec = words.feast_before.get(" ".join(t.raw for t in tokens[piece.start : piece.end]))
    feast = coming_feast(spec, today) if spec else None
    return feast[0] - ONE if feast and feast[0] > today else None


def word_before(tokens: Sequence[Token], start: int, words: DateWords) -> str:
    """The word before a date, past "de", "het", "the": "na" of "na de zomer"."""
    at = start
    while at > 0 and tokens[at - 1].raw in words.fillers:
        at -= 1
    return tokens[at - 1].raw if at > 0 else ""


def _says_end(tokens: Sequence[Token], piece: Piece, words: DateWords) -> bool:
    """ "tot eind december" is up to its end, not to the 21st."""
    return tokens[piece.start].raw in {p.split()[0] for p in words.month_parts.get("end", ())}


def read_phrases(
    tokens: Sequence[Token],
    pieces: Sequence[Piece],
    today: date,
    words: DateWords,
    used: set[int],
    weekdays: Mapping[int, int],
) -> list[tuple[Span, int]]:
    """The days of each date phrase, read with the words around it, and where it begins. A
    date inside another's phrase is no date of its own: "weekend" in "het weekend van 12
    december"."""
    first = min((piece.start for piece in pieces), default=0)
    last = max((piece.start for piece in pieces), default=0)
    read = [
        around(
            tokens,
            piece,
            today,
            words,
            used,
            Neighbours(piece.start > first, piece.start < last),
            weekdays,
        )
        for piece in pieces
    ]
    starts = [(left, piece.start) for piece, (_, left) in zip(pieces, read, strict=True)]
    return [
        (span, piece.start)
        for piece, (span, _) in zip(pieces, read, strict=True)
        if not any(piece.end > left and piece.start < start for left, start in starts)
    ]
