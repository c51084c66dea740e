"""Dates in a message, as an inclusive span of local days counted from "today".

"zaterdag" is the coming Saturday (today when it is Saturday); weeks run Monday–Sunday;
"in december" is this year's December, or next year's once it has passed; school
holidays come from the catalogue, for the lexicon's school region.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.date_grammar import (
    Piece,
    Span,
    ahead,
    around,
    monday_of,
    month_span,
    months_on,
    read_phrases,
)
from bot.nlu.lexicon import GRAMMAR_KEYS, DateWords
from bot.nlu.patterns import PhraseTable
from bot.nlu.text import normalize, split_words
from bot.nlu.vocabulary import Token, Vocabulary

DateValue = tuple[str, int | str]  # (kind, value)

LONG_HOLIDAY_DAYS = 5  # "de vakantie" means a real holiday, not a feast day
LONG_TYPO = 7  # shorter words are dates only when spelled right
# A bare "12/12" is a date only after one of these words (else "10/10" would be a date too).
DATE_CONTEXT_WORDS = frozenset({"op", "on", "vanaf", "van", "tot", "datum", "date", "from"})
_YEAR = re.compile(r"^20\d\d$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$")


@dataclass(frozen=True)
class DatesFound:
    span: Span
    positions: frozenset[int]  # the message words that said it

    def says_all(self, tokens: Sequence[Token]) -> bool:
        """Only a date, maybe with a little word: "zaterdag?", "in de kerstvakantie"."""
        return all(i in self.positions or len(t.raw) <= 3 for i, t in enumerate(tokens))


@dataclass(frozen=True)
class HolidayDates:
    """One school holiday of the catalogue (or the database)."""

    names: Mapping[str, str]  # language → name
    start: date
    end: date
    region: str


def holiday_key(name: str) -> str:
    """ "Voorjaarsvakantie (carnaval)" → "voorjaarsvakantie": one key for all regions."""
    return " ".join(split_words(normalize(re.sub(r"\(.*?\)", "", name))))


def _coming(year_less: tuple[int, int], today: date) -> date | None:
    """Day and month in this year, or next year once passed; None if no such day."""
    month, day = year_less
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


class DateReader:
    def __init__(
        self,
        words: DateWords,
        holidays: Sequence[HolidayDates],
        vocabulary: Vocabulary,
        numbers: Mapping[str, int],
    ) -> None:
        self._table: PhraseTable[DateValue] = PhraseTable()
        self._words = words
        self._numbers = numbers
        for key in GRAMMAR_KEYS:  # known words: "voordat" is not split into "voor" + "dat"
            for word in getattr(words, key):
                vocabulary.add_text(word)
        self._region = words.school_region

        def add(phrase: str, value: DateValue) -> None:
            ids = vocabulary.add_text(phrase)
            if ids:
                self._table.add(tuple(frozenset((w,)) for w in ids), value)

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
        self._groups: dict[str, list[HolidayDates]] = {}
        for holiday in holidays:
            key = holiday_key(holiday.names.get("nl") or next(iter(holiday.names.values())))
            self._groups.setdefault(key, []).append(holiday)
            for name in holiday.names.values():
                add(holiday_key(name), ("holiday", key))
        for key, aliases in words.holiday_aliases.items():
            if key in self._groups:
                for alias in aliases:
                    add(alias, ("holiday", key))
        for phrase in words.next_holiday:
            add(phrase, ("next_holiday", ""))
        for phrase in words.not_dates:
            add(phrase, ("none", ""))

    def read(self, tokens: Sequence[Token], today: date) -> DatesFound | None:
        pieces: list[Piece] = []
        weekdays: list[tuple[int, int]] = []  # (token index, weekday)
        weeks: list[date] = []  # Mondays of "deze week" / "volgende week"
        exact_day = False
        used: set[int] = set()
        for found in self._table.find(tokens):
            kind, value = found.values[0]
            if not self._trusted(tokens, found.start, found.end):
                continue
            if kind != "none":
                used.update(range(found.start, found.end))
            piece = None
            if kind == "month" and isinstance(value, int):
                span, positions, is_day = self._month(tokens, found.start, found.end, value, today)
                used |= positions
                exact_day |= is_day
                piece = Piece(min(positions), max(positions) + 1, span)
            elif kind == "weekday" and isinstance(value, int):
                weekdays.append((found.start, value))
            elif kind == "period" and value in ("this_week", "next_week"):
                weeks.append(monday_of(today) + timedelta(weeks=1 if value == "next_week" else 0))
            elif kind == "period":
                piece = Piece(found.start, found.end, self._period(str(value), today))
            elif kind == "day" and isinstance(value, int):
                piece = Piece(found.start, found.end, (today + timedelta(days=value),) * 2)
            elif kind == "holiday":
                piece = Piece(found.start, found.end, self._holiday(str(value), today))
            elif kind == "next_holiday" and (span := self._next_holiday(today)):
                piece = Piece(found.start, found.end, span)
            if piece is not None:
                pieces.append(piece)
        numeric = self._numeric_dates(tokens, today)
        pieces += numeric
        used.update(piece.start for piece in numeric)
        exact_day |= bool(numeric)
        pieces += ahead(tokens, today, self._words, self._numbers, used)
        spans = read_phrases(tokens, pieces, today, self._words, used)
        if weekdays and weeks:  # "volgende week zaterdag"
            spans += [(m + timedelta(days=d),) * 2 for m in weeks for _, d in weekdays]
        else:
            spans += [(max(m, today), m + timedelta(days=6)) for m in weeks]
            if not exact_day:  # "zaterdag 12 december": the date says it all
                for at, weekday in weekdays:
                    day = today + timedelta(days=(weekday - today.weekday()) % 7)
                    weekday_piece = Piece(at, at + 1, (day, day))
                    spans.append(around(tokens, weekday_piece, today, self._words, used)[0])
        if not spans:
            return None
        return DatesFound((min(s[0] for s in spans), max(s[1] for s in spans)), frozenset(used))

    def _numeric_dates(self, tokens: Sequence[Token], today: date) -> list[Piece]:
        return [
            Piece(i, i + 1, (when, when))
            for i in range(len(tokens))
            if (when := self._numeric_date(tokens, i, today)) is not None
        ]

    def _trusted(self, tokens: Sequence[Token], start: int, end: int) -> bool:
        """Not a date: part of another word ("kerst" in "kerstkoken", but "dinsdag" in
        "dinsdagmiddag" is), or a short guessed typo ("taster" is no "easter")."""
        for token in tokens[start:end]:
            if token.whole and not any(
                token.whole.endswith(part) or token.whole.startswith(part)
                for part in self._words.time_parts
            ):
                return False
            same_start = any(w[:1] == token.raw[:1] for w in token.words)
            if token.fuzzy and (len(token.raw) < LONG_TYPO or not same_start):
                return False
        return True

    def _month(
        self, tokens: Sequence[Token], start: int, end: int, month: int, today: date
    ) -> tuple[Span, set[int], bool]:
        """ "december", "12 december", "december 12", each with an optional year after it."""
        used = set(range(start, end))
        day_at = self._day_of_month(tokens, start, end)
        after = end if day_at is None else max(end, day_at + 1)
        year = None
        if after < len(tokens) and _YEAR.match(tokens[after].raw):
            year = int(tokens[after].raw)
            used.add(after)
        if day_at is not None:
            day = int(tokens[day_at].raw)
            try:
                when = date(year, month, day) if year else _coming((month, day), today)
            except ValueError:
                when = None
            if when is not None:
                used.add(day_at)
                return (when, when), used, True
        if year is None:
            year = today.year + (1 if month < today.month else 0)
        return month_span(year, month), used, False

    @staticmethod
    def _day_of_month(tokens: Sequence[Token], start: int, end: int) -> int | None:
        """Where the day of "12 december" or "december 12" stands, if anywhere."""
        for index in (start - 1, end):
            raw = tokens[index].raw if 0 <= index < len(tokens) else ""
            if raw.isdigit() and 1 <= int(raw) <= 31:
                return index
        return None

    @staticmethod
    def _numeric_date(tokens: Sequence[Token], index: int, today: date) -> date | None:
        match = _NUMERIC_DATE.match(tokens[index].raw)
        if not match:
            return None
        day, month, year = match.groups()
        after_context = index > 0 and tokens[index - 1].raw in DATE_CONTEXT_WORDS
        if not (year or after_context):
            return None
        if year:
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                return None
        return _coming((int(month), int(day)), today)

    @staticmethod
    def _period(period: str, today: date) -> Span:
        monday = monday_of(today)
        if period in ("this_weekend", "next_weekend"):
            saturday = monday + timedelta(days=5 + (7 if period == "next_weekend" else 0))
            return saturday, saturday + timedelta(days=1)
        if period == "next_month":
            return months_on(today, 1)
        return month_span(today.year, today.month)  # this_month

    def _regional(self, key: str) -> list[HolidayDates]:
        entries = self._groups[key]
        mine = [h for h in entries if h.region in (self._region, "all")]
        return sorted(mine or entries, key=lambda h: h.start)

    def _holiday(self, key: str, today: date) -> Span:
        """The coming (or current) one; when all have passed, the most recent."""
        entries = self._regional(key)
        upcoming = [h for h in entries if h.end >= today]
        first = upcoming[0] if upcoming else entries[-1]
        same = [h for h in entries if h.start <= first.end and h.end >= first.start]
        return min(h.start for h in same), max(h.end for h in same)

    def _next_holiday(self, today: date) -> Span | None:
        coming = [
            (h.start, key)
            for key in self._groups
            for h in self._regional(key)
            if h.end >= today and (h.end - h.start).days + 1 >= LONG_HOLIDAY_DAYS
        ]
        return self._holiday(min(coming)[1], today) if coming else None
