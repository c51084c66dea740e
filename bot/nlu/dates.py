"""Dates in a message, as an inclusive span of local days counted from "today".

"zaterdag" is the coming Saturday (today when it is Saturday), "volgende zaterdag" the one of
next week; weeks run Monday–Sunday; "in december" is this year's December, or next year's
once it has passed; "deze maand" is today to its end; school holidays come from the
catalogue, for the lexicon's school region; feast days and seasons from the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.nlu.calendar_days import coming_feast, coming_season
from bot.nlu.date_counts import (
    Week,
    ahead,
    in_year_part,
    period_span,
    week_numbers,
    within,
    years,
)
from bot.nlu.date_grammar import (
    CALENDAR,
    NAMED,
    RELATIVE,
    Piece,
    Span,
    in_part,
    monday_of,
    month_part,
    read_phrases,
)
from bot.nlu.date_lexicon import GRAMMAR_KEYS, DateWords
from bot.nlu.day_numbers import DayNumbers
from bot.nlu.holidays import HolidayDates, SchoolHolidays
from bot.nlu.lexicon import AgeWords
from bot.nlu.patterns import PhraseTable
from bot.nlu.text import collapse_doubles, normalize, split_words
from bot.nlu.vocabulary import Token, Vocabulary

DateValue = tuple[str, int | str]  # (kind, value)
__all__ = ["DateReader", "DatesFound", "HolidayDates"]

LONG_TYPO = 7  # shorter words are dates only when spelled right
LONG_PERIOD = 7  # days: "een zaterdag in januari" is January
_NTH_FEAST = re.compile(r"^(\d+)(\D.*)$")  # "1e kerstdag": "1" and "e kerstdag"
NAMED_KINDS = frozenset({"holiday", "next_holiday", "feast", "season"})  # "voor de zomer"


@dataclass(frozen=True)
class DatesFound:
    span: Span
    positions: frozenset[int]  # the message words that said it

    def says_all(self, tokens: Sequence[Token]) -> bool:
        """Only a date, maybe with a little word: "zaterdag?", "in de kerstvakantie"."""
        return all(i in self.positions or len(t.raw) <= 3 for i, t in enumerate(tokens))


@dataclass
class _Reading:
    """What one message's date words say, gathered before the grammar around them."""

    pieces: list[Piece] = field(default_factory=list)
    weekdays: list[tuple[int, int]] = field(default_factory=list)  # (token index, weekday)
    weeks: list[Week] = field(default_factory=list)  # "volgende week", "over 2 weken"
    exact_day: bool = False  # "zaterdag 12 december": the date says it all
    used: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)  # "elke week", "per week": no dates


def _inflected(raw: str, word: str) -> bool:
    """ "zaterdags", "zatterdag" and "weekendje" are forms of their word; "wint" is none."""
    return raw.startswith(word) or collapse_doubles(raw).startswith(collapse_doubles(word))


class DateReader:
    def __init__(
        self,
        words: DateWords,
        holidays: Sequence[HolidayDates],
        vocabulary: Vocabulary,
        ages: AgeWords,
    ) -> None:
        self._table: PhraseTable[DateValue] = PhraseTable()
        self._words = words
        self._numbers = ages.numbers
        self._days = DayNumbers(words, ages)
        for key in GRAMMAR_KEYS:  # known words: "voordat" is not split into "voor" + "dat"
            for word in getattr(words, key):
                vocabulary.add_text(word)

        def add(phrase: str, value: DateValue, replace: bool = False) -> None:
            ids = vocabulary.add_text(phrase)
            if ids:
                part = tuple(frozenset((w,)) for w in ids)
                (self._table.replace if replace else self._table.add)(part, value)

        for phrase, offset in words.days_ahead.items():
            add(phrase, ("day", offset))
        for period, phrases in words.periods.items():
            for phrase in phrases:
                add(phrase, ("period", period))
        for index, names in enumerate(words.weekdays):
            for name in names:
                add(name, ("weekday", index))
        for index, names in enumerate(words.months):
            for name in names:
                add(name, ("month", index + 1))
        for name, month in words.short_months.items():
            add(name, ("short_month", month))
        self._holidays = SchoolHolidays(holidays, words, add)
        self._nth_feasts: dict[tuple[str, int], str] = {}  # ("e kerstdag", 1) → "12-25"
        for kind, table in (("feast", words.feasts), ("season", words.seasons)):
            for key, names in table.items():
                for name in names:
                    if nth := _NTH_FEAST.match(name):  # numbers are no word ids
                        rest = " ".join(split_words(normalize(nth[2])))
                        self._nth_feasts[(rest, int(nth[1]))] = key
                        add(rest, ("nth_feast", rest), replace=True)
                    else:
                        add(name, (kind, key), replace=True)  # computed: right in any year
        for phrase in words.next_holiday:
            add(phrase, ("next_holiday", ""))
        for phrase in words.not_dates:
            add(phrase, ("none", ""))

    def read(self, tokens: Sequence[Token], today: date) -> DatesFound | None:
        counted = within(tokens, today, self._words, self._numbers)
        reading = self._named(tokens, today, {i for p in counted for i in range(p.start, p.end)})
        reading.pieces += counted
        used = reading.used
        used.update(i for p in counted for i in range(p.start, p.end))
        weekday_at = {at for at, _ in reading.weekdays}
        numeric = self._days.numeric(tokens, today, weekday_at)
        numeric += self._days.ordinals(tokens, today, used, weekday_at)
        reading.pieces += numeric
        for piece in numeric:
            used.update(range(piece.start, piece.end))
        reading.exact_day |= bool(numeric)
        reading.pieces += ahead(tokens, today, self._words, self._numbers, used, reading.weeks)
        reading.pieces += years(tokens, today, self._words, used)
        reading.pieces += week_numbers(tokens, today, self._words, used | reading.blocked)
        spans = self._weekdays(tokens, reading, today)
        weekdays = dict(reading.weekdays)
        spans += read_phrases(tokens, reading.pieces, today, self._words, used, weekdays)
        if not spans:
            return None
        return DatesFound((min(s[0] for s in spans), max(s[1] for s in spans)), frozenset(used))

    def _named(self, tokens: Sequence[Token], today: date, taken: set[int]) -> _Reading:
        """The dates the lexicon and catalogue name: days, periods, months, holidays; not
        inside the words `taken` ("komende" of "de komende twee weken")."""
        reading = _Reading()
        for found in self._table.find(tokens):
            kind, value = found.values[0]
            if kind == "none":
                reading.blocked.update(range(found.start, found.end))
            if kind == "none" or not self._trusted(tokens, found.start, found.end):
                continue
            if taken.intersection(range(found.start, found.end)):
                continue
            if kind == "short_month" and not self._near_a_day(tokens, found.start, found.end):
                continue
            reading.used.update(range(found.start, found.end))
            self._take(tokens, found.start, found.end, (kind, value), reading, today)
        for piece in reading.pieces:
            reading.used.update(range(piece.start, piece.end))
        return reading

    def _take(
        self,
        tokens: Sequence[Token],
        start: int,
        end: int,
        found: DateValue,
        reading: _Reading,
        today: date,
    ) -> None:
        kind, value = found
        if kind == "weekday" and isinstance(value, int):
            reading.weekdays.append((start, value))
        elif kind == "period" and value in ("this_week", "next_week"):
            monday = monday_of(today) + timedelta(weeks=1 if value == "next_week" else 0)
            reading.weeks.append(Week(monday, start, end))
        elif kind in ("month", "short_month") and isinstance(value, int):
            piece, is_day = self._month(tokens, start, end, value, today)
            reading.pieces.append(piece)
            reading.exact_day |= is_day
        elif kind == "nth_feast":
            number = tokens[start - 1].raw if start > 0 else ""
            spec = self._nth_feasts.get((str(value), int(number) if number.isdigit() else 0))
            if spec is not None and (span := coming_feast(spec, today)) is not None:
                reading.pieces.append(Piece(start - 1, end, span, NAMED))
        elif (span := self._span(kind, str(value), today)) is not None:
            piece = Piece(start, end, span, NAMED if kind in NAMED_KINDS else RELATIVE)
            if value in ("this_month", "next_month"):
                piece = self._in_part(tokens, piece, today, named_month=False)
            elif value in ("this_year", "next_year"):
                piece = in_year_part(tokens, piece, today, self._words)
            reading.pieces.append(piece)

    def _span(self, kind: str, value: str, today: date) -> Span | None:
        if kind == "period":
            return period_span(value, today)
        if kind == "day":
            return (today + timedelta(days=int(value)),) * 2
        if kind == "holiday":
            return self._holidays.coming(value, today)
        if kind == "next_holiday":
            return self._holidays.next_long(today)
        if kind == "feast":
            return coming_feast(value, today)
        if kind == "season":
            return coming_season(value, today)
        return None

    def _month(
        self, tokens: Sequence[Token], start: int, end: int, month: int, today: date
    ) -> tuple[Piece, bool]:
        """A month, or a day or days of it; and whether it is days."""
        span, positions, is_day = self._days.of_month(tokens, start, end, month, today)
        piece = Piece(min(positions), max(positions) + 1, span, CALENDAR)
        return (piece, True) if is_day else (self._in_part(tokens, piece, today, True), False)

    def _in_part(
        self, tokens: Sequence[Token], piece: Piece, today: date, named_month: bool
    ) -> Piece:
        """ "eind december", "begin volgende maand"."""
        part = month_part(tokens, piece.start, self._words)
        if part is None:
            return piece
        span = in_part(piece.span, part[0], today, named_month)
        return Piece(part[1], piece.end, span, piece.kind)

    def _near_a_day(self, tokens: Sequence[Token], start: int, end: int) -> bool:
        """ "3 jan", "may 5", "in jan", "eind jan"; not "Jan" or "may I"."""
        before = tokens[start - 1].raw if start > 0 else ""
        return (
            self._days.day_before(tokens, start) is not None
            or self._days.day_after(tokens, end) is not None
            or before in self._words.ahead
            or month_part(tokens, start, self._words) is not None
        )

    def _weekdays(self, tokens: Sequence[Token], reading: _Reading, today: date) -> list[Span]:
        """ "volgende week zaterdag", "zaterdag over een week"; else each week, and each
        weekday as a date phrase: "zaterdag", "volgende zaterdag", "vanaf zaterdag"; but not
        "elke woensdag" or "op een zaterdag", nor a weekday with a month or holiday ("een
        zaterdag in januari" is January)."""
        if reading.weekdays and reading.weeks:
            days = [d for _, d in reading.weekdays]
            return [(w.monday + timedelta(days=d),) * 2 for w in reading.weeks for d in days]
        for w in reading.weeks:
            span = (max(w.monday, today), w.monday + timedelta(days=6))
            reading.pieces.append(Piece(w.start, w.end, span))
        long = any((p.span[1] - p.span[0]).days + 1 >= LONG_PERIOD for p in reading.pieces)
        if reading.exact_day:
            return []
        words = self._words
        for at, weekday in reading.weekdays:
            day = today + timedelta(days=(weekday - today.weekday()) % 7)
            before = tokens[at - 1].raw if at > 0 else ""
            if before in words.weekday_any:
                reading.used.add(at - 1)
                continue
            if long:
                continue
            if before in words.weekday_next:
                day = monday_of(today) + timedelta(days=7 + weekday)
            start = at - 1 if before in words.weekday_next or before in words.weekday_this else at
            reading.used.update(range(start, at))
            reading.pieces.append(Piece(start, at + 1, (day, day)))
        return []

    def _trusted(self, tokens: Sequence[Token], start: int, end: int) -> bool:
        """Not a date: part of another word ("kerst" in "kerstkoken", but "dinsdag" in
        "dinsdagmiddag" is), or a short guessed typo ("taster" is no "easter")."""
        for token in tokens[start:end]:
            if token.whole and not any(
                token.whole.endswith(part) or token.whole.startswith(part)
                for part in self._words.time_parts
            ):
                return False
            if not token.fuzzy and not any(_inflected(token.raw, w) for w in token.words):
                return False  # "wint" shares a stem with "winter"
            same_start = any(w[:1] == token.raw[:1] for w in token.words)
            if token.fuzzy and (len(token.raw) < LONG_TYPO or not same_start):
                return False
        return True
