"""An activity, partner, location, material, FAQ answer or school holiday as staff fill it in
on a form, checked exactly like a YAML file: the section's pydantic model (schema.py), then
the whole catalogue with this item in it (references.py: unique ids, links that exist, an
event's ages within its activity's) and the column lengths (lengths.py). A problem names
its form field and a text under office_catalogue.error. (else office_edit.error.)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalogue.export import item_of
from bot.catalogue.form_checks import (
    NOWHERE,
    PYDANTIC,
    FieldProblem,
    placed_catalogue,
    pydantic_problem,
)
from bot.catalogue.lengths import length_problems
from bot.catalogue.references import Placed, check_references
from bot.catalogue.sections import Section
from bot.yamlsource import Problem, field_name

TEXT_KINDS = ("texts", "long_texts")
CHECKED = ("tags", "links")  # checkbox groups
# The catalogue's English reasons (schema.py) → the field shown and a text.
_REASONS = {
    "min_age is higher than max_age": ("max_age", "ages_swapped"),
    "end is before start": ("end", "holiday_end"),
}
_TYPES = {
    **PYDANTIC,
    "date_parsing": "day",
    "date_from_datetime_parsing": "day",
    "date_from_datetime_inexact": "day",
    "date_type": "day",
    "too_short": "pick_one",
}
_ID_TEXTS = {"topic": "topic_id"}


@dataclass(frozen=True)
class Filled:
    """What the form said: the fields typed, and every value of each checkbox group."""

    values: Mapping[str, str]
    chosen: Mapping[str, list[str]]


def form_values(section: Section, row: Any) -> dict[str, Any]:
    """A row's fields as the form shows them (the export's own view of the row): texts as
    Dutch and `_en`, tags joined by commas, links as lists of keys."""
    item = item_of(section.name, row)
    values: dict[str, Any] = {}
    for spec in section.fields:
        value = item.get(spec.name)
        if spec.kind in TEXT_KINDS:
            texts = {"nl": value} if isinstance(value, str) else (value or {})
            values[spec.name] = texts.get("nl", "")
            values[f"{spec.name}_en"] = texts.get("en", "")
        elif spec.kind in CHECKED:
            values[spec.name] = list(value or [])
        elif spec.kind == "flag":
            values[spec.name] = "1" if item.get(spec.name, True) else ""
        else:
            values[spec.name] = "" if value is None else str(value)
    return values


def read_form(
    session: Session,
    section: Section,
    filled: Filled,
    library_id: str,
    row: Any | None,
    quiz_tags: Collection[str] = (),
) -> tuple[Any | None, list[FieldProblem]]:
    """The form as a catalogue item, checked like a YAML file; (None, problems) when not.
    `row` is the row edited (None: a new item, its key from the form). An activity's tags
    are the hobby quiz's (`catalogue check` refuses others: bot/discovery/check.py)."""
    key = None if row is None else getattr(row, section.key)
    raw = _raw_item(section, filled, library_id, key)
    if not set(raw.get("tags", ())) <= set(quiz_tags):
        return None, [FieldProblem("tags", "choice")]
    if section.link is not None:
        offered = {k for k, _ in link_options(session, section, library_id)}
        chosen = raw[section.link.attribute]
        if not set(chosen) <= offered:
            return None, [FieldProblem(section.link.attribute, "choice")]
        raw[section.link.attribute] = kept_links(section, row, offered) + chosen
    try:
        item = section.schema.model_validate(raw)
    except ValidationError as error:
        fallback = section.fields[0].name
        found = [pydantic_problem(e, _REASONS, fallback, _TYPES) for e in error.errors()]
        return None, _unique([_for_field(p) for p in found])
    problems = _unique(catalogue_problems(session, section, item, replaces=row is not None))
    return (None, problems) if problems else (item, [])


def link_options(session: Session, section: Section, library_id: str) -> list[tuple[str, Any]]:
    """The rows a form may link to, by key: the library's own partners (another library's
    are not offered), every activity (they are the deployment's)."""
    link = section.link
    if link is None:
        return []
    query = select(link.model)
    if hasattr(link.model, "library_id"):
        query = query.where(link.model.library_id == library_id)
    rows = session.scalars(query)
    return sorted(((getattr(r, link.key), r) for r in rows), key=lambda pair: pair[0])


def kept_links(section: Section, row: Any | None, offered: set[str]) -> list[str]:
    """Links the form does not offer (another library's partner of a shared activity): the
    row keeps them, whatever this form says."""
    if row is None or section.link is None:
        return []
    linked = (getattr(r, section.link.key) for r in getattr(row, section.link.attribute))
    return sorted(k for k in linked if k not in offered)


def _for_field(problem: FieldProblem) -> FieldProblem:
    """A FAQ topic that is no topic name: the reason says what one looks like."""
    if problem.key != "id" or problem.field not in _ID_TEXTS:
        return problem
    return FieldProblem(problem.field, _ID_TEXTS[problem.field])


def _raw_item(section: Section, filled: Filled, library_id: str, key: str | None) -> dict[str, Any]:
    raw: dict[str, Any] = {"library": library_id} if section.per_library else {}
    for spec in section.fields:
        name, value = spec.name, filled.values.get(spec.name, "").strip()
        if spec.kind == "key":
            value = key if key is not None else value
        if spec.kind in TEXT_KINDS:
            english = filled.values.get(f"{name}_en", "").strip()
            if value or english:
                raw[name] = {"nl": value, "en": english or None}
        elif spec.kind in CHECKED:
            raw[name] = list(dict.fromkeys(filled.chosen.get(name, [])))
        elif spec.kind == "flag":
            raw[name] = bool(value)
        elif value:
            raw[name] = value
    return raw


def catalogue_problems(
    session: Session, section: Section, item: Any, replaces: bool
) -> list[FieldProblem]:
    """The item in the database's catalogue (in place of its row, or added): what the
    catalogue check finds about it, and what it newly finds about other items because of it
    (an event's ages outside its activity's)."""
    placed = placed_catalogue(session)
    items = placed[section.name]
    keys = [getattr(p.item, section.key) for p in items]
    key = getattr(item, section.key)
    index = keys.index(key) if replaces and key in keys else len(items)
    mine = Placed(item, NOWHERE, (section.name, index))
    items[index:] = [mine, *items[index + 1 :]]
    prefix = field_name(mine.path)
    found = check_references(placed) + length_problems({section.name: [mine]})
    own = [p for p in found if _of(p, prefix)]
    others = [p for p in found if not _of(p, prefix)]
    if others:  # only what this item changes: the rest was so before
        before = {(p.field, p.message) for p in check_references(placed_catalogue(session))}
        others = [p for p in others if (p.field, p.message) not in before]
    return [_own_problem(section, p, prefix) for p in own] + [
        _other_problem(section, p) for p in others
    ]


def _of(problem: Problem, prefix: str) -> bool:
    return problem.field == prefix or problem.field.startswith((f"{prefix}.", f"{prefix}["))


def _own_problem(section: Section, problem: Problem, prefix: str) -> FieldProblem:
    rest = problem.field.removeprefix(prefix).lstrip(".")
    name = re.split(r"[.\[]", rest)[0] or section.key
    message = problem.message
    if message.startswith("duplicate "):
        return FieldProblem(section.key, "taken")
    if message.startswith("unknown "):
        return FieldProblem(name, "choice")
    if message.startswith("at most "):
        return FieldProblem(name, "too_long")
    return FieldProblem(name, "other")


def _other_problem(section: Section, problem: Problem) -> FieldProblem:
    if section.name == "activities" and problem.message.startswith("ages "):
        return FieldProblem("min_age", "ages_events")
    return FieldProblem(section.key, "other")


def _unique(problems: list[FieldProblem]) -> list[FieldProblem]:
    """One reason per field (the first): the form shows one beside each field."""
    seen: dict[str, FieldProblem] = {}
    for problem in problems:
        seen.setdefault(problem.field, problem)
    return list(seen.values())
