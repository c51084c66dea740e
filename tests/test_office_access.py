"""The back-office's door: one-time sign-in links, sessions, roles and scope on every route,
CSRF, escaping and security headers; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.db.models import Event, Library, Location, WebSession
from bot.engine.core import Engine
from tests.cli import talentbot
from tests.dialog import ChatUser
from tests.office import (
    BASE,
    NOW,
    add_member,
    form_token,
    link_for,
    office_client,
    sign_in,
    token_of,
)

LIBRARIAN, PARTNER, PARENT = "7100", "7200", "7300"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    return any_engine


def test_nothing_but_the_sign_in_page_without_a_session(office: Engine) -> None:
    client, _ = office_client(office)
    for path in ("/beheer", "/beheer?wanneer=voorbij"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/beheer/inloggen"
    page = client.get("/beheer/inloggen")
    assert page.status_code == 200
    assert "Stuur /beheer in de medewerkerschat" in page.text
    assert "Snorkelen" not in page.text
    forged = client.post("/beheer/uitloggen", data={"csrf_token": "x"})
    assert "Snorkelen" not in forged.text


def test_a_link_opens_a_page_with_a_button_and_works_once(office: Engine) -> None:
    client, _ = office_client(office)
    link = link_for(office, LIBRARIAN)
    assert link.startswith(f"{BASE}/beheer/inloggen?token=")
    # A link preview (or a virus scanner) opening the link does not use it up.
    for _ in range(2):
        page = client.get(link)
        assert page.status_code == 200
        assert "Druk op de knop om in te loggen" in page.text
        assert "talentbot_beheer" not in page.headers.get("set-cookie", "")
    pressed = client.post("/beheer/inloggen", data={"token": token_of(link)})
    assert pressed.status_code == 303
    cookie = pressed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/beheer" in cookie
    assert "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test
    assert "Snorkelen proberen" in client.get("/beheer").text

    other, _ = office_client(office)
    again = other.post("/beheer/inloggen", data={"token": token_of(link)})
    assert again.status_code == 410
    assert "verlopen of al gebruikt" in again.text
    assert other.get(link).status_code == 410
    assert other.get("/beheer").status_code == 303


def test_a_link_lasts_fifteen_minutes_and_a_session_eight_hours(office: Engine) -> None:
    client, clock = office_client(office)
    link = link_for(office, LIBRARIAN)
    clock.now = NOW + timedelta(minutes=15, seconds=1)
    assert client.post("/beheer/inloggen", data={"token": token_of(link)}).status_code == 410

    sign_in(client, office, LIBRARIAN)
    clock.now += timedelta(hours=7, minutes=59)
    assert client.get("/beheer").status_code == 200
    clock.now += timedelta(minutes=2)
    assert client.get("/beheer").status_code == 303


def test_unknown_or_garbled_tokens_are_refused_kindly(office: Engine) -> None:
    client, _ = office_client(office)
    for token in ("", "nonsense", "x" * 200, "<script>"):
        response = client.post("/beheer/inloggen", data={"token": token})
        assert response.status_code == 410
        assert "verlopen of al gebruikt" in response.text
        assert "<script>" not in response.text
    with office.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WebSession)) == 0


def test_the_cookie_is_secure_behind_https(office: Engine) -> None:
    client, _ = office_client(office)
    link = link_for(office, LIBRARIAN)
    secure = client.post("https://beheer.test/beheer/inloggen", data={"token": token_of(link)})
    assert "Secure" in secure.headers["set-cookie"]


def test_sign_out_needs_the_form_token_and_ends_the_session(office: Engine) -> None:
    client, _ = office_client(office)
    sign_in(client, office, LIBRARIAN)
    page = client.get("/beheer")
    refused = client.post("/beheer/uitloggen", data={"csrf_token": "forged"})
    # Sign-out is harmless, but forms all check their token the same way; forged, nothing ends.
    assert client.get("/beheer").status_code == 200, refused.text
    signed_out = client.post("/beheer/uitloggen", data={"csrf_token": form_token(page.text)})
    assert "Je bent uitgelogd" in signed_out.text
    assert client.get("/beheer").status_code == 303


def test_a_partner_sees_only_their_own_events(office: Engine) -> None:
    client, _ = office_client(office)
    sign_in(client, office, PARTNER)
    page = client.get("/beheer").text
    assert "Snorkelen proberen" in page
    assert "Saxofoon" not in page and "schermtijd" not in page.lower()

    librarian, _ = office_client(office)
    sign_in(librarian, office, LIBRARIAN)
    everything = librarian.get("/beheer").text
    assert "Snorkelen proberen" in everything and "Saxofoon" in everything


def test_another_librarys_events_are_not_shown(office: Engine) -> None:
    with office.db.transaction() as session:
        session.add(Library(id="elders", name="Bieb Elders", city="Elders", address="Weg 1"))
        session.add(Location(id="elders-zaal", name="Zaal", address="Weg 1", library_id="elders"))
        session.flush()
        session.add(
            Event(
                id="elders-ws",
                kind="workshop",
                title={"nl": "Geheime workshop elders"},
                library_id="elders",
                location_id="elders-zaal",
                audience="kids",
                start=NOW + timedelta(days=3),
                end=NOW + timedelta(days=3, hours=1),
            )
        )
    client, _ = office_client(office)
    sign_in(client, office, LIBRARIAN)
    assert "Geheime workshop elders" not in client.get("/beheer").text
    assert "Geheime workshop elders" not in client.get("/beheer?zoek=geheime").text


def test_catalogue_text_is_shown_as_text_never_as_html(office: Engine) -> None:
    with office.db.transaction() as session:
        session.get(Event, "ws-snorkelen").title = {"nl": "<script>alert(1)</script> Duiken"}
    client, _ = office_client(office)
    sign_in(client, office, LIBRARIAN)
    page = client.get("/beheer").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Duiken" in page
    assert "<script>alert" not in page


def test_every_page_has_the_security_headers(office: Engine) -> None:
    client, _ = office_client(office)
    responses = [client.get("/beheer/inloggen")]
    sign_in(client, office, LIBRARIAN)
    responses.append(client.get("/beheer"))
    for response in responses:
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert responses[1].headers["cache-control"] == "no-store"


def test_a_removed_staff_member_is_signed_out(office: Engine) -> None:
    client, _ = office_client(office)
    sign_in(client, office, PARTNER)
    assert client.get("/beheer").status_code == 200
    talentbot("staff", "remove", "--telegram-id", PARTNER, database_url=_url(office))
    assert client.get("/beheer").status_code == 303


def test_the_agenda_searches_and_shows_past_events(office: Engine) -> None:
    client, clock = office_client(office)
    sign_in(client, office, LIBRARIAN)
    found = client.get("/beheer", params={"zoek": "saxofoon"}).text
    assert "Saxofoon" in found and "Snorkelen proberen" not in found
    # The workshop in January and the round at the event day in March.
    assert "2 activiteiten gevonden voor ‘saxofoon’" in found
    clock.now = NOW + timedelta(days=30)  # 24 December: the snorkelling of 12 December is past
    sign_in(client, office, LIBRARIAN)  # the first session lasted 8 hours
    past = client.get("/beheer", params={"wanneer": "voorbij"}).text
    assert "Snorkelen proberen" in past and "Saxofoon" not in past


def test_the_login_link_command_prints_one_line_that_signs_in(office: Engine) -> None:
    ran = talentbot(
        "staff",
        "login-link",
        "--telegram-id",
        LIBRARIAN,
        "--base-url",
        BASE,
        database_url=_url(office),
    )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{BASE}/beheer/inloggen?token=")
    client, clock = office_client(office)
    from bot.timeutil import now_utc

    clock.now = now_utc()  # the command made the link at this moment
    assert client.post("/beheer/inloggen", data={"token": token_of(lines[0])}).status_code == 303
    refused = talentbot("staff", "login-link", "--telegram-id", PARENT, database_url=_url(office))
    assert refused.returncode != 0 and refused.stdout == ""
    assert "is not staff" in refused.stderr


def test_beheer_in_the_chat_gives_staff_a_link_and_nobody_else(office: Engine) -> None:
    office.web_address = BASE
    librarian = ChatUser(office, LIBRARIAN, channel="telegram")
    librarian.send("/beheer")
    text = librarian.text
    assert f"{BASE}/beheer/inloggen?token=" in text and "15 minuten" in text
    link = text.split(f"{BASE}", 1)[1].split()[0]
    client, _ = office_client(office)
    client.post("/beheer/inloggen", data={"token": token_of(link)})
    assert client.get("/beheer").status_code == 200

    parent = ChatUser(office, PARENT, channel="telegram")
    parent.send("/beheer")
    assert "beheer/inloggen" not in parent.text

    group = ChatUser(office, "-100777", channel="telegram")
    with office.db.transaction() as session:
        from bot.services import staff

        staff.add_staff(session, "-100777", "staff", "teststad")
    group.send("/beheer")
    assert "privéchat" in group.text and "token=" not in group.text


def _url(engine: Engine) -> str:
    return engine.db.engine.url.render_as_string(hide_password=False)


def test_only_known_notices_are_shown(office: Engine) -> None:
    client, _ = office_client(office)
    sign_in(client, office, LIBRARIAN)
    assert '<p class="notice"' in client.get("/beheer?melding=office.notice.saved").text
    assert "Opgeslagen." in client.get("/beheer?melding=office.notice.saved").text
    for forged in ("Je account is gehackt", "office.agenda.title", "../etc"):
        page = client.get("/beheer", params={"melding": forged}).text
        assert '<p class="notice"' not in page
        assert "Je account is gehackt" not in page


def test_an_unknown_address_gets_the_back_offices_own_page(office: Engine) -> None:
    client, _ = office_client(office)
    page = client.get("/beheer/bestaat-niet")
    assert page.status_code == 404
    assert '<html lang="nl">' in page.text
    assert "Deze pagina bestaat niet, of je mag hem niet zien." in page.text


def test_english_on_choice_and_back_to_dutch(office: Engine) -> None:
    client, _ = office_client(office)
    sign_in(client, office, LIBRARIAN)
    page = client.get("/beheer?zoek=saxofoon").text
    token = form_token(page)
    switched = client.post(
        "/beheer/taal", data={"csrf_token": token, "taal": "en", "terug": "/beheer?zoek=saxofoon"}
    )
    assert switched.headers["location"] == "/beheer?zoek=saxofoon"
    english = client.get(switched.headers["location"]).text
    assert '<html lang="en">' in english and "Upcoming" in english
    assert "activities found for ‘saxofoon’" in english and "Komend" not in english
    elsewhere = client.post(
        "/beheer/taal", data={"csrf_token": token, "taal": "nl", "terug": "//evil.example/x"}
    )
    assert elsewhere.headers["location"] == "/beheer"
    assert "Komend" in client.get("/beheer").text
