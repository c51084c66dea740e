"""Each process keeps a read-only copy of the upcoming catalogue (services/catalogue_copy.py):
a change made anywhere shows at once, seats are always counted now, and a change that is
rolled back leaves nothing behind."""

from __future__ import annotations

import logging
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import Database
from bot.db.models import Activity, Base, Event, Location, Material, Partner, Registration
from bot.db.states import EventStatus, RegistrationStatus
from bot.discovery.facts import load_facts
from bot.engine.core import Engine
from bot.services import staff
from bot.services.activities import materials_for
from bot.services.catalogue_copy import CATALOGUE_TABLES, lock_catalogue
from bot.services.events import get_event, rounds_of, upcoming_events
from bot.services.families import get_or_create_family
from tests.cli import talentbot_process
from tests.conftest import FIXTURE_CATALOGUE, NOW
from tests.dialog import ChatUser, Step, check_dialog


def _titles(db: Database) -> list[str]:
    with db.transaction() as session:
        return [listing.event.title["nl"] for listing in upcoming_events(session, NOW)]


def _token(db: Database) -> str:
    with db.transaction() as session:
        return str(session.execute(text("SELECT token FROM catalogue_token")).scalar_one())


def test_an_import_by_another_process_shows_in_the_next_answer(
    engine: Engine, tmp_path: Path
) -> None:
    user = ChatUser(engine, channel="telegram")
    user.send("/start")
    user.press("ouder")
    check_dialog(
        user,
        [
            Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]),
            Step(press="Workshops voor kinderen", messages=1, says=["Snorkelen proberen"]),
        ],
    )
    changed = tmp_path / "catalogue"
    shutil.copytree(FIXTURE_CATALOGUE, changed)
    events = changed / "events.yaml"
    events.write_text(events.read_text().replace("Snorkelen proberen", "Duiken proberen", 1))
    done = talentbot_process("catalogue", "import", str(changed), database_url=engine.db.url)
    assert done.returncode == 0, done.stderr
    check_dialog(
        user,
        [
            Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=["Duiken proberen"],
                not_says=["Snorkelen proberen"],
            ),
        ],
    )


def test_another_process_cancelling_or_filling_an_event_shows_at_once(any_engine: Engine) -> None:
    db = any_engine.db
    other = Database(db.url)  # another bot process: its own copy
    try:
        with db.transaction() as session:
            before = get_event(session, "ws-snorkelen", NOW)
            assert before is not None and before.spots_left == 10
        with other.transaction() as session:
            family, _ = get_or_create_family(session, "telegram", "77", language="nl", now=NOW)
            session.flush()
            session.add(
                Registration(
                    event_id="ws-snorkelen",
                    family_id=family.id,
                    status=RegistrationStatus.CONFIRMED,
                )
            )
        with db.transaction() as session:
            filled = get_event(session, "ws-snorkelen", NOW)
            assert filled is not None and filled.spots_left == 9
        with other.transaction() as session:
            event = session.get(Event, "ws-snorkelen")
            assert event is not None
            event.status = EventStatus.CANCELLED
        assert "Snorkelen proberen" not in _titles(db)
        with db.transaction() as session:
            cancelled = get_event(session, "ws-snorkelen", NOW)
            assert cancelled is not None and cancelled.event.status == EventStatus.CANCELLED
    finally:
        other.dispose()


def test_a_change_rolled_back_leaves_no_copy_behind(any_engine: Engine) -> None:
    db = any_engine.db
    assert "Snorkelen proberen" in _titles(db)

    class Undo(Exception):
        pass

    with pytest.raises(Undo), db.transaction() as session:
        event = session.get(Event, "ws-snorkelen")
        assert event is not None
        event.title = {"nl": "Nooit bewaard"}
        seen = [listing.event.title["nl"] for listing in upcoming_events(session, NOW)]
        assert "Nooit bewaard" in seen  # the transaction sees its own change
        raise Undo
    titles = _titles(db)
    assert "Snorkelen proberen" in titles and "Nooit bewaard" not in titles


@pytest.mark.parametrize("table", CATALOGUE_TABLES)
def test_every_catalogue_table_gives_a_new_token_when_it_changes(
    any_engine: Engine, table: str
) -> None:
    db = any_engine.db
    column = next(iter(Base.metadata.tables[table].columns)).name
    first = _token(db)
    with db.transaction() as session:
        changed = session.execute(text(f"UPDATE {table} SET {column} = {column}")).rowcount
    assert changed > 0
    assert _token(db) != first


def test_a_copy_is_read_only(any_engine: Engine) -> None:
    db = any_engine.db
    with db.transaction() as session:
        listing = get_event(session, "ws-snorkelen", NOW)
        assert listing is not None
        with pytest.raises(AttributeError, match="read-only"):
            listing.event.start = NOW  # type: ignore[misc]
        with pytest.raises(TypeError):
            listing.event.title["nl"] = "Anders"  # type: ignore[index]
    assert "Snorkelen proberen" in _titles(db)


def test_rounds_of_an_event_day_come_by_round(any_engine: Engine) -> None:
    db = any_engine.db
    with db.transaction() as session:
        rounds = rounds_of(session, "dag-2027", NOW)
    assert [r.event.round for r in rounds] == sorted(r.event.round for r in rounds)
    assert {r.event.id for r in rounds} >= {"dag-r1-schaken", "dag-r2-snorkelen"}


def test_a_copy_made_in_a_transaction_that_holds_old_objects_is_fresh(
    any_engine: Engine,
) -> None:
    """On PostgreSQL another process can commit while a transaction runs: a copy made then
    must hold the committed rows, not the objects this transaction loaded before."""
    db = any_engine.db
    if db.engine.dialect.name == "sqlite":
        pytest.skip("on SQLite a transaction holds the write lock from its start")
    other = Database(db.url)  # another bot process
    try:
        with db.transaction() as session:
            held = session.get(Activity, "snorkelen")  # as the activity page does
            assert held is not None and held.category == "sportief"
            with other.transaction() as elsewhere:
                changed = elsewhere.get(Activity, "snorkelen")
                assert changed is not None
                changed.category = "cognitief"
            upcoming_events(session, NOW)
        with db.transaction() as session:
            facts = load_facts(session, NOW, any_engine.content.quiz)
        assert facts.activities["snorkelen"].category == "cognitief"
    finally:
        other.dispose()


@pytest.mark.parametrize("model", [Event, Activity, Partner, Location, Material])
def test_copies_name_their_values_as_the_models_do(model: type) -> None:
    attributes = [attribute.key for attribute in model.__mapper__.column_attrs]  # type: ignore[attr-defined]
    assert attributes == [column.name for column in model.__table__.columns]  # type: ignore[attr-defined]


def test_a_staff_cancel_during_an_import_waits_for_it_instead_of_deadlocking(
    any_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """An import holds the catalogue lock while it changes event after event; a librarian
    cancelling one of them meanwhile waits for it, and both land, first time."""
    db = any_engine.db
    if db.engine.dialect.name == "sqlite":
        pytest.skip("on SQLite one transaction writes at a time from its start")
    with db.transaction() as session:
        staff.add_staff(session, "9001", "staff", "teststad")
    librarian = ChatUser(any_engine, "9001", channel="telegram")
    librarian.send("/deelnemers")
    librarian.press("Saxofoon spelen")
    librarian.press("Wijzigen of afgelasten")
    librarian.press("Afgelasten")
    importer = Database(db.url)  # `talentbot catalogue import` in another process
    try:
        with importer.transaction() as session:
            lock_catalogue(session)
            first = session.get(Event, "ws-snorkelen")
            assert first is not None
            first.capacity = 11
            session.flush()
            with ThreadPoolExecutor(1) as pool:
                pressed = pool.submit(librarian.press, "Ja, afgelasten")
                time.sleep(1.5)  # the librarian's transaction is waiting now
                assert not pressed.done()
                second = session.get(Event, "ws-saxofoon")
                assert second is not None
                second.capacity = 3
                session.commit()
                outcome = pressed.result(timeout=30)
    finally:
        importer.dispose()
    assert "Afgelast." in outcome.replies[0].text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    with db.transaction() as session:
        saxofoon = session.get(Event, "ws-saxofoon")
        snorkelen = session.get(Event, "ws-snorkelen")
        assert saxofoon is not None and snorkelen is not None
        assert (saxofoon.status, saxofoon.capacity, snorkelen.capacity) == ("cancelled", 3, 11)


def test_what_can_be_borrowed_follows_the_lending_stock(any_engine: Engine) -> None:
    db = any_engine.db
    other = Database(db.url)
    try:
        with db.transaction() as session:
            assert [m.id for m in materials_for(session, "schaken", NOW)] == ["schaakspel"]
        with other.transaction() as session:
            chess = session.get(Material, "schaakspel")
            assert chess is not None
            chess.copies = 0
        with db.transaction() as session:
            assert materials_for(session, "schaken", NOW) == []
            assert [m.id for m in materials_for(session, "snorkelen", NOW)] == ["boek-snorkelen"]
    finally:
        other.dispose()
