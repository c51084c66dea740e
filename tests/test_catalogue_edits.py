"""The database is the source of truth for what staff changed: an event moved or cancelled in
the chat, or a row the back-office created or edited, is marked (edited_at, edited_by), and a
later `catalogue import` of the original YAML leaves it as staff left it, reports the
conflict, and tells no family about a change it did not make. On SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.catalogue.conflicts import Conflict
from bot.catalogue.importer import ImportReport, import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db import Database
from bot.db.models import Activity, Event, FaqEntry, OutboxMessage, Partner, Registration
from bot.engine.core import Engine
from bot.services import event_changes, staff
from bot.services import registrations as regs
from bot.services.catalogue_edits import editor, mark_edited
from bot.services.families import add_child, get_or_create_family, give_consent
from bot.timeutil import from_local, local
from tests.cli import talentbot_process
from tests.conftest import FIXTURE_CATALOGUE, NOW
from tests.dialog import ChatUser, Step, check_dialog

LIBRARIAN = "9001"
EVENT = "ws-saxofoon"  # Saxofoon spelen, wo 13 januari 2027 14:00-15:00, capacity 2
LATER = NOW + timedelta(hours=2)  # when the import runs


def _import(db: Database, directory: Path = FIXTURE_CATALOGUE) -> ImportReport:
    with db.transaction() as session:
        return import_catalogue(session, load_catalogue(directory), now=LATER)


def _register(db: Database, chat_id: str) -> int:
    with db.transaction() as session:
        family, _ = get_or_create_family(session, "telegram", chat_id, language="nl", now=NOW)
        give_consent(family, NOW)
        child = add_child(session, family, "Sam", 10, NOW)
        outcome = regs.register(session, event_id=EVENT, family=family, child=child, now=NOW)
        return outcome.registration.id


def _outbox_kinds(db: Database) -> list[str]:
    with db.transaction() as session:
        return list(session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def _event(db: Database) -> Event:
    with db.transaction() as session:
        event = session.get(Event, EVENT)
        assert event is not None
        return event


def _manage(librarian: ChatUser) -> None:
    check_dialog(
        librarian,
        [
            Step(send="/deelnemers", messages=1, says=["Kies een activiteit:"], buttons=["Saxo"]),
            Step(press="Saxofoon spelen", messages=1, says=["👥 Saxofoon spelen"]),
            Step(press="Wijzigen of afgelasten", messages=1, says=["Wat wil je doen?"]),
        ],
    )


@pytest.fixture
def librarian(any_engine: Engine) -> ChatUser:
    with any_engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    return ChatUser(any_engine, LIBRARIAN, channel="telegram")


def test_an_event_moved_by_staff_survives_an_import_of_the_original_yaml(
    librarian: ChatUser,
) -> None:
    db = librarian.engine.db
    _register(db, "401")
    _manage(librarian)
    check_dialog(
        librarian,
        [
            Step(press="Verplaatsen", messages=1, says=["Wat is de nieuwe dag en begintijd?"]),
            Step(send="20-01-2027 15:00", messages=1, says=["📨 1 gezin krijgt bericht"]),
            Step(press="Ja, verplaatsen", messages=1, says=["Verplaatst naar woensdag 20"]),
        ],
    )
    assert _outbox_kinds(db).count("event_changed") == 1
    moved = _event(db)
    assert (moved.edited_at, moved.edited_by) == (NOW, "staff:9001")

    report = _import(db)

    event = _event(db)
    assert local(event.start).isoformat() == "2027-01-20T15:00:00+01:00"
    assert local(event.end).isoformat() == "2027-01-20T16:00:00+01:00"
    assert report.conflicts == [
        Conflict("events", EVENT, NOW, "staff:9001", ["start", "end"], missing=False)
    ]
    assert report.conflicts[0].line() == (
        "kept event ws-saxofoon: changed in the back-office at 2026-11-24 10:00 by staff:9001 "
        "(fields: start, end); the YAML differs"
    )
    assert (report.changes, report.sections["events"].conflicts) == (0, 1)
    assert report.sections["events"].unchanged == 6
    # The family heard of the move once, from staff; the import tells nobody anything.
    assert _outbox_kinds(db).count("event_changed") == 1
    assert report.families_told == 0


def test_an_event_cancelled_by_staff_stays_cancelled_after_an_import(
    librarian: ChatUser,
) -> None:
    db = librarian.engine.db
    registration = _register(db, "401")
    _manage(librarian)
    check_dialog(
        librarian,
        [
            Step(press="Afgelasten", messages=1, says=["📨 1 gezin krijgt bericht"]),
            Step(press="Ja, afgelasten", messages=1, says=["Afgelast. 1 gezin krijgt bericht"]),
        ],
    )
    before = _outbox_kinds(db)

    report = _import(db)  # the YAML still says scheduled

    assert _event(db).status == "cancelled"
    assert [(c.id, c.fields, c.edited_by) for c in report.conflicts] == [
        (EVENT, ["status"], "staff:9001")
    ]
    with db.transaction() as session:
        assert session.get(Registration, registration).status == "cancelled"
    assert _outbox_kinds(db) == before


def _new_event(db: Database, by: str) -> None:
    """An event as the back-office creates it: not in any YAML, marked."""
    with db.transaction() as session:
        event = Event(
            id="ws-extra",
            kind="workshop",
            title={"nl": "Extra schaakles", "en": "Extra chess class"},
            activity_slug="schaken",
            library_id="teststad",
            location_id="bieb-plein",
            audience="kids",
            start=from_local(datetime(2027, 2, 3, 14, 0)),
            end=from_local(datetime(2027, 2, 3, 15, 0)),
            capacity=8,
        )
        mark_edited(event, by, NOW)
        session.add(event)


def test_an_event_created_outside_the_import_is_not_deleted(db: Database) -> None:
    _import(db)
    _new_event(db, editor("web", 5))

    report = _import(db)

    with db.transaction() as session:
        created = session.get(Event, "ws-extra")
        assert created is not None and created.status == "scheduled"
        assert session.scalar(select(func.count()).select_from(Event)) == 8
    assert report.conflicts == [Conflict("events", "ws-extra", NOW, "web:5", [], missing=True)]
    assert report.conflicts[0].line() == (
        "kept event ws-extra: changed in the back-office at 2026-11-24 10:00 by web:5; "
        "not in the YAML"
    )
    assert report.changes == 0
    assert _outbox_kinds(db) == []


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, target)
    return target


def test_when_the_yaml_equals_the_row_again_it_is_unchanged_and_no_conflict(
    db: Database, tmp_path: Path
) -> None:
    _import(db)
    with db.transaction() as session:
        event = session.get(Event, EVENT)
        assert event is not None
        event_changes.move(session, event, from_local(datetime(2027, 1, 20, 15)), "staff:1", NOW)
    directory = _copy(tmp_path)
    events = directory / "events.yaml"
    text = events.read_text(encoding="utf-8")
    text = text.replace('"2027-01-13T14:00"', '"2027-01-20T15:00"')
    events.write_text(text.replace('"2027-01-13T15:00"', '"2027-01-20T16:00"'), encoding="utf-8")

    report = _import(db, directory)

    assert (report.changes, report.conflicts) == (0, [])
    assert report.sections["events"].unchanged == 7
    assert _event(db).edited_by == "staff:1"  # still the database's: a later YAML edit waits


def test_other_sections_edited_outside_the_import_keep_their_values_and_links(
    db: Database, tmp_path: Path
) -> None:
    _import(db)
    with db.transaction() as session:
        faq = session.get(FaqEntry, "cost")
        assert faq is not None
        faq.answer = {"nl": "Alles is gratis, ook de materialen.", "en": "Everything is free."}
        mark_edited(faq, "web:5", NOW)
        activity = session.get(Activity, "saxofoon")
        assert activity is not None
        activity.partners = [session.get(Partner, "sportbedrijf")]  # type: ignore[list-item]
        mark_edited(activity, "web:5", NOW)
    directory = _copy(tmp_path)
    info = directory / "info.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("gratis.", "gratis!"), "utf-8")

    report = _import(db, directory)

    assert sorted((c.section, c.id, tuple(c.fields)) for c in report.conflicts) == [
        ("activities", "saxofoon", ("partners",)),
        ("faq", "cost", ("answer",)),
    ]
    with db.transaction() as session:
        assert session.get(FaqEntry, "cost").answer["en"] == "Everything is free."  # type: ignore[union-attr]
        partners = session.get(Activity, "saxofoon").partners  # type: ignore[union-attr]
        assert [p.id for p in partners] == ["sportbedrijf"]
    assert report.changes == 0


def test_an_unmarked_row_is_still_the_yamls(db: Database, tmp_path: Path) -> None:
    """Without the mark (a change the import itself made), the YAML wins as before."""
    _import(db)
    with db.transaction() as session:
        event = session.get(Event, EVENT)
        assert event is not None
        event.capacity = 5
    report = _import(db)
    assert (report.changes, report.conflicts) == (1, [])
    assert _event(db).capacity == 2


def test_mark_edited_refuses_what_is_not_an_editor_or_an_aware_moment() -> None:
    row = FaqEntry(topic="cost", question={"nl": "?"}, answer={"nl": "!"})
    with pytest.raises(ValueError, match="like 'staff:123'"):
        mark_edited(row, "Piet de bibliothecaris", NOW)
    with pytest.raises(ValueError, match="aware"):
        mark_edited(row, "staff:1", datetime(2026, 11, 24, 10))
    assert (row.edited_at, row.edited_by) == (None, None)
    mark_edited(row, editor("staff", 123), NOW)
    assert (row.edited_at, row.edited_by) == (NOW, "staff:123")


def test_catalogue_import_prints_one_line_per_conflict(database_url: str) -> None:
    """The real command, as staff run it: the kept rows named, exit 0, nothing changed."""
    db = Database(database_url)
    try:
        _import(db)
        _new_event(db, "web:5")
        with db.transaction() as session:
            event = session.get(Event, EVENT)
            assert event is not None
            event_changes.move(
                session, event, from_local(datetime(2027, 1, 20, 15)), "staff:9001", NOW
            )
    finally:
        db.dispose()

    ran = talentbot_process(
        "catalogue", "import", str(FIXTURE_CATALOGUE), database_url=database_url
    )

    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert (
        "events: 0 created, 0 updated, 6 unchanged, 0 deleted, 2 kept (changed outside the import)"
        in lines
    )
    assert lines[-3:] == [
        "kept event ws-extra: changed in the back-office at 2026-11-24 10:00 by web:5; "
        "not in the YAML",
        "no changes",
        "2 kept as changed outside the import; "
        "`talentbot catalogue export DIR` writes the catalogue as the database has it",
    ]
    assert (
        "kept event ws-saxofoon: changed in the back-office at 2026-11-24 10:00 by staff:9001 "
        "(fields: start, end); the YAML differs"
    ) in lines
