"""Check-in at the door in the back-office: a tap checks in (the database says attended), a
second tap changes nothing, undo works, the page comes back to the row; a fixed order,
search by letter or name; closed before the day and after it; scope and form tokens. On
SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.db.models import AuditEntry, Event, Registration
from bot.db.states import RegistrationStatus
from bot.engine.core import Engine
from tests.office import Clock, add_member, form_token, office_client, sign_in
from tests.test_notifications import local_time, register, telegram_user
from tests.test_office_event import at_the_desk, registration, text_of

LIBRARIAN, PARTNER, OTHER_PARTNER = "7100", "7200", "7201"
DOOR = "/beheer/activiteit/ws-snorkelen/binnenkomst"
ON_THE_DAY = local_time(2026, 12, 12, 13, 50)  # snorkelling starts at 14:00


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    add_member(any_engine, OTHER_PARTNER, "partner", "bieb")
    return any_engine


def at_the_door(
    engine: Engine, telegram_id: str = LIBRARIAN, moment: datetime = ON_THE_DAY
) -> tuple[TestClient, Clock]:
    client, clock = office_client(engine)
    clock.now = moment
    sign_in(client, engine, telegram_id)
    return client, clock


def door_row(html: str, registration_id: int) -> str:
    found = re.search(rf'<li id="r{registration_id}"[^>]*>(.*?)</li>', html, re.S)
    assert found, f"no row for registration {registration_id}"
    return found.group(1)


def names_in_order(html: str) -> list[str]:
    return re.findall(r'<span class="door-name">([^<]+?) <span', html)


def test_a_child_from_the_chat_is_checked_in_once_and_undone(office: Engine) -> None:
    register(telegram_user(office, "501"), "Sam", event_label="Snorkelen proberen")
    with office.db.transaction() as session:
        sam = session.scalars(select(Registration.id)).one()
    client, clock = at_the_door(office)
    page = client.get(DOOR).text
    row = door_row(page, sam)
    assert "Sam" in row and f'action="{DOOR}/{sam}/binnen"' in row and ">Binnen<" in row
    assert "0 van 1 binnen" in text_of(page)
    token = form_token(page)
    tapped = client.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": token})
    assert tapped.status_code == 303
    assert tapped.headers["location"].endswith(f"#r{sam}")  # back at the same row
    assert registration(office, sam).status == RegistrationStatus.ATTENDED
    assert registration(office, sam).attended_at == ON_THE_DAY
    after = client.get(tapped.headers["location"].split("#")[0]).text
    assert "Ingecheckt." in text_of(after) and "1 van 1 binnen" in text_of(after)
    assert "Ongedaan maken" in door_row(after, sam) and '/binnen"' not in door_row(after, sam)

    clock.now += timedelta(seconds=1)  # a double tap, or a second tablet with an old page
    twice = client.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": token})
    assert "al ingecheckt; er is niets veranderd" in text_of(
        client.get(twice.headers["location"]).text
    )
    assert registration(office, sam).attended_at == ON_THE_DAY  # the first tap's moment

    undone = client.post(f"{DOOR}/{sam}/ongedaan", data={"csrf_token": token})
    assert "ongedaan gemaakt" in text_of(client.get(undone.headers["location"]).text)
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    again = client.post(f"{DOOR}/{sam}/ongedaan", data={"csrf_token": token})
    assert "niet ingecheckt; er is niets veranderd" in text_of(
        client.get(again.headers["location"]).text
    )
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    with office.db.transaction() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.target == str(sam)))
        assert [(a.actor, a.action) for a in audit] == [
            ("web:7100", "checkin"),
            ("web:7100", "checkin.undo"),
        ]


def test_the_order_never_changes_and_a_name_is_found(office: Engine) -> None:
    ids = {name: at_the_desk(office, "ws-snorkelen", name) for name in ("Zoë", "bram", "Ann")}
    client, _ = at_the_door(office)
    page = client.get(DOOR).text
    assert names_in_order(page) == ["Ann", "Bram", "Zoë"]
    client.post(f"{DOOR}/{ids['bram']}/binnen", data={"csrf_token": form_token(page)})
    assert names_in_order(client.get(DOOR).text) == ["Ann", "Bram", "Zoë"]
    found = client.get(DOOR, params={"zoek": "zo"}).text
    assert names_in_order(found) == ["Zoë"]  # without case or accents
    assert 'name="zoek" value="zo"' in found  # a tap comes back to the same search
    nobody = client.get(DOOR, params={"zoek": "xq"}).text
    assert "Niemand gevonden voor ‘xq’." in text_of(nobody)


def test_a_long_list_has_letters(office: Engine) -> None:
    names = ["Ann", "Bram", "Bo", "Cas", "Daan", "Eva", "Fenna", "Gijs", "Hugo", "Ilse"]
    with office.db.transaction() as session:
        session.get(Event, "ws-snorkelen").capacity = 20
    for name in [*names, "Jens", "Kim", "Émile"]:
        at_the_desk(office, "ws-snorkelen", name)
    client, _ = at_the_door(office)
    page = client.get(DOOR).text
    assert f'href="{DOOR}?zoek=B">B (2)</a>' in page and f'href="{DOOR}?zoek=E">E (2)</a>' in page
    assert names_in_order(client.get(DOOR, params={"zoek": "E"}).text) == ["Émile", "Eva"]


def test_the_door_is_closed_before_the_day_and_after_it(office: Engine) -> None:
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    client, clock = at_the_door(office, moment=local_time(2026, 12, 11, 18, 0))
    page = client.get(DOOR).text
    assert "Inchecken kan vanaf zaterdag 12 december." in text_of(page)
    assert '/binnen"' not in page and "Sam" not in page
    token = form_token(page)
    tapped = client.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": token})
    assert "De binnenkomst is niet open" in text_of(client.get(tapped.headers["location"]).text)
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED

    clock.now = local_time(2026, 12, 13, 0, 0)  # the day after
    sign_in(client, office, LIBRARIAN)  # a session lasts 8 hours
    later = client.get(DOOR).text
    assert "Deze activiteit is voorbij; inchecken kan niet meer." in text_of(later)
    late = client.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": form_token(later)})
    assert late.status_code == 303
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED


def test_the_partner_of_another_event_gets_404_and_a_forged_token_nothing(
    office: Engine,
) -> None:
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    other, _ = at_the_door(office, OTHER_PARTNER)  # bieb: not the snorkelling
    token = form_token(other.get("/beheer").text)
    assert other.get(DOOR).status_code == 404
    assert other.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": token}).status_code == 404
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED

    own, _ = at_the_door(office, PARTNER)  # sportbedrijf runs it: may check in
    forged = own.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    token = form_token(own.get(DOOR).text)
    assert own.post(f"{DOOR}/{sam}/binnen", data={"csrf_token": token}).status_code == 303
    assert registration(office, sam).status == RegistrationStatus.ATTENDED


def test_the_door_page_works_without_javascript_and_loads_its_script(office: Engine) -> None:
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    client, _ = at_the_door(office)
    page = client.get(DOOR).text
    assert '<script src="/beheer/static/door.js" defer></script>' in page
    assert 'aria-live="polite"' in page
    row = door_row(page, sam)
    assert '<form method="post"' in row and 'name="csrf_token"' in row
    script = client.get("/beheer/static/door.js")
    assert script.status_code == 200 and "fetch(form.action" in script.text
