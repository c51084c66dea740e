"""Days said with numbers: "12 december", "December 12th", "5 t/m 12 december", "December
5 to 12", "5-12 december", each with an optional year; "de 12e" and "on the 12th" (a day of
this month, or the next once passed); "op 12/12", "12-12-2026" and "12/12/26"."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date

from bot.nlu.date_grammar import CALENDAR, Piece, Span, month_part, month_span
from bot.nlu.date_lexicon import DateWords
from bot.nlu.lexicon import AgeWords
from bot.nlu.patterns import phrases
from bot.nlu.vocabulary import Token

_YEAR = re.compile(r"^20\d\d$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$")  # "12/12/26"
SCORE_SCALES = frozenset({5, 10})  # "4/5", "8/10": a rating, unless "op 8/10"
FRACTION_BELOW = 4  # "1/2", "2/3", "3/4": a part, unless "op 1/2"
_DAY_RANGE = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")  # "5-12 december", "12/13 december"


def coming(month: int, day: int, today: date) -> date | None:
    """Day and month in this year, or next year once passed; None if no such day."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= today:
            return candidate
    return None


def day_number(raw: str) -> int | None:
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= 31 else None


class DayNumbers:
    def __init__(self, words: DateWords, ages: AgeWords) -> None:
        self._words = words
        self._ages = ages
        self._joiners = phrases((*words.range_joiners, *words.range_to))
        # "zaterdag 12 of zondag 13 december": a weekday may stand before the first day
        self._weekday_names = {n for names in words.weekdays for n in names if " " not in n}
        self._weekday_names.update(words.weekday_short)

    def day_before(self, tokens: Sequence[Token], at: int) -> tuple[int, int] | None:
        """The day that ends just before `at` ("12", "12e", "12th of"), and where it starts."""
        j = at - 1
        if j > 0 and tokens[j].raw in self._words.of and tokens[j - 1].raw in self._words.ordinals:
            j -= 1  # "the 12th of December"
        if j > 0 and tokens[j].raw in self._words.ordinals:
            j -= 1
        day = day_number(tokens[j].raw) if j >= 0 else None
        return None if day is None else (day, j)

    def day_after(self, tokens: Sequence[Token], at: int) -> tuple[int, int] | None:
        """The day that starts at `at` ("12", "12th"), and where it ends."""
        day = day_number(tokens[at].raw) if at < len(tokens) else None
        if day is None:
            return None
        ordinal = at + 1 < len(tokens) and tokens[at + 1].raw in self._words.ordinals
        return day, at + (2 if ordinal else 1)

    def of_month(
        self, tokens: Sequence[Token], start: int, end: int, month: int, today: date
    ) -> tuple[Span, set[int], bool]:
        """ "december", "12 december", "december 12", "5 t/m 12 december", "December 5 to
        12", each with an optional year after it. With the words used and whether it is
        a day (or days) rather than the month."""
        used = set(range(start, end))
        days, left, right = self._days_around(tokens, start, end)
        year = None
        if right < len(tokens) and _YEAR.match(tokens[right].raw):
            year = int(tokens[right].raw)
            used.add(right)
        span = None if days is None else self._dated(month, days, year, today)
        if span is not None:
            return span, used | set(range(left, right)), True
        if year is None:
            year = today.year + (1 if month < today.month else 0)
        return month_span(year, month), used, False

    def _days_around(
        self, tokens: Sequence[Token], start: int, end: int
    ) -> tuple[tuple[int, int] | None, int, int]:
        """The first and last day said with a month, and the words they take."""
        joiners = self._joiners
        if start > 0 and (found := _DAY_RANGE.match(tokens[start - 1].raw)):
            return (int(found[1]), int(found[2])), start - 1, end
        if (left := self.day_before(tokens, start)) is not None:
            day, at = left
            joined = joiners.before(tokens, at)
            if joined is None and at > 0 and tokens[at - 1].raw in self._weekday_names:
                joined = joiners.before(tokens, at - 1)  # "of zondag 13 december"
            first = None if joined is None else self.day_before(tokens, joined)
            return ((first[0], day), first[1], end) if first else ((day, day), at, end)
        right = self.day_after(tokens, end)
        if right is not None and not self._an_age(tokens, right[1]):
            day, after = right
            joined = joiners.after(tokens, after)
            last = None if joined is None else self.day_after(tokens, joined)
            return ((day, last[0]), start, last[1]) if last else ((day, day), start, after)
        return None, start, end

    def _an_age(self, tokens: Sequence[Token], after: int) -> bool:
        """ "in oktober 10 geworden", "in maart 11 jaar": an age after the month, no day."""
        return after < len(tokens) and tokens[after].raw in self._ages.after

    @staticmethod
    def _dated(month: int, days: tuple[int, int], year: int | None, today: date) -> Span | None:
        first_day, last_day = days
        if first_day > last_day:
            return None
        try:
            if year:
                return date(year, month, first_day), date(year, month, last_day)
            last = coming(month, last_day, today)
            return None if last is None else (last.replace(day=first_day), last)
        except ValueError:
            return None

    def ordinals(
        self,
        tokens: Sequence[Token],
        today: date,
        used: Collection[int],
        weekday_at: Collection[int],
    ) -> list[Piece]:
        """ "de 12e", "op de 12de", "on the 12th", "saturday 19th": the coming 12th."""
        words = self._words
        pieces = []
        for i in range(1, len(tokens) - 1):
            day = day_number(tokens[i].raw)
            if day is None or i in used or tokens[i + 1].raw not in words.ordinals:
                continue
            following = tokens[i + 2].raw if i + 2 < len(tokens) else ""
            after_word = tokens[i - 1].raw in words.ordinal_before or i - 1 in weekday_at
            if after_word and following not in words.ordinal_not_before:
                when = _coming_day_of_month(day, today)
                if when is not None:
                    pieces.append(Piece(i - 1, i + 2, (when, when), CALENDAR))
        return pieces

    def numeric(
        self, tokens: Sequence[Token], today: date, weekday_at: Collection[int]
    ) -> list[Piece]:
        """ "op 12/12", "zaterdag 5-12", "12-12-2026"."""
        return [
            Piece(i, i + 1, (when, when), CALENDAR)
            for i in range(len(tokens))
            if (when := self._numeric_date(tokens, i, today, weekday_at)) is not None
        ]

    def _numeric_date(
        self, tokens: Sequence[Token], index: int, today: date, weekday_at: Collection[int]
    ) -> date | None:
        match = _NUMERIC_DATE.match(tokens[index].raw)
        if not match:
            return None
        day, month, year = match.groups()
        slashed = "/" in tokens[index].raw and self._bare_date(tokens, index, int(day), int(month))
        if not (year or slashed or self._numeric_context(tokens, index, weekday_at)):
            return None
        if year:
            try:
                return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
            except ValueError:
                return None
        return coming(int(month), int(day), today)

    def _bare_date(self, tokens: Sequence[Token], index: int, day: int, month: int) -> bool:
        """ "27/1" alone is a date; "8/10" and "4/5" are ratings, "1/2 uur" and "24/7" not."""
        after = tokens[index + 1].raw if index + 1 < len(tokens) else ""
        if after in self._ages.not_after or after in self._ages.persons or (day, month) == (24, 7):
            return False
        rating = month in SCORE_SCALES and day <= month
        return not rating and not (day < month <= FRACTION_BELOW)

    def _numeric_context(
        self, tokens: Sequence[Token], index: int, weekday_at: Collection[int]
    ) -> bool:
        """After "op" or a weekday ("wo 9/12"); not "kinderen van 9-12" nor "9-12 jaar"."""
        before = tokens[index - 1].raw if index > 0 else ""
        after = tokens[index + 1].raw if index + 1 < len(tokens) else ""
        ages = self._ages
        if after in ages.after or after in ages.not_after:
            return False
        if before in ages.of and index > 1 and tokens[index - 2].raw in ages.persons:
            return False
        words = self._words
        return (
            before in words.numeric_context
            or before in words.weekday_short
            or (index - 1) in weekday_at
        )

    def near_a_day(
        self, tokens: Sequence[Token], start: int, end: int, month_names: Collection[str]
    ) -> bool:
        """ "3 jan", "may 5", "in jan", "eind jan", "de eerste week van jan", "dec of jan";
        not "Jan" or "may I"."""
        words = self._words
        before = tokens[start - 1].raw if start > 0 else ""
        second = tokens[start - 2].raw if start > 1 else ""
        return (
            self.day_before(tokens, start) is not None
            or self.day_after(tokens, end) is not None
            or before in words.ahead
            or month_part(tokens, start, words) is not None
            or (before in words.of and second in (*words.week_of, *words.weekend_of))
            or (before in words.range_joiners and second in month_names)
        )


def _coming_day_of_month(day: int, today: date) -> date | None:
    for ahead in range(3):
        month = today.month - 1 + ahead
        try:
            when = date(today.year + month // 12, month % 12 + 1, day)
        except ValueError:
            continue
        if when >= today:
            return when
    return None
