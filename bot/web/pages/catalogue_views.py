"""What the catalogue pages show: a section's rows as list lines (name, key and a few
columns, found by a search without case or accents), the labels and choices of its form,
and the Dutch reason of each problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from bot import plaintext
from bot.catalogue.form_checks import FieldProblem
from bot.catalogue.item_form import TEXT_KINDS, form_values, link_options
from bot.catalogue.sections import Section
from bot.web.render import Translator

# The Dutch path word of each section: /beheer/catalogus/hobbys, ...
PATHS = {
    "hobbys": "activities",
    "partners": "partners",
    "plekken": "locations",
    "materialen": "materials",
    "vragen": "faq",
    "vakanties": "school_holidays",
}
WORDS = {section: word for word, section in PATHS.items()}
SEARCH_FROM = 8  # rows; a shorter list needs no search field


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    cells: list[str]


def lines(section: Section, rows: list[Any], t: Translator, query: str) -> list[Line]:
    """The list of a section, sorted by name, only the rows matching the search."""
    found = [_line(section, row, t) for row in rows]
    wanted = plaintext.fold(query.strip())
    if wanted:
        found = [
            line
            for line in found
            if wanted in plaintext.fold(" ".join([line.key, line.name, *line.cells]))
        ]
    return sorted(found, key=lambda line: plaintext.fold(line.name))


def _line(section: Section, row: Any, t: Translator) -> Line:
    values = form_values(section, row)
    cells = [cell(section, name, values[name], t) for name in section.columns]
    return Line(getattr(row, section.key), title_of(section, row, t), cells)


def title_of(section: Section, row: Any, t: Translator) -> str:
    name = getattr(row, section.title_field)
    return t.name(name) if isinstance(name, dict) else name


def cell(section: Section, name: str, value: str, t: Translator) -> str:
    kind = next(f.kind for f in section.fields if f.name == name)
    if kind == "choice" and value:
        return t(f"office_catalogue.choice.{name}.{value}")
    return value


def labels(section: Section, t: Translator) -> dict[str, str]:
    """Each form field's label, the English of a text as "… in het Engels"."""
    found = {}
    for spec in section.fields:
        label = t(f"office_catalogue.field.{spec.name}")
        found[spec.name] = label
        if spec.kind in TEXT_KINDS:
            found[f"{spec.name}_en"] = t("office_catalogue.in_english", label=label)
    return found


def options(
    session: Session, section: Section, library_id: str, t: Translator, quiz_tags: Iterable[str]
) -> dict[str, list[tuple[str, str]]]:
    """The choices of each choice field, and the checkboxes of the links and of the quiz's
    tags, with their labels."""
    found = {
        f.name: [(v, t(f"office_catalogue.choice.{f.name}.{v}")) for v in section.options(f.name)]
        for f in section.fields
        if f.kind == "choice"
    }
    if any(f.kind == "tags" for f in section.fields):
        found["tags"] = [(tag, tag) for tag in sorted(quiz_tags)]
    if section.link is not None:
        linkable = link_options(session, section, library_id)
        found[section.link.attribute] = sorted(
            ((key, _name_of(row, t)) for key, row in linkable), key=lambda o: o[1].lower()
        )
    return found


def _name_of(row: Any, t: Translator) -> str:
    name = getattr(row, "name", "")
    return t.name(name) if isinstance(name, dict) else name


def problem_text(t: Translator, problem: FieldProblem) -> str:
    """The catalogue's own reason if it has one, else the event form's (the same words)."""
    own = f"office_catalogue.error.{problem.key}"
    key = own if t.texts.has(own) else f"office_edit.error.{problem.key}"
    return t(key, **problem.params)
