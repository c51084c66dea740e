"""The catalogue's school holidays by name, for the lexicon's school region: the coming one
of a name ("kerstvakantie"), and the next long one ("de vakantie")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.nlu.calendar_days import Span
from bot.nlu.date_lexicon import DateWords
from bot.nlu.text import normalize, split_words

LONG_HOLIDAY_DAYS = 5  # "de vakantie" means a real holiday, not a feast day
RECENT_DAYS = 70  # told in the past tense, a holiday this recent is the one that was


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


class SchoolHolidays:
    def __init__(
        self,
        holidays: Sequence[HolidayDates],
        words: DateWords,
        add: Callable[[str, tuple[str, str]], None],
    ) -> None:
        """Each holiday's names (and the lexicon's other names for it) given to `add`."""
        self._region = words.school_region
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

    def knows(self, key: str) -> bool:
        return key in self._groups

    def _regional(self, key: str) -> list[HolidayDates]:
        entries = self._groups[key]
        mine = [h for h in entries if h.region in (self._region, "all")]
        return sorted(mine or entries, key=lambda h: h.start)

    def coming(self, key: str, today: date, looking_back: bool = False) -> Span:
        """The coming (or current) one; when all have passed, the most recent one's weeks
        of the next year (an estimate: the catalogue has not got next year's yet). Looking
        back ("in de herfstvakantie was het leuk"), the one that just was."""
        entries = self._regional(key)
        recent = [h for h in entries if h.end < today and (today - h.end).days <= RECENT_DAYS]
        if looking_back and recent:
            return recent[-1].start, recent[-1].end
        upcoming = [h for h in entries if h.end >= today]
        first = upcoming[0] if upcoming else entries[-1]
        same = [h for h in entries if h.start <= first.end and h.end >= first.start]
        span = min(h.start for h in same), max(h.end for h in same)
        while span[1] < today:
            span = _a_year_on(span[0]), _a_year_on(span[1])
        return span

    def next_long(self, today: date) -> Span | None:
        coming = [
            (h.start, key)
            for key in self._groups
            for h in self._regional(key)
            if h.end >= today and (h.end - h.start).days + 1 >= LONG_HOLIDAY_DAYS
        ]
        return self.coming(min(coming)[1], today) if coming else None


def _a_year_on(day: date) -> date:
    """The same weekday of the same week number, a year on (school holidays keep their
    weeks more or less): Saturday 10 October 2026 → Saturday 16 October 2027."""
    year, week, weekday = day.isocalendar()
    return date.fromisocalendar(year + 1, min(week, 52), weekday)
