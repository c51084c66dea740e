"""A catalogue import that changes an event's capacity: more seats go to the waiting list at
once (offers, as when a seat frees), fewer seats take nobody's seat and are reported."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from bot.db import opened
from bot.db.models import OutboxMessage, Registration
from bot.services import registrations as regs
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.cli import talentbot
from tests.conftest import FIXTURE_CATALOGUE, NOW

SAXOFOON = "    capacity: 2\n    min_age: 9\n    max_age: 12\n    price: 2.5\n"


def _catalogue_with(folder: Path, capacity: int) -> Path:
    """The fixture catalogue with Saxofoon spelen (ws-saxofoon) at this capacity."""
    if not folder.exists():
        shutil.copytree(FIXTURE_CATALOGUE, folder)
        events = (FIXTURE_CATALOGUE / "events.yaml").read_text()
        assert events.count(SAXOFOON) == 1
    events = (FIXTURE_CATALOGUE / "events.yaml").read_text()
    new = SAXOFOON.replace("capacity: 2", f"capacity: {capacity}")
    (folder / "events.yaml").write_text(events.replace(SAXOFOON, new))
    return folder


def _import(database_url: str, folder: Path) -> str:
    ran = talentbot("catalogue", "import", str(folder), database_url=database_url)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def _register_nine(database_url: str) -> None:
    """Nine children of nine Telegram families, in order: 6 seats, then the waiting list."""
    names = ["Ann", "Bo", "Cas", "Daan", "Eva", "Fien", "Gijs", "Hans", "Ids"]
    with opened(database_url) as db, db.transaction() as session:
        for n, name in enumerate(names, 1):
            family, _ = get_or_create_family(session, "telegram", f"50{n}", language="nl", now=NOW)
            give_consent(family, NOW)
            child = add_child(session, family, name, 10, NOW)
            regs.register(session, event_id="ws-saxofoon", family=family, child=child, now=NOW)


def _statuses(database_url: str) -> dict[str, str]:
    """Each family's chat id and its child's registration status."""
    with opened(database_url) as db, db.transaction() as session:
        found = {}
        for registration in session.scalars(select(Registration).order_by(Registration.id)):
            name = registration.child.first_name if registration.child else "-"
            found[name] = registration.status
        return found


def _offers(database_url: str) -> list[str]:
    with opened(database_url) as db, db.transaction() as session:
        query = select(OutboxMessage.chat_id).where(OutboxMessage.kind == "offer")
        return sorted(session.scalars(query))


def _spots_left(database_url: str) -> int:
    ran = talentbot("events", "list", "--json", database_url=database_url)
    (event,) = [e for e in json.loads(ran.stdout) if e["id"] == "ws-saxofoon"]
    return event["spots_left"]


def test_raising_capacity_offers_the_new_seats_to_the_waiting_list_at_once(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "catalogue"
    _import(database_url, _catalogue_with(folder, 6))
    _register_nine(database_url)
    assert Counter(_statuses(database_url).values()) == {"confirmed": 6, "waitlisted": 3}

    out = _import(database_url, _catalogue_with(folder, 9))
    assert "waiting list moved up: ws-saxofoon: capacity 9, 3 offered, 0 confirmed directly" in out
    assert "over capacity" not in out
    statuses = _statuses(database_url)
    assert list(statuses.values()) == ["confirmed"] * 6 + ["offered"] * 3
    assert [n for n, s in statuses.items() if s == "offered"] == ["Gijs", "Hans", "Ids"]
    assert _offers(database_url) == ["507", "508", "509"]  # the three who waited, nobody else
    assert _spots_left(database_url) == 0

    desk = talentbot(
        "registrations", "add", "--event", "ws-saxofoon", "--child", "Zoe", "--age", "10",
        "--json", database_url=database_url,
    )  # fmt: skip
    result = json.loads(desk.stdout)
    assert (result["status"], result["position"]) == ("waitlisted", 1)  # first in line, not 4th

    again = _import(database_url, folder)  # importing the same again offers nothing more
    assert "waiting list moved up" not in again
    assert _offers(database_url) == ["507", "508", "509"]


def test_lowering_capacity_keeps_every_seat_and_names_the_event_over_capacity(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "catalogue"
    _import(database_url, _catalogue_with(folder, 6))
    _register_nine(database_url)

    out = _import(database_url, _catalogue_with(folder, 4))
    assert (
        "over capacity: ws-saxofoon: 6 seats taken, capacity 4 "
        "(2 too many; everyone keeps their seat)"
    ) in out
    assert "waiting list moved up" not in out
    assert Counter(_statuses(database_url).values()) == {"confirmed": 6, "waitlisted": 3}
    assert _offers(database_url) == []
    assert _spots_left(database_url) == 0
