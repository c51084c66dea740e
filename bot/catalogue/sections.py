"""The catalogue sections the back-office edits, field by field, in the catalogue's own YAML
names: how each field is filled in (a text in Dutch and English, a choice, a number, links
to other rows) and whether the section belongs to one library or to the whole deployment.
The choices come from the schema itself (schema.py), so the form offers what a YAML may say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from bot.catalogue.rows import SECTION_ROWS
from bot.catalogue.schema import SECTIONS, Strict
from bot.db import models as m

# key: the item's id (typed once, fixed after); texts/long_texts: Dutch and English;
# tags: checkboxes of the hobby quiz's tags; links: checkboxes of other rows' keys.
Kind = Literal["key", "text", "texts", "long_texts", "choice", "number", "date", "flag", "tags"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind | Literal["links"]
    required: bool = False


@dataclass(frozen=True)
class Link:
    """A many-to-many link: the row attribute, the linked table and its key."""

    attribute: str
    model: type[m.Base]
    key: str


@dataclass(frozen=True)
class Section:
    name: str  # the YAML section: activities, partners, ...
    fields: tuple[Field, ...]
    columns: tuple[str, ...]  # shown in the list beside the name
    per_library: bool  # partners, locations, materials; the rest is the deployment's
    link: Link | None = None

    @property
    def schema(self) -> type[Strict]:
        return SECTIONS[self.name]

    @property
    def model(self) -> type[m.Base]:
        return SECTION_ROWS[self.name][0]

    @property
    def key(self) -> str:
        return SECTION_ROWS[self.name][1]

    def to_row(self, item: Any) -> dict[str, Any]:
        """The import's own conversion of an item to its columns (rows.py)."""
        return SECTION_ROWS[self.name][2](item)

    @property
    def title_field(self) -> str:
        return next(f.name for f in self.fields if f.name in ("name", "title", "question"))

    def options(self, name: str) -> tuple[str, ...]:
        """The values a choice field may take: the schema's Literal."""
        annotation = self.schema.model_fields[name].annotation
        while get_origin(annotation) is not Literal:
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        return tuple(get_args(annotation))


def _f(name: str, kind: Any, required: bool = False) -> Field:
    return Field(name, kind, required)


SECTIONS_EDITED: dict[str, Section] = {
    "activities": Section(
        "activities",
        (
            _f("slug", "key", True),
            _f("name", "texts", True),
            _f("category", "choice", True),
            _f("min_age", "number", True),
            _f("max_age", "number", True),
            _f("tags", "tags"),
            _f("description", "long_texts"),
            _f("cost_note", "texts"),
            _f("partners", "links"),
        ),
        columns=("category", "min_age", "max_age"),
        per_library=False,
        link=Link("partners", m.Partner, "id"),
    ),
    "partners": Section(
        "partners",
        (
            _f("id", "key", True),
            _f("name", "text", True),
            _f("kind", "choice", True),
            _f("description", "long_texts"),
            _f("website", "text"),
            _f("phone", "text"),
            _f("email", "text"),
        ),
        columns=("kind",),
        per_library=True,
    ),
    "locations": Section(
        "locations",
        (_f("id", "key", True), _f("name", "text", True), _f("address", "text", True)),
        columns=("address",),
        per_library=True,
    ),
    "materials": Section(
        "materials",
        (
            _f("id", "key", True),
            _f("title", "texts", True),
            _f("kind", "choice", True),
            _f("author", "text"),
            _f("copies", "number"),
            _f("loan_days", "number"),
            _f("activities", "links", True),
        ),
        columns=("kind", "copies"),
        per_library=True,
        link=Link("activities", m.Activity, "slug"),
    ),
    "faq": Section(
        "faq",
        (
            _f("topic", "key", True),
            _f("question", "texts", True),
            _f("answer", "long_texts", True),
        ),
        columns=("answer",),
        per_library=False,
    ),
    "school_holidays": Section(
        "school_holidays",
        (
            _f("id", "key", True),
            _f("name", "texts", True),
            _f("region", "choice", True),
            _f("start", "date", True),
            _f("end", "date", True),
            _f("confirmed", "flag"),
        ),
        columns=("region", "start", "end"),
        per_library=False,
    ),
}
