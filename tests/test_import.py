"""Catalogue import on SQLite and PostgreSQL: idempotent, updates in place, never loses a seat."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db import Database
from bot.db.models import Child, Event, Family, Registration
from bot.timeutil import local
from tests.conftest import FIXTURE_CATALOGUE, SAMPLE_CATALOGUE, import_into


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, target)
    return target


def _edit(directory: Path, file: str, old: str, new: str) -> None:
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _register_child(db: Database, event_id: str) -> int:
    with db.transaction() as session:
        family = Family(channel="terminal", external_id="77", language="nl")
        family.children.append(Child(first_name="Sam", age=10))
        session.add(family)
        session.flush()
        registration = Registration(
            event_id=event_id,
            family_id=family.id,
            child_id=family.children[0].id,
            status="confirmed",
            age_at_registration=10,
        )
        session.add(registration)
        session.flush()
        return registration.id


def test_importing_twice_changes_nothing(db: Database) -> None:
    catalogue = load_catalogue(FIXTURE_CATALOGUE)
    with db.transaction() as session:
        first = import_catalogue(session, catalogue)
    with db.transaction() as session:
        second = import_catalogue(session, catalogue)
    assert first.sections["events"].created == 7
    assert first.sections["activities"].created == 3
    assert second.changes == 0
    assert second.sections["events"].unchanged == 7


def test_an_edited_event_is_updated_in_place_and_keeps_its_registrations(
    db: Database, tmp_path: Path
) -> None:
    import_into(db)
    registration_id = _register_child(db, "ws-snorkelen")
    directory = _copy(tmp_path)
    _edit(directory, "events.yaml", '"2026-12-12T14:00"', '"2026-12-12T13:00"')
    with db.transaction() as session:
        report = import_catalogue(session, load_catalogue(directory))
    assert report.changed_events == ["ws-snorkelen"]
    assert report.sections["events"].updated == 1
    with db.transaction() as session:
        event = session.get(Event, "ws-snorkelen")
        assert local(event.start).strftime("%H:%M") == "13:00"
        assert session.get(Registration, registration_id).status == "confirmed"


def test_a_removed_event_with_registrations_is_cancelled_not_deleted(
    db: Database, tmp_path: Path
) -> None:
    import_into(db)
    registration_id = _register_child(db, "ws-snorkelen")
    directory = _copy(tmp_path)
    _edit(directory, "events.yaml", "  - id: ws-snorkelen\n", "  - id: ws-snorkelen-nieuw\n")
    with db.transaction() as session:
        report = import_catalogue(session, load_catalogue(directory))
    assert report.cancelled_events == ["ws-snorkelen"]
    with db.transaction() as session:
        assert session.get(Event, "ws-snorkelen").status == "cancelled"
        assert session.get(Event, "ws-snorkelen-nieuw").status == "scheduled"
        assert session.get(Registration, registration_id).event_id == "ws-snorkelen"
    # Importing the same folder again leaves the cancelled event alone.
    with db.transaction() as session:
        assert import_catalogue(session, load_catalogue(directory)).changes == 0


def test_a_removed_event_without_registrations_is_deleted(db: Database, tmp_path: Path) -> None:
    import_into(db)
    directory = _copy(tmp_path)
    _edit(directory, "events.yaml", "  - id: ws-saxofoon\n", "  - id: ws-saxofoon-2\n")
    with db.transaction() as session:
        report = import_catalogue(session, load_catalogue(directory))
    assert report.sections["events"].deleted == 1
    with db.transaction() as session:
        assert session.get(Event, "ws-saxofoon") is None


def test_an_activity_still_used_by_a_cancelled_event_is_kept(db: Database, tmp_path: Path) -> None:
    import_into(db)
    _register_child(db, "ws-saxofoon")
    directory = _copy(tmp_path)
    events = directory / "events.yaml"
    text = events.read_text()
    start = text.index("  - id: ws-saxofoon")
    rest = text[text.index("  - id: lezing-schermtijd") : text.index("  - id: dag-r1-saxofoon")]
    events.write_text(text[:start] + rest)
    _edit(directory, "activities.yaml", "  - slug: saxofoon", "  - slug: trompet")
    with db.transaction() as session:
        report = import_catalogue(session, load_catalogue(directory))
    assert report.cancelled_events == ["ws-saxofoon"]
    assert report.sections["activities"].kept == 1
    assert report.sections["activities"].created == 1


def test_the_sample_catalogue_imports_idempotently(db: Database) -> None:
    catalogue = load_catalogue(SAMPLE_CATALOGUE)
    with db.transaction() as session:
        import_catalogue(session, catalogue)
    with db.transaction() as session:
        assert import_catalogue(session, catalogue).changes == 0
        assert session.scalar(select(func.count()).select_from(Event)) == len(catalogue.events)
