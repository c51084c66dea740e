"""Rows changed outside the import (bot/services/catalogue_edits.py) that the YAML disagrees
with: the import leaves them as they are and lists them here, with the catalogue fields the
YAML would have changed, or that the row is not in the YAML at all (it would have been
deleted or cancelled). A row that equals its YAML again is no conflict."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.catalogue.rows import yaml_field
from bot.timeutil import local

# How a line names one item of a section.
ITEM_NAMES = {
    "libraries": "library",
    "partners": "partner",
    "locations": "location",
    "activities": "activity",
    "events": "event",
    "materials": "material",
    "faq": "faq",
    "school_holidays": "school holiday",
}


@dataclass
class Conflict:
    section: str
    id: str
    edited_at: datetime
    edited_by: str | None
    fields: list[str] = field(default_factory=list)  # catalogue names: start, location, ...
    missing: bool = False  # not in the YAML

    def line(self) -> str:
        """kept event X: changed in the back-office at ... (fields: start, end); the YAML differs"""
        name = ITEM_NAMES.get(self.section, self.section)
        by = f" by {self.edited_by}" if self.edited_by else ""
        when = f"{local(self.edited_at):%Y-%m-%d %H:%M}"
        head = f"kept {name} {self.id}: changed in the back-office at {when}{by}"
        if self.missing:
            return f"{head}; not in the YAML"
        return f"{head} (fields: {', '.join(self.fields)}); the YAML differs"


def is_edited(row: Any) -> bool:
    return getattr(row, "edited_at", None) is not None


def record(
    conflicts: list[Conflict],
    section: str,
    row: Any,
    key: str,
    columns: Iterable[str] = (),
    missing: bool = False,
) -> bool:
    """Add the row's conflict (True), or the fields to the one it already has (its links)."""
    item_id = getattr(row, key)
    found = next((c for c in conflicts if (c.section, c.id) == (section, item_id)), None)
    new = found is None
    if found is None:
        found = Conflict(section, item_id, row.edited_at, row.edited_by, missing=missing)
        conflicts.append(found)
    found.fields.extend(yaml_field(c) for c in columns if yaml_field(c) not in found.fields)
    return new
