"""Read a catalogue folder: every *.yaml file holds one or more sections (events: [...]).

Everything is validated before anything is used: types, references between files,
dates and capacities. Problems come back as `file:line: field: message`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.catalogue.lengths import length_problems
from bot.catalogue.references import Placed, check_references
from bot.catalogue.schema import (
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
        collected.problems.extend(check_references(collected.placed))
        collected.problems.extend(length_problems(collected.placed))
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
