"""What one message's date words say before the grammar around them: the weekdays and weeks
it names and how they go together ("volgende week zaterdag", "van maandag t/m woensdag" is
the Wednesday after that Monday), short weekdays where only a weekday fits ("volgende wo",
"this sat", "sat morning"), the parts of a week ("eind volgende week": Friday to Sunday),
two named days with the days between ("tussen sinterklaas en kerst"), feast days by number
("2de kerstdag"), and whether a word found is a date at all ("kerst" in "kerstkoken" is not,
nor "maart" in "Maarten")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from bot.nlu.calendar_days import Span, coming_feast, part_of_week, week_of
from bot.nlu.date_counts import Week
from bot.nlu.date_grammar import NAMED, Piece, monday_of, month_part, word_before
from bot.nlu.date_lexicon import DateWords
from bot.nlu.patterns import phrases
from bot.nlu.text import collapse_doubles, sounded
from bot.nlu.vocabulary import Token

LONG_TYPO = 7  # shorter words are dates only when spelled right
LONG_PERIOD = 7  # days: "een zaterdag in januari" is January
ONE = timedelta(days=1)


@dataclass
class Reading:
    """What one message's date words say, gathered before the grammar around them."""

    pieces: list[Piece] = field(default_factory=list)
    weekdays: list[tuple[int, int]] = field(default_factory=list)  # (token index, weekday)
    weeks: list[Week] = field(default_factory=list)  # "volgende week", "over 2 weken"
    exact_day: bool = False  # "zaterdag 12 december": the date says it all
    used: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)  # "elke week", "per week": no dates
    later_today: list[Piece] = field(default_factory=list)  # "straks": if nothing else
    looking_back: bool = False  # "was", "vond": a weekday or holiday is the last one
    habitual: set[int] = field(default_factory=set)  # "op zaterdag kunnen wij altijd"


def _inflected(raw: str, word: str, kind: str) -> bool:
    """ "zaterdags", "zatterdag", "zondach" and "weekendje" are forms of their word, and
    "overmorge" (a final n dropped, as said); "wint" is none of "winter", and a month has no
    endings: "Maarten" and "Maartje" are names."""
    for form in {raw, sounded(raw)}:
        plain, plain_word = collapse_doubles(form), collapse_doubles(word)
        if word == form + "n" or plain == plain_word:
            return True
        longer = form.startswith(word) or plain.startswith(plain_word)
        if longer and (kind != "month" or len(form) <= len(word) + 1):
            return True
    return False


def _in_compound(token: Token, time_parts: Sequence[str]) -> bool:
    """A date inside a compound word: as its last part (Dutch puts the head last:
    "kersvakantie" is a holiday) or with a part of the day ("dinsdagmiddag"); not
    "kerstkoken", "zomerkamp" or "vakantiebieb"."""
    whole, raw = token.whole, token.raw
    if whole.endswith(raw):
        return True
    rest = whole[len(raw) :]
    return rest in time_parts or rest.removesuffix("s") in time_parts


def trusted(tokens: Sequence[Token], start: int, end: int, kind: str, words: DateWords) -> bool:
    """Not a date: part of another word ("kerst" in "kerstkoken", but "dinsdag" in
    "dinsdagmiddag" is), or a short guessed typo ("taster" is no "easter")."""
    for token in tokens[start:end]:
        if token.whole and not _in_compound(token, words.time_parts):
            return False
        if not token.fuzzy and not any(_inflected(token.raw, w, kind) for w in token.words):
            return False  # "wint" shares a stem with "winter"
        same_start = any(w[:1] == token.raw[:1] for w in token.words)
        if token.fuzzy and (len(token.raw) < LONG_TYPO or not same_start):
            return False
    return True


class NthFeasts:
    """ "2e kerstdag", "2de pinksterdag", "1ste paasdag": a feast day by its number, with
    any ordinal ending."""

    def __init__(self, words: DateWords) -> None:
        self._words = words
        self._by_number: dict[int, list[tuple[tuple[str, ...], str]]] = {}  # 2: "kerstdag"

    def add(self, number: int, ids: tuple[str, ...], spec: str) -> None:
        self._by_number.setdefault(number, []).append((ids, spec))

    def find(self, tokens: Sequence[Token], start: int, end: int, today: date) -> Piece | None:
        """The feast the words `start:end` name with the number before them, if any."""
        at = start - 1
        if at > 0 and tokens[at].raw in self._words.ordinals:
            at -= 1
        number = tokens[at].raw if at >= 0 else ""
        here = tokens[start:end]
        for ids, spec in self._by_number.get(int(number) if number.isdigit() else 0, ()):
            if len(ids) == len(here) and all(w in t.words for w, t in zip(ids, here, strict=True)):
                span = coming_feast(spec, today)
                return None if span is None else Piece(at, end, span, NAMED)
        return None


class ShortWeekdays:
    """ "volgende wo", "this sat", "op za", "volgende week za", "sat morning", "op wo of za":
    short weekdays where only a weekday fits; elsewhere "wo", "do" and "sat" are other
    words."""

    def __init__(self, words: DateWords) -> None:
        self._index = {
            name: day for day, names in enumerate(words.short_weekdays) for name in names
        }
        self._after = words.which_weekday
        self._after |= set(words.short_weekday_after)
        self._joiners = {*words.range_joiners, *words.range_to}
        self._time_parts = set(words.time_parts)

    def find(
        self, tokens: Sequence[Token], weeks: Sequence[Week], taken: set[int]
    ) -> list[tuple[int, int]]:
        """(token index, weekday) of each short weekday not `taken`."""
        week_ends = {week.end for week in weeks}
        found: list[tuple[int, int]] = []
        for at, token in enumerate(tokens):
            day = self._index.get(token.raw)
            if day is None or at in taken:
                continue
            before = tokens[at - 1].raw if at > 0 else ""
            following = tokens[at + 1].raw if at + 1 < len(tokens) else ""
            joined = before in self._joiners and bool(found) and found[-1][0] == at - 2
            fits = before in self._after or at in week_ends or following in self._time_parts
            if fits or joined:
                found.append((at, day))
        return found


def week_piece(tokens: Sequence[Token], week: Week, today: date, words: DateWords) -> Piece:
    """ "volgende week" Monday to Sunday ("deze week" from today); "eind volgende week"
    Friday to Sunday, "begin volgende week" Monday and Tuesday."""
    part = month_part(tokens, week.start, words, words.week_parts)
    if part is not None:
        return Piece(part[1], week.end, part_of_week(week.monday, part[0], today))
    sunday = week.monday + 6 * ONE  # a week gone by ("vorige week") is a whole week
    first = max(week.monday, today) if sunday >= today else week.monday
    return Piece(week.start, week.end, (first, sunday))


def weekday_spans(
    tokens: Sequence[Token], reading: Reading, today: date, words: DateWords
) -> list[tuple[Span, int]]:
    """ "volgende week zaterdag", "zaterdag over een week"; else each week, and each
    weekday as a date phrase: "zaterdag", "volgende zaterdag", "vanaf zaterdag"; but not
    "elke woensdag", "zondags" or "op een zaterdag", nor a weekday with a month or holiday ("een
    zaterdag in januari" is January)."""
    if reading.weekdays and reading.weeks:
        days = [d for _, d in reading.weekdays]
        return [((w.monday + timedelta(days=d),) * 2, w.start) for w in reading.weeks for d in days]
    reading.pieces += [week_piece(tokens, week, today, words) for week in reading.weeks]
    long = any((p.span[1] - p.span[0]).days + 1 >= LONG_PERIOD for p in reading.pieces)
    if reading.exact_day:
        return []
    previous: tuple[int, date] | None = None
    for at, weekday in sorted(reading.weekdays):
        before = tokens[at - 1].raw if at > 0 else ""
        if before in words.weekday_any:
            reading.used.add(at - 1)
            continue
        if at in reading.habitual and before not in words.which_weekday:
            continue  # "op zaterdag kunnen wij altijd"
        if tokens[at].raw in words.weekday_habits and before not in words.which_weekday:
            continue  # "zondags", "on Thursdays"; not "last Saturday's" (no apostrophe kept)
        if long:
            continue
        day = _weekday(tokens, at, weekday, today, words, previous, reading.looking_back)
        start = at - 1 if before in words.which_weekday else at
        reading.used.update(range(start, at))
        reading.pieces.append(Piece(start, at + 1, (day, day)))
        previous = (at, day)
    return []


def _weekday(
    tokens: Sequence[Token],
    at: int,
    weekday: int,
    today: date,
    words: DateWords,
    previous: tuple[int, date] | None,
    looking_back: bool = False,
) -> date:
    """The coming one; "volgende zaterdag" next week's, "afgelopen zaterdag" (or "zaterdag
    was het leuk") the last one before today; the end of "van maandag t/m woensdag" the
    first one after its start."""
    before = tokens[at - 1].raw if at > 0 else ""
    if before in words.weekday_next:
        return monday_of(today) + timedelta(days=7 + weekday)
    if before in words.weekday_last or (looking_back and before not in words.weekday_this):
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    ranged = previous is not None and phrases(words.range_to).after(tokens, previous[0] + 1) == at
    return (
        day + timedelta(weeks=1) if previous is not None and ranged and day < previous[1] else day
    )


def between(
    tokens: Sequence[Token], pieces: Sequence[Piece], words: DateWords, used: set[int]
) -> list[Piece]:
    """ "tussen sinterklaas en kerst", "between the Christmas and spring holidays": the days
    after the first named one until the second starts (as "tussen kerst en oud en nieuw")."""
    out = list(pieces)
    named = sorted((p for p in pieces if p.kind == NAMED), key=lambda p: p.start)
    for first, second in pairwise(named):
        at = _skip_fillers(tokens, first.start, words, -1)
        if at == 0 or tokens[at - 1].raw not in words.between:
            continue
        joined = phrases(words.range_joiners).after(tokens, first.end)
        if joined is None or _skip_fillers(tokens, joined, words, 1) != second.start:
            continue
        span = (first.span[1] + ONE, second.span[0] - ONE)
        if span[0] <= span[1] and first in out and second in out:
            out = [p for p in out if p not in (first, second)]
            out.append(Piece(at - 1, second.end, span, NAMED))
            used.update(range(at - 1, second.end))
    return out


def after_that(tokens: Sequence[Token], pieces: Sequence[Piece], words: DateWords) -> list[Piece]:
    """ "morgen of de dag erna", "tomorrow or the day after", "volgende week of de week
    daarna": the day (or Monday-Sunday week) after the date before it; alone, "de week erna"
    has nothing to follow and is no date."""
    found = []
    ends = {piece.end: piece for piece in pieces}
    for at in range(1, len(tokens) - 1):
        piece = ends.get(at)
        joined = None if piece is None else phrases(words.range_joiners).after(tokens, at)
        if piece is None or joined is None:
            continue
        unit = _skip_fillers(tokens, joined, words, 1)
        end = phrases(words.after_that).after(tokens, unit + 1)
        if end is None or unit >= len(tokens):
            continue
        last = piece.span[1]
        if tokens[unit].raw in words.day_of:
            found.append(Piece(joined, end, (last + ONE, last + ONE)))
        elif tokens[unit].raw in words.week_of:
            found.append(Piece(joined, end, week_of(last + timedelta(weeks=1))))
    return found


def _skip_fillers(tokens: Sequence[Token], at: int, words: DateWords, step: int) -> int:
    """From `at`, past "de", "the" going back (step -1) or on (step 1)."""
    if step < 0:
        while at > 0 and tokens[at - 1].raw in words.fillers:
            at -= 1
        return at
    while at < len(tokens) and tokens[at].raw in words.fillers:
        at += 1
    return at


def looks_back(tokens: Sequence[Token], words: DateWords) -> bool:
    """Told in the past tense ("was", "vond"), not asked again ("hoe laat was het ook
    alweer?")."""
    raws = {t.raw for t in tokens}
    return not raws.isdisjoint(words.looking_back) and raws.isdisjoint(words.asked_again)


def not_since(tokens: Sequence[Token], pieces: list[Piece], words: DateWords) -> list[Piece]:
    """Without the dates a situation began ("sinds de herfstvakantie", "since August"): a
    time past, not one to search."""
    return [p for p in pieces if word_before(tokens, p.start, words) not in words.since]
