"""Import a validated catalogue into the database, idempotently, in one transaction.

Rows are matched by their catalogue id: new ones are added, changed ones updated in place,
unchanged ones left alone. An event that disappeared from the YAML but has registrations is
marked cancelled, never deleted, so no registration is ever lost; other rows that vanished are
deleted unless something still refers to them.

A row changed or created outside the import (staff in the chat, the back-office: its
`edited_at` is set) is the database's: the import never updates, cancels or deletes it, and
lists where the YAML differs from it as a conflict (conflicts.py). Families hear only of
what the import changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalogue import rows
from bot.catalogue.conflicts import Conflict, is_edited, record
from bot.catalogue.loader import Catalogue
from bot.db import models as m
from bot.db.states import EventStatus
from bot.services import capacity, event_changes
from bot.services.catalogue_copy import lock_catalogue
from bot.timeutil import now_utc


@dataclass
class SectionReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    cancelled: int = 0
    kept: int = 0  # gone from the YAML but still referred to
    conflicts: int = 0  # changed outside the import, and the YAML differs: left as it is

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.deleted + self.cancelled


@dataclass
class ImportReport:
    sections: dict[str, SectionReport] = field(default_factory=dict)
    changed_events: list[str] = field(default_factory=list)
    changed_fields: dict[str, set[str]] = field(default_factory=dict)
    families_told: int = 0
    cancelled_events: list[str] = field(default_factory=list)
    # Events whose capacity changed and whose waiting list moved up, or that are now over it.
    capacity_changes: list[capacity.CapacityChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(s.changes for s in self.sections.values())


def import_catalogue(
    session: Session, catalogue: Catalogue, now: datetime | None = None
) -> ImportReport:
    """Bring the database in line with the catalogue. The caller owns the transaction.

    Families registered for an event that moved or was cancelled are told in the same
    transaction (outbox rows), so an import and its announcements land together.
    """
    lock_catalogue(session)
    report = ImportReport()
    upsert = _Upserter(session, report)
    upsert.section("libraries", m.Library, catalogue.libraries, "id", rows.library)
    upsert.section("partners", m.Partner, catalogue.partners, "id", rows.partner)
    upsert.section("locations", m.Location, catalogue.locations, "id", rows.location)
    upsert.section("activities", m.Activity, catalogue.activities, "slug", rows.activity)
    upsert.links("activities", catalogue.activities, "partners", m.Partner)
    # Event days first: their workshops refer to them.
    events = sorted(catalogue.events, key=lambda e: e.kind != "event_day")
    upsert.section("events", m.Event, events, "id", rows.event)
    upsert.section("materials", m.Material, catalogue.materials, "id", rows.material)
    upsert.links("materials", catalogue.materials, "activities", m.Activity)
    upsert.section("faq", m.FaqEntry, catalogue.faq, "topic", rows.faq)
    upsert.section(
        "school_holidays", m.SchoolHoliday, catalogue.school_holidays, "id", rows.holiday
    )
    upsert.remove_missing(catalogue)
    now = now or now_utc()
    report.families_told = event_changes.announce(
        session, report.changed_fields, report.cancelled_events, now
    )
    resized = [e for e, fields in report.changed_fields.items() if "capacity" in fields]
    report.capacity_changes = capacity.after_capacity_changes(session, resized, now)
    return report


class _Upserter:
    def __init__(self, session: Session, report: ImportReport) -> None:
        self.session = session
        self.report = report

    def section(
        self,
        name: str,
        model: type[m.Base],
        items: Iterable[Any],
        key: str,
        to_columns: Callable[[Any], dict[str, Any]],
    ) -> None:
        counts = self.report.sections.setdefault(name, SectionReport())
        existing = {getattr(row, key): row for row in self.session.scalars(select(model))}
        for item in items:
            item_id = getattr(item, key)
            values = to_columns(item)
            row = existing.get(item_id)
            if row is None:
                self.session.add(model(**{key: item_id}, **values))
                counts.created += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(row, k) != v}
            if not changed:
                counts.unchanged += 1
                continue
            if is_edited(row):
                self._conflict(name, row, key, changed)
                continue
            for column, value in changed.items():
                setattr(row, column, value)
            counts.updated += 1
            if model is m.Event:
                self.report.changed_events.append(item_id)
                self.report.changed_fields[item_id] = set(changed)
        self.session.flush()

    def links(self, name: str, items: Iterable[Any], attribute: str, target: type[m.Base]) -> None:
        """Many-to-many links (activity partners, material activities), compared as sets: the
        link tables keep no order."""
        model, key, _ = rows.SECTION_ROWS[name]
        existing = {getattr(r, key): r for r in self.session.scalars(select(model))}
        targets = {_primary_key(t): t for t in self.session.scalars(select(target))}
        for item in items:
            row = existing[getattr(item, key)]
            wanted = list(dict.fromkeys(getattr(item, attribute)))
            if {_primary_key(t) for t in getattr(row, attribute)} == set(wanted):
                continue
            if is_edited(row):
                self._conflict(name, row, key, [attribute])
            else:
                setattr(row, attribute, [targets[w] for w in wanted])
        self.session.flush()

    def _conflict(
        self, name: str, row: Any, key: str, columns: Iterable[str], missing: bool = False
    ) -> None:
        if record(self.report.conflicts, name, row, key, columns, missing):
            self.report.sections.setdefault(name, SectionReport()).conflicts += 1

    def remove_missing(self, catalogue: Catalogue) -> None:
        """Delete what left the YAML, children before parents; cancel events with registrations."""
        self._remove_events({e.id for e in catalogue.events})
        for name, model, key, wanted in (
            ("school_holidays", m.SchoolHoliday, "id", {h.id for h in catalogue.school_holidays}),
            ("faq", m.FaqEntry, "topic", {f.topic for f in catalogue.faq}),
            ("materials", m.Material, "id", {x.id for x in catalogue.materials}),
            ("activities", m.Activity, "slug", {a.slug for a in catalogue.activities}),
            ("locations", m.Location, "id", {x.id for x in catalogue.locations}),
            ("partners", m.Partner, "id", {x.id for x in catalogue.partners}),
            ("libraries", m.Library, "id", {x.id for x in catalogue.libraries}),
        ):
            counts = self.report.sections.setdefault(name, SectionReport())
            for row in self.session.scalars(select(model)):
                if getattr(row, key) in wanted:
                    continue
                if is_edited(row):
                    self._conflict(name, row, key, (), missing=True)
                elif _still_referred_to(self.session, row):
                    counts.kept += 1
                else:
                    self.session.delete(row)
                    counts.deleted += 1
            self.session.flush()

    def _remove_events(self, wanted: set[str]) -> None:
        counts = self.report.sections.setdefault("events", SectionReport())
        gone = [e for e in self.session.scalars(select(m.Event)) if e.id not in wanted]
        # Rounds before their event day, so the day is free to go.
        for event in sorted(gone, key=lambda e: e.kind == "event_day"):
            if is_edited(event):
                self._conflict("events", event, "id", (), missing=True)
            elif _registration_count(self.session, event.id) or _has_rounds(self.session, event.id):
                if event.status != EventStatus.CANCELLED:
                    event.status = EventStatus.CANCELLED
                    counts.cancelled += 1
                    self.report.cancelled_events.append(event.id)
                else:
                    counts.kept += 1
            else:
                self.session.execute(
                    m.OutboxMessage.__table__.update()
                    .where(m.OutboxMessage.event_id == event.id)
                    .values(event_id=None)
                )
                self.session.delete(event)
                counts.deleted += 1
            self.session.flush()


def _primary_key(row: Any) -> str:
    return row.slug if isinstance(row, m.Activity) else row.id


def _registration_count(session: Session, event_id: str) -> int:
    query = select(func.count()).where(m.Registration.event_id == event_id)
    return session.scalar(query) or 0


def _has_rounds(session: Session, event_id: str) -> bool:
    query = select(func.count()).where(m.Event.event_day_id == event_id)
    return bool(session.scalar(query))


def _still_referred_to(session: Session, row: Any) -> bool:
    """Any row of any table pointing at this one (events, families, staff, questions...):
    found from the schema's foreign keys, so a table added later is never forgotten."""
    table = row.__table__
    # Link tables (activity_partners) are the row's own: the ORM removes them with it.
    mapped = {mapper.local_table for mapper in m.Base.registry.mappers}
    for other in mapped:
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            value = getattr(row, foreign_key.column.key)
            query = select(func.count()).select_from(other).where(foreign_key.parent == value)
            if session.scalar(query):
                return True
    return False
