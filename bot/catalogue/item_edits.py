"""Saving an activity, partner, location, material, FAQ answer or school holiday made or
changed in the back-office: the import's own conversion to columns (rows.py) and links, and
the row marked as edited outside the catalogue, so a later `catalogue import` keeps it and
reports where its YAML differs (importer.py). The catalogue token changes with the row (a
database trigger), so every bot process sees the change at its next message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalogue.rows import yaml_field
from bot.catalogue.sections import Section
from bot.services.catalogue_edits import mark_edited


def find(session: Session, section: Section, key: str, library_id: str) -> Any | None:
    """The row with this key, if this library may see it: a section of one library only
    shows that library's rows (another's are as good as unknown)."""
    row = session.get(section.model, key)
    if row is None or (section.per_library and row.library_id != library_id):
        return None
    return row


def rows_of(session: Session, section: Section, library_id: str) -> list[Any]:
    """The section's rows this library sees, by key."""
    model = section.model
    query = select(model).order_by(getattr(model, section.key))
    if section.per_library:
        query = query.where(model.library_id == library_id)
    return list(session.scalars(query))


def create(session: Session, section: Section, item: Any, by: str, now: datetime) -> Any:
    key = getattr(item, section.key)
    row = section.model(**{section.key: key}, **section.to_row(item))
    _link(session, section, row, item)
    mark_edited(row, by, now)
    session.add(row)
    session.flush()
    return row


def changes(section: Section, row: Any, item: Any) -> dict[str, Any]:
    """The columns (and link) the form would change, with their new values."""
    changed = {c: v for c, v in section.to_row(item).items() if getattr(row, c) != v}
    if section.link is not None:
        attribute, key = section.link.attribute, section.link.key
        now_linked = {getattr(linked, key) for linked in getattr(row, attribute)}
        if now_linked != set(getattr(item, attribute)):
            changed[attribute] = list(getattr(item, attribute))
    return changed


def save(
    session: Session, section: Section, row: Any, item: Any, by: str, now: datetime
) -> list[str]:
    """Apply the form's changes; the names of the fields changed (none: nothing saved)."""
    changed = changes(section, row, item)
    if not changed:
        return []
    link = section.link.attribute if section.link is not None else None
    for column, value in changed.items():
        if column != link:
            setattr(row, column, value)
    if link in changed:
        _link(session, section, row, item)
    mark_edited(row, by, now)
    session.flush()
    return sorted(yaml_field(column) for column in changed)


def _link(session: Session, section: Section, row: Any, item: Any) -> None:
    if section.link is None:
        return
    keys = list(dict.fromkeys(getattr(item, section.link.attribute)))
    linked = [session.get(section.link.model, k) for k in keys]
    setattr(row, section.link.attribute, [r for r in linked if r is not None])
