"""A check-in QR code without Telegram: what the code holds (the Telegram link, else the
back-office's page, else nothing and the code in text), and the page it opens,
/beheer/inchecken/<code>: the sign-in and back, one "Inchecken" that acts once, "already
checked in at HH:MM" with undo, the door's days, and the door's scope (a partner only for
their own events, another library's code a 404). On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PIL import Image
from sqlalchemy import select

from bot.db.models import AuditEntry, Library, Registration
from bot.db.states import RegistrationStatus
from bot.engine.checkin_link import checkin_address
from bot.engine.core import Engine
from bot.services import staff
from bot.services.qrcodes import qr_png
from tests.channels import WhatsAppDriver, clocked
from tests.conftest import OFFICE_ADDRESS
from tests.dialog import ChatUser
from tests.office import form_token, link_for, office_client, sign_in, token_of
from tests.test_channels_table import AGENDA, GREETING, REGISTER, run
from tests.test_notifications import local_time, register, telegram_user
from tests.test_office_event import at_the_desk, registration, text_of
from tests.test_office_event_door import (
    LIBRARIAN,
    ON_THE_DAY,
    OTHER_PARTNER,
    PARTNER,
    at_the_door,
    office,  # noqa: F401 (a fixture)
)
from tests.whatsapp import whatsapp_bot, whatsapp_settings
from whatsapp_emulator import WhatsAppEmulator

ELSEWHERE = "7300"  # staff of another library


def test_the_code_holds_telegram_else_the_back_office_else_nothing() -> None:
    telegram = "https://t.me/TalentBot?start={argument}"
    office_url = "https://bot.example.org/"
    assert (
        checkin_address("Ab-9_x", telegram, office_url) == "https://t.me/TalentBot?start=ci_Ab-9_x"
    )
    assert checkin_address("Ab-9_x", None, office_url) == (
        "https://bot.example.org/beheer/inchecken/Ab-9_x"
    )
    assert checkin_address("Ab-9_x", None, None) is None
    assert checkin_address("Ab-9_x", "", "") is None


def code_of(engine: Engine, registration_id: int) -> str:
    return str(registration(engine, registration_id).checkin_code)


def page_of(code: str) -> str:
    return f"/beheer/inchecken/{code}"


def test_a_family_without_telegram_gets_the_back_office_page_as_qr(any_engine: Engine) -> None:
    """The terminal (no Telegram bot): the code the family shows opens the back-office."""
    family = ChatUser(any_engine, "401")
    register(family, "Sam", event_label="Snorkelen proberen")
    qr = family.replies[-1].attachment
    assert qr is not None and qr.filename == "check-in.png"
    with any_engine.db.transaction() as session:
        code = session.scalars(select(Registration.checkin_code)).one()
    assert qr.content == qr_png(f"{OFFICE_ADDRESS}/beheer/inchecken/{code}")


def test_neither_telegram_nor_an_address_sends_the_code_in_text(any_engine: Engine) -> None:
    bare = Engine(any_engine.db, any_engine.content, any_engine.understander)
    family = ChatUser(bare, "402")
    register(family, "Sam", event_label="Snorkelen proberen")
    with bare.db.transaction() as session:
        code = session.scalars(select(Registration.checkin_code)).one()
    last = family.replies[-1]
    assert last.attachment is None
    assert last.text == (
        f"📲 Laat deze code bij de deur zien, dan vinden ze Sam meteen op de lijst: {code}"
    )
    assert [r.attachment.filename for r in family.replies if r.attachment] == [
        "2026-12-12-ws-snorkelen.ics"
    ]


def test_a_scan_before_signing_in_comes_back_to_the_code_after_it(office: Engine) -> None:  # noqa: F811
    register(telegram_user(office, "501"), "Sam", event_label="Snorkelen proberen")
    code = str(office.db.run(lambda s: s.scalars(select(Registration.checkin_code)).one()))
    client, clock = office_client(office)
    clock.now = ON_THE_DAY
    opened = client.get(page_of(code))
    assert (opened.status_code, opened.headers["location"]) == (303, "/beheer/inloggen")
    link = link_for(office, LIBRARIAN, clock.now)
    assert client.get(link).status_code == 200
    pressed = client.post("/beheer/inloggen", data={"token": token_of(link)})
    assert (pressed.status_code, pressed.headers["location"]) == (303, page_of(code))
    page = text_of(client.get(page_of(code)).text)
    assert "Sam (10)" in page and "Snorkelen proberen" in page
    assert "Sam heeft een plek en is nog niet binnen." in page
    again = client.post("/beheer/inloggen", data={"token": token_of(link)})  # used: no return
    assert again.status_code == 410


def test_inchecken_acts_once_a_second_scan_says_since_when_and_undo_works(
    office: Engine,  # noqa: F811
) -> None:
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    client, clock = at_the_door(office)
    page = client.get(page_of(code_of(office, sam))).text
    assert '<button type="submit" class="primary door-in">Inchecken' in page
    token = form_token(page)
    pressed = client.post(f"{page_of(code_of(office, sam))}/binnen", data={"csrf_token": token})
    assert pressed.status_code == 303
    after = text_of(client.get(pressed.headers["location"]).text)
    assert "Ingecheckt." in after and "Sam is al ingecheckt, om 13:50." in after
    seat = registration(office, sam)
    assert (seat.status, seat.attended_at) == (RegistrationStatus.ATTENDED, ON_THE_DAY)

    clock.now = local_time(2026, 12, 12, 13, 55)  # a second phone, or a stale page
    twice = client.post(f"{page_of(code_of(office, sam))}/binnen", data={"csrf_token": token})
    shown = text_of(client.get(twice.headers["location"]).text)
    assert "Dit kind was al ingecheckt; er is niets veranderd." in shown
    assert "Sam is al ingecheckt, om 13:50." in shown and "Ongedaan maken" in shown
    assert registration(office, sam).attended_at == ON_THE_DAY

    undone = client.post(f"{page_of(code_of(office, sam))}/ongedaan", data={"csrf_token": token})
    back = text_of(client.get(undone.headers["location"]).text)
    assert "Het inchecken is ongedaan gemaakt." in back
    assert "Sam heeft een plek en is nog niet binnen." in back
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    with office.db.transaction() as session:
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert [a for a in actions if a.startswith("checkin")] == ["checkin.code", "checkin.undo"]


def test_before_the_day_it_says_when_and_changes_nothing(office: Engine) -> None:  # noqa: F811
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    client, _ = at_the_door(office, moment=local_time(2026, 12, 11, 18, 0))
    page = client.get(page_of(code_of(office, sam))).text
    assert "Inchecken kan vanaf zaterdag 12 december." in text_of(page)
    assert 'class="primary door-in"' not in page and '/binnen"' not in page
    tried = client.post(
        f"{page_of(code_of(office, sam))}/binnen", data={"csrf_token": form_token(page)}
    )
    assert "De binnenkomst is niet open" in text_of(client.get(tried.headers["location"]).text)
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED


def test_a_cancelled_seat_has_no_button(office: Engine) -> None:  # noqa: F811
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    with office.db.transaction() as session:
        session.get(Registration, sam).status = RegistrationStatus.CANCELLED
    client, _ = at_the_door(office)
    page = client.get(page_of(code_of(office, sam))).text
    assert "Sam heeft geen plek bij deze activiteit" in text_of(page)
    assert 'class="primary door-in"' not in page and '/binnen"' not in page


def test_scope_as_at_the_door_and_unknown_codes(office: Engine) -> None:  # noqa: F811
    sam = at_the_desk(office, "ws-snorkelen", "Sam")
    code = code_of(office, sam)
    with office.db.transaction() as session:
        session.add(Library(id="anderstad", name="Bieb Anderstad", city="Anderstad", address="-"))
    with office.db.transaction() as session:
        staff.add_staff(session, ELSEWHERE, "staff", "anderstad")
    for outsider in (OTHER_PARTNER, ELSEWHERE):  # another partner's event, another library
        client, _ = at_the_door(office, outsider)
        token = form_token(client.get("/beheer").text)
        assert client.get(page_of(code)).status_code == 404
        refused = client.post(f"{page_of(code)}/binnen", data={"csrf_token": token})
        assert refused.status_code == 404
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED

    own, _ = at_the_door(office, PARTNER)  # sportbedrijf runs the snorkelling
    for wrong in ("verzonnen-code", "x" * 40, code.swapcase()):
        assert own.get(page_of(wrong)).status_code == 404
    page = own.get(page_of(code)).text
    forged = own.post(f"{page_of(code)}/binnen", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    assert registration(office, sam).status == RegistrationStatus.CONFIRMED
    own.post(f"{page_of(code)}/binnen", data={"csrf_token": form_token(page)})
    assert registration(office, sam).status == RegistrationStatus.ATTENDED


@pytest.mark.parametrize("path", ["/beheer/inloggen", "https://evil.example/x", "//evil.example"])
def test_only_a_page_of_the_back_office_is_returned_to(office: Engine, path: str) -> None:  # noqa: F811
    client, _ = office_client(office)
    client.cookies.set("talentbot_terug", path, path="/beheer")
    link = link_for(office, LIBRARIAN)
    pressed = client.post("/beheer/inloggen", data={"token": token_of(link)})
    assert pressed.headers["location"] == "/beheer"
    sign_in(client, office, LIBRARIAN)  # the helper's own check: to /beheer


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        yield emulator


@pytest.mark.parametrize("telegram", ["TalentBot", None])
def test_on_whatsapp_the_code_opens_telegram_when_the_deployment_has_it(
    any_engine: Engine, api: WhatsAppEmulator, telegram: str | None
) -> None:
    """Through the WhatsApp channel and its emulator: with TALENTBOT_TELEGRAM_USERNAME the
    image holds the Telegram link (staff check in there); without it, the back-office page."""
    engine = clocked(any_engine)
    engine.office_address = OFFICE_ADDRESS
    settings = replace(whatsapp_settings(engine, api), telegram_username=telegram)
    with whatsapp_bot(engine, api, settings) as bot:
        family = WhatsAppDriver(api, bot)
        run(family, [*GREETING, *AGENDA, *REGISTER])
        [image] = [m for m in family.messages if m.kind == "image"]
        content = api.media(image.payload["image"]["id"]).content
    with engine.db.transaction() as session:
        code = session.scalars(select(Registration.checkin_code)).one()
    expected = (
        f"https://t.me/{telegram}?start=ci_{code}"
        if telegram
        else f"{OFFICE_ADDRESS}/beheer/inchecken/{code}"
    )
    # the same code, redrawn as the 8-bit RGB PNG that WhatsApp takes
    assert content[24:26] == b"\x08\x02"
    assert pixels(content) == pixels(qr_png(expected))


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size, image.convert("L").tobytes()
