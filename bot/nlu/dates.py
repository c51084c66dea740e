"""Dates in a message, as an inclusive span of local days counted from "today".

"zaterdag" is the coming Saturday (today when it is Saturday), "volgende zaterdag" the one of
next week; weeks run Monday–Sunday; "in december" is this year's December, or next year's
once it has passed; "deze maand" is today to its end; school holidays come from the
catalogue, for the lexicon's school region; feast days and seasons from the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.calendar_days import coming_feast, coming_season, narrowest
from bot.nlu.clauses import Clause, chosen, habitual
from bot.nlu.date_counts import (
    Week,
    ahead,
    in_year_part,
    part_of_the_period,
    period_span,
    week_numbers,
    within,
    year_at,
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
    word_before,
)
from bot.nlu.date_lexicon import GRAMMAR_KEYS, DateWords
from bot.nlu.date_reading import (
    NthFeasts,
    Reading,
    ShortWeekdays,
    after_that,
    between,
    looks_back,
    not_since,
    trusted,
    weekday_spans,
)
from bot.nlu.day_numbers import DayNumbers
from bot.nlu.holidays import HolidayDates, SchoolHolidays
from bot.nlu.lexicon import AgeWords
from bot.nlu.patterns import PhraseTable
from bot.nlu.text import normalize, split_words
from bot.nlu.vocabulary import Token, Vocabulary

DateValue = tuple[str, int | str]  # (kind, value)
__all__ = ["DateReader", "DatesFound", "HolidayDates"]

_NTH_FEAST = re.compile(r"^(\d+)(\D.*)$")  # "1e kerstdag": "1" and "e kerstdag"
NAMED_KINDS = frozenset({"holiday", "next_holiday", "feast", "season"})  # "voor de zomer"
WEEKS_ON = {"last_week": -1, "this_week": 0, "next_week": 1, "week_after_next": 2}


@dataclass(frozen=True)
class DatesFound:
    span: Span
    positions: frozenset[int]  # the message words that said it

    def says_all(self, tokens: Sequence[Token]) -> bool:
        """Only a date, maybe with a little word: "zaterdag?", "in de kerstvakantie"."""
        return all(i in self.positions or len(t.raw) <= 3 for i, t in enumerate(tokens))


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
        self._short_weekdays = ShortWeekdays(words)
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
        self._month_names = {n for names in words.months for n in names} | set(words.short_months)
        self._holidays = SchoolHolidays(holidays, words, add)
        self._nth_feasts = NthFeasts(words)
        self._add_feasts(vocabulary, add)
        for key, names in words.seasons_before_year.items():
            for name in names:
                add(name, ("season_year", key))
        for phrase in words.next_holiday:
            add(phrase, ("next_holiday", ""))
        for phrase in words.later_today:
            add(phrase, ("later_today", ""))
        for phrase in words.not_dates:
            add(phrase, ("none", ""))

    def _add_feasts(self, vocabulary: Vocabulary, add: Callable[..., None]) -> None:
        """Feast days and seasons, computed (right in any year); "2e kerstdag" by number."""
        words = self._words
        for kind, table in (("feast", words.feasts), ("season", words.seasons)):
            for key, names in table.items():
                for name in names:
                    if nth := _NTH_FEAST.match(name):  # "2e kerstdag", any ordinal: "2de"
                        rest = split_words(normalize(nth[2]))
                        rest = rest[1:] if rest[0] in words.ordinals else rest
                        ids = vocabulary.add_text(" ".join(rest))
                        self._nth_feasts.add(int(nth[1]), ids, key)
                        add(" ".join(ids), ("nth_feast", ""))
                    else:
                        add(name, (kind, key), replace=True)  # a name wins over a holiday

    def read(
        self, tokens: Sequence[Token], today: date, clauses: Callable[[], Sequence[Clause]] = tuple
    ) -> DatesFound | None:
        """`clauses` gives the message's clauses, asked for only when it has a date."""
        words = self._words
        counted = within(tokens, today, words, self._numbers)
        reading = self._named(tokens, today, {i for p in counted for i in range(p.start, p.end)})
        reading.pieces += counted
        used = reading.used
        used.update(i for p in counted for i in range(p.start, p.end))
        weekday_at = {at for at, _ in reading.weekdays}
        numeric = [p for p in self._days.numeric(tokens, today, weekday_at) if p.start not in used]
        numeric += self._days.ordinals(tokens, today, used, weekday_at)
        reading.pieces += numeric
        for piece in numeric:
            used.update(range(piece.start, piece.end))
        reading.exact_day |= bool(numeric)
        reading.pieces += ahead(tokens, today, words, self._numbers, used, reading.weeks)
        reading.pieces += years(tokens, today, words, used)
        reading.pieces += week_numbers(tokens, today, words, used | reading.blocked)
        reading.pieces += part_of_the_period(tokens, today, words, used)
        reading.weekdays += self._short_weekdays.find(tokens, reading.weeks, used)
        used.update(at for at, _ in reading.weekdays)
        if reading.weekdays:
            reading.habitual = habitual(tokens, clauses(), words)
        spans = weekday_spans(tokens, reading, today, words)
        found = reading.pieces + after_that(tokens, reading.pieces, words)
        pieces = not_since(tokens, between(tokens, found, words, used), words)
        if not (spans or pieces):
            pieces = reading.later_today  # "straks", with no other date
        spans += read_phrases(tokens, pieces, today, words, used, dict(reading.weekdays))
        spans = chosen(spans, clauses(), words, today) if spans else []
        if not any(t.raw in words.either for t in tokens):
            spans = narrowest(spans)  # "vandaag of deze week" is either
        if not spans:
            return None
        return DatesFound((min(s[0] for s in spans), max(s[1] for s in spans)), frozenset(used))

    def _named(self, tokens: Sequence[Token], today: date, taken: set[int]) -> Reading:
        """The dates the lexicon and catalogue name: days, periods, months, holidays; not
        inside the words `taken` ("komende" of "de komende twee weken")."""
        reading = Reading(looking_back=looks_back(tokens, self._words))
        named_end = -1
        for found in self._table.find(tokens):
            start, end = found.start, found.end
            kind = found.values[0][0]
            if kind == "none":
                reading.blocked.update(range(start, end))
            if not self._is_date(tokens, start, end, kind) or taken.intersection(range(start, end)):
                continue
            reading.used.update(range(start, end))
            if kind == "next_holiday" and start == named_end:
                continue  # "the Easter holidays" are Easter
            if kind in NAMED_KINDS or kind == "season_year":
                named_end = end
            self._take(tokens, start, end, found.values[0], reading, today)
        for piece in reading.pieces:
            reading.used.update(range(piece.start, piece.end))
        return reading

    def _is_date(self, tokens: Sequence[Token], start: int, end: int, kind: str) -> bool:
        """Found, and a date here: "jan" only near a day, "fall" only before a year, no
        "een weekend" (any weekend, like "op een zaterdag")."""
        if kind == "none" or not trusted(tokens, start, end, kind, self._words):
            return False
        before = tokens[start - 1].raw if start > 0 else ""
        if kind == "short_month":
            return self._days.near_a_day(tokens, start, end, self._month_names)
        if kind == "season_year":
            return year_at(tokens, end, self._words) is not None
        return not (kind == "period" and end - start == 1 and before in self._words.weekday_any)

    def _take(
        self,
        tokens: Sequence[Token],
        start: int,
        end: int,
        found: DateValue,
        reading: Reading,
        today: date,
    ) -> None:
        kind, value = found
        if (nth := self._nth_feasts.find(tokens, start, end, today)) is not None:
            reading.pieces.append(nth)
        elif kind == "later_today":
            reading.later_today.append(Piece(start, end, (today, today)))
        elif kind == "weekday" and isinstance(value, int):
            reading.weekdays.append((start, value))
        elif kind == "period" and value in WEEKS_ON:
            monday = monday_of(today) + timedelta(weeks=WEEKS_ON[str(value)])
            reading.weeks.append(Week(monday, start, end))
        elif kind in ("month", "short_month") and isinstance(value, int):
            piece, is_day = self._month(tokens, start, end, value, today)
            reading.pieces.append(piece)
            reading.exact_day |= is_day
        elif kind in ("season", "season_year") and (year := year_at(tokens, end, self._words)):
            first_day = max(today, date(year, 1, 1))  # "zomer 2028", "de zomer van 2028"
            reading.pieces.append(Piece(start, end, coming_season(str(value), first_day), NAMED))
        elif (holiday := self._season_holiday(tokens, start, kind, value)) is not None:
            span = self._holidays.coming(holiday, today)
            reading.pieces.append(Piece(start, end, span, NAMED))
        elif (span := self._span(kind, str(value), today, reading.looking_back)) is not None:
            piece = Piece(start, end, span, NAMED if kind in NAMED_KINDS else RELATIVE)
            if value in ("this_month", "next_month"):
                piece = self._in_part(tokens, piece, today, named_month=False)
            elif value in ("this_year", "next_year"):
                piece = in_year_part(tokens, piece, today, self._words)
            reading.pieces.append(piece)

    def _season_holiday(
        self, tokens: Sequence[Token], start: int, kind: str, value: object
    ) -> str | None:
        """ "voor de zomer" is before the summer holiday, where the catalogue has one."""
        holiday = self._words.season_holidays.get(str(value)) if kind == "season" else None
        if holiday is None or not self._holidays.knows(holiday):
            return None
        around = word_before(tokens, start, self._words) in self._words.around_words
        return holiday if around else None

    def _span(self, kind: str, value: str, today: date, looking_back: bool = False) -> Span | None:
        if kind == "period":
            return period_span(value, today)
        if kind == "day":
            return (today + timedelta(days=int(value)),) * 2
        if kind == "holiday":
            return self._holidays.coming(value, today, looking_back)
        if kind == "next_holiday":
            return self._holidays.next_long(today)
        if kind == "feast":
            return coming_feast(value, today)
        if kind in ("season", "season_year"):
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
