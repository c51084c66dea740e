"""Checks across a whole catalogue, after each item is valid on its own: unique ids,
references between sections (and files), and rules that need two items (a round inside its
event day, a location of the event's own library). Each problem names file, line and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.catalogue.schema import REQUIRED_FAQ_TOPICS, ActivityIn, EventIn
from bot.yamlsource import Problem, SourceMap, field_name

Field = str | tuple[str | int, ...]
# Each section's key, unique within the catalogue.
KEYS = (
    ("libraries", "id"),
    ("partners", "id"),
    ("locations", "id"),
    ("activities", "slug"),
    ("events", "id"),
    ("materials", "id"),
    ("faq", "topic"),
    ("school_holidays", "id"),
)


@dataclass(frozen=True)
class Placed:
    """A validated item and where it stood."""

    item: Any
    source: SourceMap
    path: tuple[str | int, ...]

    def problem(self, fld: Field | None, message: str) -> Problem:
        parts = (fld,) if isinstance(fld, str) else (fld or ())
        path = (*self.path, *parts)
        return Problem(self.source.file, self.source.line_of(path), field_name(path), message)

    def unknown(self, fld: Field, value: str | None, known: dict[str, Placed], what: str) -> list:
        """A problem when `value` is set but not among the `known` ids."""
        if value is None or value in known:
            return []
        return [self.problem(fld, f"unknown {what} {value!r}")]


@dataclass(frozen=True)
class Known:
    """The ids each section defines."""

    libraries: dict[str, Placed]
    partners: dict[str, Placed]
    locations: dict[str, Placed]
    activities: dict[str, Placed]
    events: dict[str, Placed]

    @classmethod
    def of(cls, placed: dict[str, list[Placed]]) -> Known:
        return cls(
            libraries=_ids(placed["libraries"]),
            partners=_ids(placed["partners"]),
            locations=_ids(placed["locations"]),
            activities=_ids(placed["activities"], "slug"),
            events=_ids(placed["events"]),
        )


def check_references(placed: dict[str, list[Placed]]) -> list[Problem]:
    problems = _duplicates(placed)
    if not placed["libraries"]:
        problems.append(Problem("(catalogue)", 1, "libraries", "at least one library is needed"))
    known = Known.of(placed)
    problems += _section_references(placed, known)
    for p in placed["events"]:
        problems += check_event(p, known)
    return problems + _faq_topics(placed["faq"])


def _ids(items: Iterable[Placed], key: str = "id") -> dict[str, Placed]:
    return {getattr(p.item, key): p for p in items}


def _duplicates(placed: dict[str, list[Placed]]) -> list[Problem]:
    problems = []
    for section, key in KEYS:
        seen: dict[str, Placed] = {}
        for p in placed[section]:
            value = getattr(p.item, key)
            if (first := seen.setdefault(value, p)) is not p:
                where = f"{first.source.file}:{first.source.line_of(first.path)}"
                problems.append(p.problem(key, f"duplicate {key} {value!r} (first at {where})"))
    return problems


def _section_references(placed: dict[str, list[Placed]], known: Known) -> list[Problem]:
    problems = []
    for p in (*placed["partners"], *placed["locations"], *placed["materials"]):
        problems += p.unknown("library", p.item.library, known.libraries, "library")
    for p in placed["activities"]:
        for i, partner in enumerate(p.item.partners):
            problems += p.unknown(("partners", i), partner, known.partners, "partner")
    for p in placed["materials"]:
        for i, slug in enumerate(p.item.activities):
            problems += p.unknown(("activities", i), slug, known.activities, "activity")
    return problems


def _faq_topics(faq: list[Placed]) -> list[Problem]:
    topics = {p.item.topic for p in faq}
    missing = [t for t in REQUIRED_FAQ_TOPICS if t not in topics]
    if not faq or not missing:
        return []
    return [Problem(faq[0].source.file, 1, "faq", f"missing topics: {', '.join(missing)}")]


def check_event(p: Placed, known: Known) -> list[Problem]:
    """An event's references and the rules that need other items."""
    event: EventIn = p.item
    problems = [
        *p.unknown("library", event.library, known.libraries, "library"),
        *p.unknown("location", event.location, known.locations, "location"),
        *p.unknown("partner", event.partner, known.partners, "partner"),
        *p.unknown("activity", event.activity, known.activities, "activity"),
    ]
    place = known.locations.get(event.location)
    if place is not None and place.item.library != event.library:
        problems.append(p.problem("location", f"{event.location!r} belongs to another library"))
    problems += _round_in_its_day(p, event, known)
    problems += _ages_fit_the_activity(p, event, known)
    if event.kind != "event_day" and event.audience != "parents" and event.capacity is None:
        problems.append(p.problem("capacity", "a workshop for children needs a capacity"))
    opens, closes = event.registration_opens, event.registration_closes
    if opens is not None and closes is not None and opens >= closes:
        problems.append(p.problem("registration_opens", "opens after it closes"))
    return problems


def _round_in_its_day(p: Placed, event: EventIn, known: Known) -> list[Problem]:
    if event.event_day is None:
        return []
    day = known.events.get(event.event_day)
    if day is None or day.item.kind != "event_day":
        return [p.problem("event_day", f"no event day with id {event.event_day!r}")]
    if not (day.item.start <= event.start and event.end <= day.item.end):
        return [p.problem("start", "this round falls outside its event day")]
    return []


def _ages_fit_the_activity(p: Placed, event: EventIn, known: Known) -> list[Problem]:
    if event.activity not in known.activities or event.min_age is None or event.max_age is None:
        return []
    activity: ActivityIn = known.activities[event.activity].item
    if event.max_age >= activity.min_age and event.min_age <= activity.max_age:
        return []
    message = (
        f"ages {event.min_age}–{event.max_age} do not overlap the "
        f"activity's {activity.min_age}–{activity.max_age}"
    )
    return [p.problem("min_age", message)]
