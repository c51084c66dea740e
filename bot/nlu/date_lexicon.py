"""The section `dates` of dialogs/nlu.yaml: the words for days, periods, months, holidays,
feast days and seasons, and the little words of the grammar around them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.nlu.calendar_days import (
    MONTH_PARTS,
    SEASON_START,
    WEEK_NUMBERS,
    WEEK_PARTS,
    is_feast_spec,
)

if TYPE_CHECKING:
    from bot.nlu.lexicon import _Reader

# The DateWords fields of the grammar around dates (date_grammar.py), read alike: lists of
# words or phrases.
GRAMMAR_KEYS = (
    *("after", "before", "before_named", "starting", "until", "until_inclusive"),
    *("ahead", "week_of", "weekend_of", "of", "fillers", "time_parts", "range_joiners"),
    *("range_to", "between", "short_weekday_after", "after_that", "later_today"),
    *("weekday_next", "weekday_this", "weekday_last", "ordinals", "ordinal_before"),
    *("ordinal_not_before", "either"),
    *("numeric_context", "within", "few", "several", "weekday_any", "day_of"),
    *("looking_back", "asked_again", "since", "farewells", "meant_for"),
)
# Read alike too, but matched on the message's words as typed (bot/nlu/clauses.py): not added
# to the vocabulary, where "ervoor" would join "er voor februari".
CLAUSE_KEYS = (
    "habits",
    "unavailable",
    "birthdays",
    "then",
    "before_that",
    "that_day",
    "that_week",
    "other_time",
)
PERIODS = (
    *("this_weekend", "next_weekend", "weekend_after_next", "this_week", "next_week"),
    "week_after_next",
    *("this_month", "next_month", "this_year", "next_year"),
    *("last_week", "last_weekend", "last_month"),  # "vorige week": feedback looks back
)
WEEK_ORDINALS = (*WEEK_NUMBERS, "last")
REGIONS = ("all", "noord", "midden", "zuid")


@dataclass(frozen=True)
class DateWords:
    days_ahead: dict[str, int]
    periods: dict[str, tuple[str, ...]]
    weekdays: tuple[tuple[str, ...], ...]
    months: tuple[tuple[str, ...], ...]
    holiday_aliases: dict[str, tuple[str, ...]]
    next_holiday: tuple[str, ...]
    not_dates: tuple[str, ...]
    school_region: str | None
    short_months: dict[str, int] = field(default_factory=dict)  # "jan": a month near a day
    feasts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "12-25" → names
    seasons: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "spring" → names
    seasons_before_year: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "fall 2027"
    short_weekdays: tuple[tuple[str, ...], ...] = ()  # "volgende wo", "this sat"
    month_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "end" → words
    week_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "eind volgende week"
    # The grammar around dates: "na de kerstvakantie", "over twee weken", "de week van 7 december".
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    before_named: tuple[str, ...] = ()  # "voor de zomer": only before a named period
    starting: tuple[str, ...] = ()
    until: tuple[str, ...] = ()  # "tot de kerst": today until it starts
    until_inclusive: tuple[str, ...] = ()  # "tot en met januari": today to its end
    ahead: tuple[str, ...] = ()  # "over", "in": "over twee weken"
    units: dict[str, str] = field(default_factory=dict)  # word → day, week or month
    week_of: tuple[str, ...] = ()  # "week" of "de week van", "de week na"
    day_of: tuple[str, ...] = ()  # "dag" of "de dag na"
    weekend_of: tuple[str, ...] = ()
    of: tuple[str, ...] = ()  # "van", "of"
    fillers: tuple[str, ...] = ()  # "de", "het", "the": skipped between the parts
    time_parts: tuple[str, ...] = ()  # "middag" lets "dinsdagmiddag" be a date, not "kerstkoken"
    range_joiners: tuple[str, ...] = ()  # "tussen 5 en 12 december", "5 of 6 december"
    either: tuple[str, ...] = ()  # "vandaag of deze week": no date narrows the other
    range_to: tuple[str, ...] = ()  # "van 1 t/m 10 januari", "van maandag tot woensdag"
    between: tuple[str, ...] = ()  # "tussen sinterklaas en kerst": the days between
    short_weekday_after: tuple[str, ...] = ()  # "op wo": a short weekday after these
    after_that: tuple[str, ...] = ()  # "morgen of de dag erna": the day after that one
    later_today: tuple[str, ...] = ()  # "straks": today, when no other date is named
    weekday_next: tuple[str, ...] = ()  # "volgende zaterdag": next week's
    weekday_this: tuple[str, ...] = ()  # "komende zaterdag": the coming one
    weekday_last: tuple[str, ...] = ()  # "afgelopen zaterdag": the one before today
    ordinals: tuple[str, ...] = ()  # "12th", "12de"
    ordinal_before: tuple[str, ...] = ()  # "de 12e": an ordinal is a day after these
    ordinal_not_before: tuple[str, ...] = ()  # "de 2e keer" is no date
    numeric_context: tuple[str, ...] = ()  # "op 12/12": a bare "12/12" only after these
    weekday_short: tuple[str, ...] = ()  # "wo 9/12": these too, but no known words
    within: tuple[str, ...] = ()  # "binnen twee weken", "de komende 2 weken": from today
    few: tuple[str, ...] = ()  # "over een paar weken": two or three
    several: tuple[str, ...] = ()  # "de komende weken" without a number: three
    weekday_any: tuple[str, ...] = ()  # "elke woensdag", "op een zaterdag": no one day
    looking_back: tuple[str, ...] = ()  # "was", "vond": the weekday or holiday that was
    asked_again: tuple[str, ...] = ()  # "hoe laat was het ook alweer": not looking back
    since: tuple[str, ...] = ()  # "sinds de herfstvakantie": a time past, no date
    farewells: tuple[str, ...] = ()  # "tot zaterdag!": a greeting with these names no date
    meant_for: tuple[str, ...] = ()  # "iets leuks voor december" is for it, not before it
    habits: tuple[str, ...] = ()  # "op zaterdag kunnen wij altijd": every such day
    unavailable: tuple[str, ...] = ()  # "9 december kan ik niet": not the day asked about
    birthdays: tuple[str, ...] = ()  # "ze is 28 maart jarig": no day asked about either,
    then: tuple[str, ...] = ()  # unless the question asks "is er dan iets te doen?"
    before_that: tuple[str, ...] = ()  # "is er daarvoor nog iets": before the date told
    that_day: tuple[str, ...] = ()  # "is er die dag iets?": the day told before
    that_week: tuple[str, ...] = ()  # "zijn er in die week workshops?": the week of it
    other_time: tuple[str, ...] = ()  # "is er nog een andere keer?": not the day told
    week_ordinals: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "eerste week van"
    # "voor de zomer", "after the summer": before or after the school holiday of the season
    season_holidays: dict[str, str] = field(default_factory=dict)  # "summer" → "zomervakantie"
    # "voor de kerst" is before Christmas Day, "in de kerst" the holiday: feast → names
    before_feast: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def feast_before(self) -> dict[str, str]:
        """ "kerst" → "12-25": the feast a holiday's name means after "voor"/"before"."""
        return {name: spec for spec, names in self.before_feast.items() for name in names}

    @cached_property
    def around_words(self) -> frozenset[str]:
        """Words that put a date before or after another: "voor", "na", "tot", "vanaf"."""
        return frozenset(
            (*self.after, *self.before, *self.before_named, *self.until, *self.starting)
        )

    @cached_property
    def which_weekday(self) -> frozenset[str]:
        """ "volgende", "komende", "afgelopen": the words that say which one of a weekday."""
        return frozenset((*self.weekday_next, *self.weekday_this, *self.weekday_last))

    @cached_property
    def weekday_habits(self) -> frozenset[str]:
        """The forms that mean every such day: "zondags", "zaterdagen", "woensdagmiddags",
        "thursdays". Only as typed: a typo of a weekday ("zaterdg") stays one day."""
        names = [name for day in self.weekdays for name in day if " " not in name]
        return frozenset(f"{name}{ending}" for name in names for ending in ("s", "en"))


def read_dates(reader: _Reader, doc: Mapping[str, Any]) -> DateWords:
    days: dict[str, int] = {}
    for phrase, offset in reader.mapping(doc.get("days_ahead"), ("dates", "days_ahead")).items():
        if isinstance(offset, int) and not isinstance(offset, bool):
            days[phrase] = offset
        else:
            reader.problem(("dates", "days_ahead", phrase), "expected a number of days")
    region = doc.get("school_region")
    if region is not None and region not in REGIONS:
        reader.problem(("dates", "school_region"), "expected noord, midden, zuid or all")
    holidays = _named(reader, doc, "holidays", None)
    return DateWords(
        days_ahead=days,
        periods=_named(reader, doc, "periods", PERIODS),
        weekdays=reader.numbered(doc.get("weekdays"), ("dates", "weekdays"), 7),
        months=reader.numbered(doc.get("months"), ("dates", "months"), 12),
        holiday_aliases={key.lower(): names for key, names in holidays.items()},
        next_holiday=reader.words(doc.get("next_holiday"), ("dates", "next_holiday")),
        not_dates=reader.words(doc.get("not_dates"), ("dates", "not_dates")),
        school_region=region,
        short_months=_short_months(reader, doc.get("short_months")),
        feasts=_named(reader, doc, "feasts", None),
        seasons=_named(reader, doc, "seasons", tuple(SEASON_START)),
        seasons_before_year=_named(reader, doc, "seasons_before_year", tuple(SEASON_START)),
        short_weekdays=_short_weekdays(reader, doc.get("short_weekdays")),
        month_parts=_named(reader, doc, "month_parts", tuple(MONTH_PARTS)),
        week_parts=_named(reader, doc, "week_parts", tuple(WEEK_PARTS)),
        week_ordinals=_named(reader, doc, "week_ordinals", WEEK_ORDINALS),
        weekday_short=reader.words(doc.get("weekday_short"), ("dates", "weekday_short")),
        **{key: reader.words(doc.get(key), ("dates", key)) for key in GRAMMAR_KEYS + CLAUSE_KEYS},
        units=_units(reader, doc.get("units")),
        season_holidays=_season_holidays(reader, doc.get("season_holidays")),
        before_feast=_named(reader, doc, "before_feast", None),
    )


def _season_holidays(reader: _Reader, value: Any) -> dict[str, str]:
    out = {}
    for season, holiday in reader.mapping(value, ("dates", "season_holidays")).items():
        if season not in SEASON_START or not isinstance(holiday, str):
            reader.problem(("dates", "season_holidays", season), "expected a season: a holiday")
        else:
            out[season] = holiday.lower()
    return out


def _named(
    reader: _Reader, doc: Mapping[str, Any], key: str, names: tuple[str, ...] | None
) -> dict[str, tuple[str, ...]]:
    """A mapping of names (of `names`, or feast days) to lists of words."""
    out = {}
    for name, words in reader.mapping(doc.get(key), ("dates", key)).items():
        if names is not None and name not in names:
            reader.problem(("dates", key, name), f"expected one of {', '.join(names)}")
        elif key == "feasts" and not is_feast_spec(name):
            expected = 'a day like "12-25", "05-sun2", "easter+39" or first/last "12-25/12-26"'
            reader.problem(("dates", key, name), f"expected {expected}")
        out[name] = reader.words(words, ("dates", key, name))
    return out


def _short_weekdays(reader: _Reader, value: Any) -> tuple[tuple[str, ...], ...]:
    """Seven lists, Monday first; none at all is fine (no short weekdays)."""
    return () if value is None else reader.numbered(value, ("dates", "short_weekdays"), 7)


def _short_months(reader: _Reader, value: Any) -> dict[str, int]:
    out = {}
    for word, month in reader.mapping(value, ("dates", "short_months")).items():
        if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
            out[word] = month
        else:
            reader.problem(("dates", "short_months", word), "expected a month number, 1 to 12")
    return out


def _units(reader: _Reader, value: Any) -> dict[str, str]:
    units: dict[str, str] = {}
    for unit, words in reader.mapping(value, ("dates", "units")).items():
        if unit not in ("day", "week", "fortnight", "month"):
            reader.problem(("dates", "units", unit), "expected day, week, fortnight or month")
        units.update(dict.fromkeys(reader.words(words, ("dates", "units", unit)), unit))
    return units
