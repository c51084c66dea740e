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

from bot.nlu.lexicon import DateWords
from bot.nlu.patterns import PhraseTable
from bot.nlu.text import normalize, split_words
from bot.nlu.vocabulary import Token, Vocabulary

Span = tuple[date, date]
DateValue = tuple[str, int | str]  # (kind, value)

LONG_HOLIDAY_DAYS = 5  # "de vakantie" means a real holiday, not a feast day
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


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _month_span(year: int, month: int) -> Span:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


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
        self, words: DateWords, holidays: Sequence[HolidayDates], vocabulary: Vocabulary
    ) -> None:
        self._table: PhraseTable[DateValue] = PhraseTable()
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
        spans: list[Span] = []
        weekdays: list[int] = []
        weeks: list[date] = []  # Mondays of "deze week" / "volgende week"
        exact_day = False
        used: set[int] = set()
        for found in self._table.find(tokens):
            kind, value = found.values[0]
            if kind != "none":
                used.update(range(found.start, found.end))
            if kind == "month" and isinstance(value, int):
                span, positions, is_day = self._month(tokens, found.start, found.end, value, today)
                spans.append(span)
                used |= positions
                exact_day |= is_day
            elif kind == "weekday" and isinstance(value, int):
                weekdays.append(value)
            elif kind == "period" and value in ("this_week", "next_week"):
                weeks.append(_monday(today) + timedelta(weeks=1 if value == "next_week" else 0))
            elif kind == "period":
                spans.append(self._period(str(value), today))
            elif kind == "day" and isinstance(value, int):
                spans.append((today + timedelta(days=value),) * 2)
            elif kind == "holiday":
                spans.append(self._holiday(str(value), today))
            elif kind == "next_holiday" and (span := self._next_holiday(today)):
                spans.append(span)
        for i in range(len(tokens)):
            if (when := self._numeric_date(tokens, i, today)) is not None:
                spans.append((when, when))
                used.add(i)
                exact_day = True
        if weekdays and weeks:  # "volgende week zaterdag"
            spans += [(m + timedelta(days=d),) * 2 for m in weeks for d in weekdays]
        else:
            spans += [(m, m + timedelta(days=6)) for m in weeks]
            if not exact_day:  # "zaterdag 12 december": the date says it all
                ahead = [(d - today.weekday()) % 7 for d in weekdays]
                spans += [(today + timedelta(days=n),) * 2 for n in ahead]
        if not spans:
            return None
        span = min(s[0] for s in spans), max(s[1] for s in spans)
        return DatesFound(span, frozenset(used))

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
        return _month_span(year, month), used, False

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
        monday = _monday(today)
        if period in ("this_weekend", "next_weekend"):
            saturday = monday + timedelta(days=5 + (7 if period == "next_weekend" else 0))
            return saturday, saturday + timedelta(days=1)
        if period == "next_month":
            return _month_span(today.year + today.month // 12, today.month % 12 + 1)
        return _month_span(today.year, today.month)  # this_month

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
