"""The database's catalogue as YAML files that `catalogue check` and `catalogue import` read:
the inverse of rows.py, so an export imports back into the same database unchanged.

Every field of the schema (schema.py) is written under its catalogue name (rows.COLUMNS
where the column is named otherwise); times as local Amsterdam time without an offset, as in
data/events.yaml; texts as a plain Dutch string or {nl: ..., en: ...}. A field that is empty
or has the schema's default is left out, as a person writing the YAML would.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.catalogue.rows import COLUMNS, SECTION_ROWS
from bot.catalogue.schema import SECTIONS, Strict, Texts
from bot.db import models as m
from bot.timeutil import local

# Each section's file, as in data/.
FILES: dict[str, str] = {
    "libraries": "libraries.yaml",
    "partners": "partners.yaml",
    "locations": "locations.yaml",
    "activities": "activities.yaml",
    "events": "events.yaml",
    "materials": "materials.yaml",
    "faq": "faq.yaml",
    "school_holidays": "holidays.yaml",
}
HEADER = (
    "# Written by `talentbot catalogue export` from the database. Times are local time in\n"
    "# Europe/Amsterdam; texts are plain Dutch or {nl: ..., en: ...}. See data/ for the format.\n"
)
# Links to other rows, written as their keys, sorted: the link tables keep no order.
_LINKS = {(m.Activity, "partners"), (m.Material, "activities")}


def export_catalogue(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every catalogue section as a list of YAML items, in a stable order."""
    return {name: [_item(name, row) for row in _rows(session, name)] for name in SECTIONS}


def _rows(session: Session, name: str) -> list[Any]:
    model, key, _ = SECTION_ROWS[name]
    query = select(model)
    if model is m.Activity:
        query = query.options(selectinload(m.Activity.partners))
    elif model is m.Material:
        query = query.options(selectinload(m.Material.activities))
    found = list(session.scalars(query).unique())
    if model is m.Event:  # in the order of the agenda; an event day before its rounds
        return sorted(found, key=lambda e: (e.start, e.kind != "event_day", e.id))
    return sorted(found, key=lambda row: getattr(row, key))


def item_of(name: str, row: Any) -> dict[str, Any]:
    """One row as its section's YAML item (the back-office's forms start from it)."""
    return _item(name, row)


def _item(name: str, row: Any) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for field, info in SECTIONS[name].model_fields.items():
        raw = getattr(row, COLUMNS.get(field, field))
        if (type(row), field) in _LINKS:
            raw = sorted(getattr(linked, _key_of(linked)) for linked in raw)
        value = _yaml_value(raw, _is_texts(info))
        if info.is_required() or not _left_out(value, info):
            item[field] = value
    return item


def _key_of(row: Any) -> str:
    return "slug" if isinstance(row, m.Activity) else "id"


def _yaml_value(value: Any, texts: bool) -> Any:
    if texts:
        value = {k: v for k, v in (value or {}).items() if v}
        return value.get("nl") if set(value) <= {"nl"} else value
    if isinstance(value, datetime):
        moment = local(value).replace(tzinfo=None)
        exact = moment.second == 0 and moment.microsecond == 0
        return moment.isoformat(timespec="minutes" if exact else "auto")
    if isinstance(value, dict):
        return {k: list(v) if isinstance(v, list | tuple) else v for k, v in value.items()}
    return list(value) if isinstance(value, list | tuple) else value


def _left_out(value: Any, info: FieldInfo) -> bool:
    if value is None or value == [] or value == {}:
        return True
    default = info.get_default(call_default_factory=True)
    return default is not PydanticUndefined and value == default


def _is_texts(info: FieldInfo) -> bool:
    """A text field (LocalText): Texts, also inside Optional and Annotated."""
    return _mentions(info.annotation, Texts)


def _mentions(annotation: Any, wanted: type[Strict]) -> bool:
    if annotation is wanted:
        return True
    return any(_mentions(arg, wanted) for arg in get_args(annotation))


def to_yaml(section: str, items: Iterable[dict[str, Any]]) -> str:
    body = yaml.dump(
        {section: list(items)},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    return HEADER + "\n" + body


class _Dumper(yaml.SafeDumper):
    """Lists under a key indented as in data/ (`  - id: ...`), lists of plain values on one
    line (`tags: [bewegen, buiten]`)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    plain = all(isinstance(v, str | int | float) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=plain)


_Dumper.add_representer(list, _list)


class NotEmpty(Exception):
    """Files the export would overwrite; nothing was written."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__(", ".join(str(p) for p in paths))


def write_catalogue(
    sections: dict[str, list[dict[str, Any]]], directory: Path, force: bool = False
) -> list[tuple[Path, str, int]]:
    """Write each section to its file in `directory` (made when missing): each file written,
    its section and item count. A file that is not empty is overwritten only with `force`
    (NotEmpty otherwise, before anything is written)."""
    targets = {name: directory / FILES[name] for name in sections}
    taken = [p for p in targets.values() if p.exists() and p.stat().st_size > 0]
    if taken and not force:
        raise NotEmpty(taken)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, items in sections.items():
        targets[name].write_text(to_yaml(name, items), encoding="utf-8")
        written.append((targets[name], name, len(items)))
    return written


def other_yaml_files(directory: Path) -> list[Path]:
    """YAML files in `directory` that the export does not write, but check and import read."""
    ours = set(FILES.values())
    found = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    return [p for p in found if p.name not in ours]
