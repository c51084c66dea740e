"""Making and changing events in the back-office: a new workshop families find in the chat,
the catalogue's rules as Dutch reasons beside the fields, changes and moves previewed with
who is told (and whom to call), cancelling, and a later import keeping what staff did;
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.db.models import Event, OutboxMessage, Registration
from bot.db.states import EventStatus, OutboxKind, RegistrationStatus
from bot.engine.core import Engine
from bot.timeutil import from_local
from tests.conftest import FIXTURE_CATALOGUE
from tests.office import add_member, form_token, office_client, sign_in
from tests.test_notifications import register, telegram_user
from tests.test_office_event import at_the_desk, text_of

LIBRARIAN, PARTNER = "7100", "7200"
NEW = "/beheer/activiteit/nieuw"
SAXOFOON = "/beheer/activiteit/ws-saxofoon"
KERSTKOKEN = {
    "kind": "workshop",
    "title": "Kerstkoken",
    "title_en": "Christmas cooking",
    "activity": "schaken",
    "partner": "bieb",
    "location": "bieb-plein",
    "audience": "kids",
    "start": "2026-12-19T14:00",
    "end": "2026-12-19T15:30",
    "capacity": "12",
    "min_age": "9",
    "max_age": "12",
    "price": "2,50",
    "bring": "een bakje",
}


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    return any_engine


def signed_in(engine: Engine, telegram_id: str = LIBRARIAN) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def post_form(client: TestClient, path: str, fields: dict[str, str]):
    """Sent as a browser sends the form it was shown: with its hidden fields (the form
    token, the one-time key, the version of the event)."""
    shown = _form_fields(client.get(path).text)
    hidden = {k: v for k, v in shown.items() if k in ("csrf_token", "eenmalig", "versie")}
    return client.post(path, data={**fields, **hidden})


def event(engine: Engine, event_id: str) -> Event:
    with engine.db.transaction() as session:
        found = session.get(Event, event_id)
        assert found is not None
        session.expunge(found)
        return found


def outbox_kinds(engine: Engine, event_id: str) -> list[str]:
    with engine.db.transaction() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.event_id == event_id))
        return sorted(r.kind for r in rows)


def test_a_new_workshop_is_saved_and_families_find_it_in_the_chat(office: Engine) -> None:
    client = signed_in(office)
    form = client.get(NEW).text
    for label in ("Titel", "Begin", "Einde", "Plek", "Aantal plekken", "Meenemen"):
        assert f">{label}" in form
    created = post_form(client, NEW, KERSTKOKEN)
    assert created.status_code == 303
    path = created.headers["location"].split("?")[0]
    assert path == "/beheer/activiteit/ws-kerstkoken-2026-12-19"
    saved = event(office, "ws-kerstkoken-2026-12-19")
    assert saved.title == {"nl": "Kerstkoken", "en": "Christmas cooking"}
    assert saved.start == from_local(datetime(2026, 12, 19, 14, 0))
    assert (saved.capacity, saved.price_eur, saved.bring) == (12, 2.5, {"nl": "een bakje"})
    assert saved.edited_by == f"web:{LIBRARIAN}"
    page = client.get(created.headers["location"]).text
    assert "De activiteit staat in de agenda." in page and "Kerstkoken" in page

    parent = telegram_user(office, "601")
    parent.send("/start")
    parent.press("ouder")
    parent.send("wanneer is kerstkoken")
    assert "Kerstkoken" in parent.text and "19 december" in parent.text
    # The same title and day again gets an id of its own.
    again = post_form(client, NEW, KERSTKOKEN)
    assert again.headers["location"].startswith("/beheer/activiteit/ws-kerstkoken-2026-12-19-2")


def test_the_catalogue_rules_come_back_as_dutch_reasons_and_nothing_is_saved(
    office: Engine,
) -> None:
    client = signed_in(office)
    wrong = {**KERSTKOKEN, "title": "", "capacity": "veel"}
    answer = post_form(client, NEW, wrong)
    assert answer.status_code == 422
    text = text_of(answer.text)
    assert "Er zijn 2 dingen om te verbeteren:" in text
    assert "Titel: Vul dit in." in text
    assert "Aantal plekken: Vul een heel getal in." in text
    assert 'aria-invalid="true"' in answer.text
    assert 'value="2,50"' in answer.text  # what was typed stays
    elsewhere = text_of(post_form(client, NEW, {**KERSTKOKEN, "location": "zwembad-elders"}).text)
    assert "Plek: Kies een van de mogelijkheden uit de lijst." in elsewhere
    fixed = {**KERSTKOKEN, "end": "2026-12-19T13:00"}
    again = text_of(post_form(client, NEW, fixed).text)
    assert "Einde: Het einde moet na het begin liggen." in again
    without_capacity = {**KERSTKOKEN, "capacity": ""}
    needs = text_of(post_form(client, NEW, without_capacity).text)
    assert "Een workshop voor kinderen heeft een aantal plekken nodig." in needs
    with office.db.transaction() as session:
        assert (
            session.scalar(select(Event).where(Event.title["nl"].as_string() == "Kerstkoken"))
            is None
        )


def test_a_partner_creates_only_for_their_own_organisation(office: Engine) -> None:
    client = signed_in(office, PARTNER)
    form = client.get(NEW).text
    assert ">Sportbedrijf" in form and 'value="bieb"' not in form
    forged = post_form(client, NEW, {**KERSTKOKEN, "partner": "bieb"})
    assert forged.status_code == 422
    assert "Je kunt alleen activiteiten van je eigen organisatie maken." in text_of(forged.text)
    own = post_form(client, NEW, {**KERSTKOKEN, "partner": "sportbedrijf", "activity": "snorkelen"})
    assert own.status_code == 303
    token = form_token(client.get("/beheer").text)
    confirm = {"csrf_token": token, "bevestigd": "1", "start": "2027-01-20T14:00"}
    for action in ("bewerken", "verplaatsen", "afgelasten"):
        assert client.get(f"{SAXOFOON}/{action}").status_code == 404
        assert client.post(f"{SAXOFOON}/{action}", data=confirm).status_code == 404
    assert event(office, "ws-saxofoon").status == EventStatus.SCHEDULED


def test_a_new_place_is_previewed_with_who_is_told_then_they_are(office: Engine) -> None:
    register(telegram_user(office, "601"), "Sam")
    desk_child = at_the_desk(office, "ws-saxofoon", "Bo", 11)
    client = signed_in(office)
    edit = f"{SAXOFOON}/bewerken"
    values = {"title": "Saxofoon spelen", "kind": "workshop", "activity": "saxofoon"}
    page = client.get(edit).text
    assert 'value="Saxofoon spelen"' in page
    fields = _form_fields(page)
    fields.update(values, location="zwembad")
    preview = client.post(edit, data=fields)
    assert preview.status_code == 200
    text = text_of(preview.text)
    assert "1 gezin krijgt bericht via Telegram." in text
    assert f"Bo (11) (inschrijving {desk_child})" in text
    assert event(office, "ws-saxofoon").location_id == "bieb-plein"  # not yet
    confirmed = client.post(edit, data=_form_fields(preview.text))
    assert confirmed.status_code == 303
    assert event(office, "ws-saxofoon").location_id == "zwembad"
    assert outbox_kinds(office, "ws-saxofoon").count(OutboxKind.EVENT_CHANGED) == 1


def test_a_new_title_is_saved_at_once_and_a_later_import_keeps_it(office: Engine) -> None:
    client = signed_in(office)
    fields = _form_fields(client.get(f"{SAXOFOON}/bewerken").text)
    fields["title"] = "Saxofoon voor beginners"
    assert client.post(f"{SAXOFOON}/bewerken", data=fields).status_code == 303
    assert event(office, "ws-saxofoon").title["nl"] == "Saxofoon voor beginners"
    assert outbox_kinds(office, "ws-saxofoon") == []
    with office.db.transaction() as session:
        report = import_catalogue(session, load_catalogue(FIXTURE_CATALOGUE))
    assert [c.id for c in report.conflicts] == ["ws-saxofoon"]
    assert event(office, "ws-saxofoon").title["nl"] == "Saxofoon voor beginners"


def test_moving_checks_the_moment_previews_and_tells_the_families(office: Engine) -> None:
    register(telegram_user(office, "601"), "Sam")
    client = signed_in(office)
    move = f"{SAXOFOON}/verplaatsen"
    past = post_form(client, move, {"start": "2026-11-01T14:00"})
    assert past.status_code == 422
    assert "Dat moment is al voorbij." in text_of(past.text)
    garbled = post_form(client, move, {"start": "morgen"})
    assert "Kies een dag en een tijd." in text_of(garbled.text)
    preview = post_form(client, move, {"start": "2027-01-20T14:00"})
    text = text_of(preview.text)
    assert "1 gezin krijgt bericht via Telegram." in text
    assert "Nieuw: woensdag 20 januari 2027, 14:00–15:00" in text
    moved = client.post(move, data=_form_fields(preview.text))
    assert moved.status_code == 303
    assert event(office, "ws-saxofoon").start == from_local(datetime(2027, 1, 20, 14, 0))
    assert outbox_kinds(office, "ws-saxofoon").count(OutboxKind.EVENT_CHANGED) == 1


def test_a_preview_confirmed_after_someone_else_changed_the_event_changes_nothing(
    office: Engine,
) -> None:
    client = signed_in(office)
    move = f"{SAXOFOON}/verplaatsen"
    preview = post_form(client, move, {"start": "2027-01-20T14:00"})
    other = signed_in(office)
    post_form(other, move, {"start": "2027-01-27T14:00"})
    second = post_form(other, move, {"start": "2027-01-27T14:00"})
    other.post(move, data=_form_fields(second.text))
    stale = client.post(move, data=_form_fields(preview.text))
    assert stale.status_code == 200
    assert "intussen door iemand anders veranderd" in text_of(stale.text)
    assert event(office, "ws-saxofoon").start == from_local(datetime(2027, 1, 27, 14, 0))


def test_cancelling_asks_first_then_ends_the_registrations_and_tells_them(
    office: Engine,
) -> None:
    register(telegram_user(office, "601"), "Sam")
    client = signed_in(office)
    cancel = f"{SAXOFOON}/afgelasten"
    preview = client.get(cancel)
    assert "Saxofoon spelen afgelasten?" in text_of(preview.text)
    assert event(office, "ws-saxofoon").status == EventStatus.SCHEDULED
    done = client.post(cancel, data=_form_fields(preview.text))
    assert done.status_code == 303
    assert event(office, "ws-saxofoon").status == EventStatus.CANCELLED
    with office.db.transaction() as session:
        statuses = {r.status for r in session.scalars(select(Registration))}
    assert statuses == {RegistrationStatus.CANCELLED}
    assert OutboxKind.EVENT_CANCELLED in outbox_kinds(office, "ws-saxofoon")
    again = client.get(cancel)
    assert again.status_code == 303  # nothing left to cancel: back to the event


def test_a_title_with_html_is_shown_as_text(office: Engine) -> None:
    client = signed_in(office)
    created = post_form(client, NEW, {**KERSTKOKEN, "title": "<b>Koken</b>"})
    page = client.get(created.headers["location"]).text
    assert "&lt;b&gt;Koken&lt;/b&gt;" in page and "<b>Koken</b>" not in page


def _form_fields(html: str) -> dict[str, str]:
    """The fields a browser would send from the page's form: inputs and selected options."""
    import re
    from html import unescape

    fields = {
        m.group(1): unescape(m.group(2))
        for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    }
    for select_match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select_match.group(2))
        fields[select_match.group(1)] = chosen.group(1) if chosen else ""
    for area in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[area.group(1)] = unescape(area.group(2))
    return fields
