"""Each process keeps a read-only copy of the upcoming catalogue (services/catalogue_copy.py):
a change made anywhere shows at once, seats are always counted now, and a change that is
rolled back leaves nothing behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import Database
from bot.db.models import Base, Event, Registration
from bot.db.states import EventStatus, RegistrationStatus
from bot.engine.core import Engine
from bot.services.catalogue_copy import CATALOGUE_TABLES
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
