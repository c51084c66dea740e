"""The back-office's event page: facts, counts and registrations (also those made in the
chat), desk registration with consent, cancelling with a confirmation, CSV and Excel
downloads, the printable list, and scope (a partner sees only their own); SQLite and
PostgreSQL. Check-in at the door: tests/test_office_event_door.py."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.config import REPO_ROOT
from bot.db.models import AuditEntry, Child, Family, Registration
from bot.db.states import RegistrationStatus
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.services import desk
from tests.office import NOW, add_member, form_keys, form_token, office_client, sign_in
from tests.test_notifications import register, telegram_user

LIBRARIAN, PARTNER, OTHER_PARTNER = "7100", "7200", "7201"
SNORKELEN, SAXOFOON = "/beheer/activiteit/ws-snorkelen", "/beheer/activiteit/ws-saxofoon"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    add_member(any_engine, OTHER_PARTNER, "partner", "bieb")
    return any_engine


def signed_in(engine: Engine, telegram_id: str = LIBRARIAN) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def at_the_desk(engine: Engine, event_id: str, name: str, age: int = 10) -> int:
    with engine.db.transaction() as session:
        result = desk.register_at_desk(
            session, event_id=event_id, first_name=name, age=age, now=NOW
        )
        assert result.registration is not None, result.reason
        return result.registration.id


def row_text(html: str, registration_id: int) -> str:
    """What a librarian reads in one registration's row of the table."""
    found = re.search(rf'<tr id="inschrijving-{registration_id}">(.*?)</tr>', html, re.S)
    assert found, f"no row for registration {registration_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def registration(engine: Engine, registration_id: int) -> Registration:
    with engine.db.transaction() as session:
        found = session.get(Registration, registration_id)
        assert found is not None
        session.expunge(found)
        return found


def count(engine: Engine, model: type) -> int:
    with engine.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_librarian_opens_an_event_from_the_agenda_and_sees_the_chat_registrations(
    office: Engine,
) -> None:
    for user_id, name in (("501", "Sam"), ("502", "Noor"), ("503", "Bo")):
        register(telegram_user(office, user_id), name)  # Saxofoon spelen: 2 places
    client = signed_in(office)
    assert f'<a href="{SAXOFOON}">Saxofoon spelen</a>' in client.get("/beheer").text
    page = client.get(SAXOFOON)
    assert page.status_code == 200
    html = page.text
    with office.db.transaction() as session:
        ids = {
            r.child.first_name: r.id
            for r in session.scalars(
                select(Registration).where(Registration.event_id == "ws-saxofoon")
            )
        }
    assert row_text(html, ids["Sam"]).startswith("Sam 10 bevestigd")
    assert row_text(html, ids["Noor"]).startswith("Noor 10 bevestigd")
    assert row_text(html, ids["Bo"]).startswith("Bo 10 wachtlijst 1")
    text = text_of(html)
    assert "Plekken bezet 2 van 2" in text and "Op de wachtlijst 1" in text
    assert "Binnen 0" in text
    assert "Prijs € 2,50" in text and "Leeftijd 9 tot en met 12 jaar" in text
    assert "Plekken 2 plekken" in text and "Status gaat door" in text


def test_the_facts_of_the_snorkelling_say_where_who_and_what_to_bring(office: Engine) -> None:
    text = text_of(signed_in(office).get(SNORKELEN).text)
    assert "Waar Zwembad De Golf, Golfweg 2, Teststad" in text
    assert "Organisatie Sportbedrijf Teststad" in text
    assert "Meenemen Zwemkleding en een handdoek" in text and "Prijs gratis" in text
    assert "zaterdag 12 december" in text
    assert "Nog niemand ingeschreven." in text


def test_desk_registration_with_consent_registers_as_the_cli_does(office: Engine) -> None:
    client = signed_in(office)
    keys = form_keys(client.get(SNORKELEN).text)
    sent = client.post(
        f"{SNORKELEN}/inschrijven",
        data={**keys, "first_name": "mila", "age": "10", "consent": "ja"},
    )
    assert sent.status_code == 303
    assert sent.headers["location"].startswith(f"{SNORKELEN}?")
    shown = text_of(client.get(sent.headers["location"]).text)
    assert "De inschrijving is gelukt." in shown and "Mila (10) is ingeschreven." in shown
    with office.db.transaction() as session:
        made = session.scalars(select(Registration)).one()
        assert (made.event_id, made.status, made.source) == ("ws-snorkelen", "confirmed", "desk")
        assert made.child.first_name == "Mila" and made.age_at_registration == 10
        family = session.get(Family, made.family_id)
        assert family.channel == "desk" and family.consent_at == NOW
        audit = session.scalars(select(AuditEntry).where(AuditEntry.actor == "web:7100")).one()
        assert (audit.action, audit.target) == ("registration.desk", str(made.id))


def test_without_consent_nothing_about_the_child_is_kept(office: Engine) -> None:
    client = signed_in(office)
    keys = form_keys(client.get(SNORKELEN).text)
    refused = client.post(
        f"{SNORKELEN}/inschrijven", data={**keys, "first_name": "Mila", "age": "10"}
    )
    assert refused.status_code == 422
    text = text_of(refused.text)
    assert "Niet ingeschreven: vink aan dat de ouder toestemming geeft." in text
    assert 'value="Mila"' in refused.text  # the form keeps what was typed
    assert count(office, Registration) == 0
    assert count(office, Child) == 0 and count(office, Family) == 0


def test_a_full_event_puts_the_desk_child_on_the_waiting_list(office: Engine) -> None:
    at_the_desk(office, "ws-saxofoon", "Sam")
    at_the_desk(office, "ws-saxofoon", "Noor")
    client = signed_in(office)
    keys = form_keys(client.get(SAXOFOON).text)
    sent = client.post(
        f"{SAXOFOON}/inschrijven",
        data={**keys, "first_name": "Bo", "age": "11", "consent": "ja"},
    )
    shown = text_of(client.get(sent.headers["location"]).text)
    assert "Bo (11) staat op de wachtlijst, plek 1." in shown
    with office.db.transaction() as session:
        bo = session.scalars(select(Registration).join(Child).where(Child.first_name == "Bo")).one()
        assert bo.status == RegistrationStatus.WAITLISTED


def test_a_child_of_the_wrong_age_is_refused_with_the_reason(office: Engine) -> None:
    client = signed_in(office)
    keys = form_keys(client.get(SNORKELEN).text)
    refused = client.post(
        f"{SNORKELEN}/inschrijven",
        data={**keys, "first_name": "Mila", "age": "14", "consent": "ja"},
    )
    assert refused.status_code == 422
    assert "deze activiteit is voor kinderen van 9 tot en met 12 jaar, en Mila is 14." in text_of(
        refused.text
    )
    assert count(office, Registration) == 0 and count(office, Child) == 0


def test_every_refusal_of_the_services_has_a_text_for_the_desk(content: Content) -> None:
    source = (REPO_ROOT / "bot/services/registrations.py").read_text(encoding="utf-8")
    reasons = set(re.findall(r'RegistrationRefused\(\s*"(\w+)"', source))
    reasons |= {"age", "age_overridable", "bad_name", "bad_age", "no_consent"}
    assert len(reasons) > 10
    texts = content.texts
    missing = sorted(r for r in reasons if not texts.has(f"office_event.refused.{r}"))
    assert not missing


def test_cancelling_asks_first_then_passes_the_seat_on(office: Engine) -> None:
    sam = at_the_desk(office, "ws-saxofoon", "Sam")
    at_the_desk(office, "ws-saxofoon", "Noor")
    bo = at_the_desk(office, "ws-saxofoon", "Bo")
    client = signed_in(office)
    question = client.get(f"{SAXOFOON}/afmelden/{sam}")
    assert "Wil je Sam (10) afmelden voor Saxofoon spelen?" in text_of(question.text)
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED  # only asked
    token = form_token(question.text)
    done = client.post(f"{SAXOFOON}/afmelden/{sam}", data={"csrf_token": token})
    assert done.status_code == 303
    shown = text_of(client.get(done.headers["location"]).text)
    assert "De inschrijving is afgemeld; de plek is doorgegeven aan de wachtlijst." in shown
    assert registration(office, sam).status == RegistrationStatus.CANCELLED
    assert registration(office, sam).status_reason == "by_staff"
    assert registration(office, bo).status == RegistrationStatus.OFFERED
    again = client.post(f"{SAXOFOON}/afmelden/{sam}", data={"csrf_token": token})
    assert "al afgemeld" in text_of(client.get(again.headers["location"]).text)
    with office.db.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.target == str(sam)))
        assert list(actions) == ["registration.cancel"]


def test_the_csv_opens_with_the_dutch_headers_and_the_names(office: Engine) -> None:
    at_the_desk(office, "ws-snorkelen", "Zoë")
    at_the_desk(office, "ws-snorkelen", "Sam", 11)
    response = signed_in(office).get(f"{SNORKELEN}/deelnemers.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="deelnemers-ws-snorkelen-2026-12-12.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Inschrijving;Voornaam;Leeftijd;Status;Wachtlijstplaats;Ingeschreven op"
    assert [line.split(";")[1:4] for line in lines[1:]] == [
        ["Zoë", "10", "bevestigd"],
        ["Sam", "11", "bevestigd"],
    ]


def test_the_excel_file_and_the_printable_list(office: Engine) -> None:
    at_the_desk(office, "ws-snorkelen", "Zoë")
    client = signed_in(office)
    excel = client.get(f"{SNORKELEN}/deelnemers.xlsx")
    assert excel.headers["content-disposition"].endswith('deelnemers-ws-snorkelen-2026-12-12.xlsx"')
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert [cell.value for cell in sheet[1]][:3] == ["Inschrijving", "Voornaam", "Leeftijd"]
    assert sheet["B2"].value == "Zoë"
    printed = client.get(f"{SNORKELEN}/afdrukken")
    text = text_of(printed.text)
    assert "Deelnemers: Snorkelen proberen" in text and "Zoë 10 bevestigd" in text
    assert "/inschrijven" not in printed.text  # a list to print, no desk form
    with office.db.transaction() as session:
        exported = session.scalars(select(AuditEntry).where(AuditEntry.action == "export"))
        assert [(e.target, e.details["format"]) for e in exported] == [("ws-snorkelen", "xlsx")]


def test_a_partner_sees_only_their_own_event(office: Engine) -> None:
    sax = at_the_desk(office, "ws-saxofoon", "Sam")
    client = signed_in(office, PARTNER)  # sportbedrijf: the snorkelling, not the saxophone
    assert client.get(SNORKELEN).status_code == 200
    page = client.get(SAXOFOON)
    assert page.status_code == 404 and "Sam" not in page.text
    token = form_token(client.get(SNORKELEN).text)
    for path in (
        f"{SAXOFOON}/deelnemers.csv",
        f"{SAXOFOON}/deelnemers.xlsx",
        f"{SAXOFOON}/afdrukken",
        f"{SAXOFOON}/binnenkomst",
        f"{SAXOFOON}/afmelden/{sax}",
    ):
        refused = client.get(path)
        assert refused.status_code == 404, path
        assert "Sam" not in refused.text
    for path in (
        f"{SAXOFOON}/afmelden/{sax}",
        f"{SAXOFOON}/binnenkomst/{sax}/binnen",
        f"{SNORKELEN}/binnenkomst/{sax}/binnen",
        f"{SNORKELEN}/afmelden/{sax}",
    ):
        assert client.post(path, data={"csrf_token": token}).status_code == 404, path
    sent = client.post(
        f"{SAXOFOON}/inschrijven",
        data={"csrf_token": token, "first_name": "Bo", "age": "10", "consent": "ja"},
    )
    assert sent.status_code == 404
    assert registration(office, sax).status == RegistrationStatus.CONFIRMED
    assert count(office, Registration) == 1
    assert signed_in(office, OTHER_PARTNER).get(SAXOFOON).status_code == 200
    assert signed_in(office).get("/beheer/activiteit/bestaat-niet").status_code == 404


def test_a_forged_form_token_changes_nothing(office: Engine) -> None:
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    client = signed_in(office)
    forged = {"csrf_token": "forged", "first_name": "Bo", "age": "10", "consent": "ja"}
    for path in (f"{SNORKELEN}/inschrijven", f"{SNORKELEN}/afmelden/{sam}"):
        assert client.post(path, data=forged).status_code == 403, path
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    assert count(office, Registration) == 1
    with office.db.transaction() as session:
        by_web = select(func.count()).where(AuditEntry.actor == f"web:{LIBRARIAN}")
        assert session.scalar(by_web) == 0
