"""Finding an event in a staff list by what a librarian types: a word from the title
("freerunning"), a date ("12 juni", "12-6", "12/06/2027", "juni"), or both."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.dates import get_month_names

from bot.db.models import Event
from bot.services.checkin import fold
from bot.timeutil import local

NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?$")


def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for language in ("nl", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=language).items():
                words[fold(name).rstrip(".")] = number
    for language in ("nl", "en"):  # 'sept', 'febr': a beginning of a month's name
        for number, name in get_month_names("wide", locale=language).items():
            for length in range(3, len(name)):
                words.setdefault(fold(name)[:length], number)
    return words


MONTHS = _month_words()


@dataclass(frozen=True)
class DateWanted:
    day: int | None = None
    month: int | None = None
    year: int | None = None

    def fits(self, event: Event) -> bool:
        day = local(event.start).date()
        return (
            (self.day is None or day.day == self.day)
            and (self.month is None or day.month == self.month)
            and (self.year is None or day.year == self.year)
        )


def find_events(events: Sequence[Event], query: str) -> list[Event]:
    """The events whose title has every typed word, or whose day is the typed date (with
    the other words in the title); in the list's order."""
    words = fold(query).replace(",", " ").split()
    if not words:
        return list(events)
    wanted, rest = read_date(words)
    found = []
    for event in events:
        title = _searchable(event)
        if all(w in title for w in words) or (
            wanted is not None and wanted.fits(event) and all(w in title for w in rest)
        ):
            found.append(event)
    return found


def _searchable(event: Event) -> str:
    titles: Iterable[str] = (event.title or {}).values()
    return fold(" ".join([*titles, event.activity_slug or "", event.id]))


def read_date(words: list[str]) -> tuple[DateWanted | None, list[str]]:
    """The date among the words, and the words left; (None, words) when there is none."""
    day = month = year = None
    rest = []
    for word in words:
        numeric = NUMERIC_DATE.match(word)
        if numeric and day is None:
            day, month = int(numeric[1]), int(numeric[2])
            year = _year(numeric[3]) if numeric[3] else year
        elif word.isdigit() and len(word) == 4:
            year = int(word)
        elif word.isdigit() and 1 <= int(word) <= 31 and day is None:
            day = int(word)
        elif word.rstrip(".") in MONTHS and month is None:
            month = MONTHS[word.rstrip(".")]
        else:
            rest.append(word)
    if day is None and month is None and year is None:
        return None, words
    return DateWanted(day, month, year), rest


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)
