"""Read a catalogue folder: every *.yaml file holds one or more sections (events: [...]).

Everything is validated before anything is used: types, references between files,
dates and capacities. Problems come back as `file:line: field: message`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.catalogue.schema import (
    REQUIRED_FAQ_TOPICS,
    SECTIONS,
    ActivityIn,
    EventIn,
    FaqIn,
    HolidayIn,
    LibraryIn,
    LocationIn,
    MaterialIn,
    PartnerIn,
    Strict,
)
from bot.yamlsource import ContentError, Problem, SourceMap, field_name, load_yaml


@dataclass(frozen=True)
class Placed:
    """A validated item and where it stood."""

    item: Any
    source: SourceMap
    path: tuple[str | int, ...]

    def problem(self, fld: str | tuple[str | int, ...] | None, message: str) -> Problem:
        parts = (fld,) if isinstance(fld, str) else (fld or ())
        path = (*self.path, *parts)
        return Problem(self.source.file, self.source.line_of(path), field_name(path), message)


@dataclass(frozen=True)
class Catalogue:
    libraries: tuple[LibraryIn, ...] = ()
    partners: tuple[PartnerIn, ...] = ()
    locations: tuple[LocationIn, ...] = ()
    activities: tuple[ActivityIn, ...] = ()
    events: tuple[EventIn, ...] = ()
    materials: tuple[MaterialIn, ...] = ()
    faq: tuple[FaqIn, ...] = ()
    school_holidays: tuple[HolidayIn, ...] = ()


@dataclass
class _Collected:
    placed: dict[str, list[Placed]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    problems: list[Problem] = field(default_factory=list)


def load_catalogue(directory: Path) -> Catalogue:
    """Validate a catalogue folder; raise ContentError listing every problem found."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not files:
        raise ContentError([Problem(str(directory), 1, "(folder)", "no .yaml files found")])
    collected = _Collected()
    for path in files:
        _read_file(path, collected)
    if not collected.problems:
        collected.problems.extend(_check_references(collected.placed))
    if collected.problems:
        raise ContentError(collected.problems)
    return Catalogue(**{s: tuple(p.item for p in items) for s, items in collected.placed.items()})


def _read_file(path: Path, collected: _Collected) -> None:
    try:
        document, source = load_yaml(path)
    except ContentError as exc:
        collected.problems.extend(exc.problems)
        return
    if document is None:
        return
    if not isinstance(document, dict):
        collected.problems.append(
            Problem(source.file, 1, "(file)", f"expected sections such as {', '.join(SECTIONS)}")
        )
        return
    for section, items in document.items():
        if section not in SECTIONS:
            collected.problems.append(
                Problem(
                    source.file,
                    source.line_of((section,)),
                    str(section),
                    f"unknown section; expected one of {', '.join(SECTIONS)}",
                )
            )
            continue
        if not isinstance(items, list):
            collected.problems.append(
                Problem(source.file, source.line_of((section,)), section, "expected a list")
            )
            continue
        for index, raw in enumerate(items):
            _validate_item(SECTIONS[section], raw, source, (section, index), collected)


def _validate_item(
    model: type[Strict], raw: Any, source: SourceMap, path: tuple[str | int, ...], out: _Collected
) -> None:
    try:
        item = model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if not _is_type_tag(part))
            full = (*path, *loc)
            message = error["msg"].removeprefix("Value error, ")
            out.problems.append(
                Problem(source.file, source.line_of(full), field_name(full), message)
            )
        return
    out.placed[str(path[0])].append(Placed(item, source, path))


def _is_type_tag(part: Any) -> bool:
    # pydantic puts validator names such as 'function-before[...]' in locations.
    return isinstance(part, str) and "[" in part


def _ids(items: Iterable[Placed], key: str = "id") -> dict[str, Placed]:
    return {getattr(p.item, key): p for p in items}


def _check_references(placed: dict[str, list[Placed]]) -> list[Problem]:
    problems: list[Problem] = []
    for section, key in (
        ("libraries", "id"),
        ("partners", "id"),
        ("locations", "id"),
        ("activities", "slug"),
        ("events", "id"),
        ("materials", "id"),
        ("faq", "topic"),
        ("school_holidays", "id"),
    ):
        seen: dict[str, Placed] = {}
        for p in placed[section]:
            value = getattr(p.item, key)
            if value in seen:
                first = seen[value]
                problems.append(
                    p.problem(
                        key,
                        f"duplicate {key} {value!r} (first at {first.source.file}:"
                        f"{first.source.line_of(first.path)})",
                    )
                )
            seen.setdefault(value, p)
    if not placed["libraries"]:
        problems.append(Problem("(catalogue)", 1, "libraries", "at least one library is needed"))

    libraries = _ids(placed["libraries"])
    partners = _ids(placed["partners"])
    locations = _ids(placed["locations"])
    activities = _ids(placed["activities"], "slug")
    events = _ids(placed["events"])

    def ref(
        p: Placed,
        fld: str | tuple[str | int, ...],
        value: str | None,
        known: dict[str, Placed],
        what: str,
    ) -> None:
        if value is not None and value not in known:
            problems.append(p.problem(fld, f"unknown {what} {value!r}"))

    for p in placed["partners"]:
        ref(p, "library", p.item.library, libraries, "library")
    for p in placed["locations"]:
        ref(p, "library", p.item.library, libraries, "library")
    for p in placed["activities"]:
        for i, partner in enumerate(p.item.partners):
            ref(p, ("partners", i), partner, partners, "partner")
    for p in placed["materials"]:
        ref(p, "library", p.item.library, libraries, "library")
        for i, slug in enumerate(p.item.activities):
            ref(p, ("activities", i), slug, activities, "activity")
    for p in placed["events"]:
        problems.extend(_check_event(p, libraries, partners, locations, activities, events))

    topics = {p.item.topic for p in placed["faq"]}
    if placed["faq"] and (missing := [t for t in REQUIRED_FAQ_TOPICS if t not in topics]):
        first = placed["faq"][0]
        problems.append(
            Problem(first.source.file, 1, "faq", f"missing topics: {', '.join(missing)}")
        )
    return problems


def _check_event(
    p: Placed,
    libraries: dict[str, Placed],
    partners: dict[str, Placed],
    locations: dict[str, Placed],
    activities: dict[str, Placed],
    events: dict[str, Placed],
) -> list[Problem]:
    event: EventIn = p.item
    problems: list[Problem] = []
    for fld, value, known, what in (
        ("library", event.library, libraries, "library"),
        ("location", event.location, locations, "location"),
        ("partner", event.partner, partners, "partner"),
        ("activity", event.activity, activities, "activity"),
    ):
        if value is not None and value not in known:
            problems.append(p.problem(fld, f"unknown {what} {value!r}"))
    place = locations.get(event.location)
    if place is not None and place.item.library != event.library:
        problems.append(p.problem("location", f"{event.location!r} belongs to another library"))
    if event.event_day is not None:
        day = events.get(event.event_day)
        if day is None or day.item.kind != "event_day":
            problems.append(p.problem("event_day", f"no event day with id {event.event_day!r}"))
        elif not (day.item.start <= event.start and event.end <= day.item.end):
            problems.append(p.problem("start", "this round falls outside its event day"))
    if event.activity is not None and event.activity in activities:
        activity: ActivityIn = activities[event.activity].item
        if (
            event.min_age is not None
            and event.max_age is not None
            and (event.max_age < activity.min_age or event.min_age > activity.max_age)
        ):
            problems.append(
                p.problem(
                    "min_age",
                    f"ages {event.min_age}–{event.max_age} do not overlap the "
                    f"activity's {activity.min_age}–{activity.max_age}",
                )
            )
    if event.kind != "event_day" and event.audience != "parents" and event.capacity is None:
        problems.append(p.problem("capacity", "a workshop for children needs a capacity"))
    opens, closes = event.registration_opens, event.registration_closes
    if opens is not None and closes is not None and opens >= closes:
        problems.append(p.problem("registration_opens", "opens after it closes"))
    return problems
