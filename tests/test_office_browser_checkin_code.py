"""The back-office's check-in page of a scanned code, in Debian's Chromium at phone width
(390 px): opened before signing in, it comes back after the sign-in link; one press on
"Inchecken", then "already checked in at HH:MM" with undo; axe-core on each state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.db.models import Registration
from bot.db.states import RegistrationStatus
from bot.engine.core import Engine
from tests.browser import WIDTHS, Site, assert_accessible, assert_touch_targets, serve
from tests.office import Clock
from tests.test_office_event_door import ON_THE_DAY

LIBRARIAN = "7100"
IN = "Inchecken – Daan (10)"  # the button, with the name a screen reader hears


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    with serve(engine, Clock(ON_THE_DAY)) as served:
        served.add_member(LIBRARIAN, "staff")
        yield served


def _seat(site: Site) -> Registration:
    with site.engine.db.transaction() as session:
        seat = session.scalars(select(Registration)).one()
        session.expunge(seat)
        return seat


def _phone_checks(page: Page) -> None:
    assert_accessible(page)
    assert_touch_targets(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]["width"]


def test_a_scanned_code_checks_the_child_in_at_phone_width(page: Page, site: Site) -> None:
    assert site.register("ws-snorkelen", 1) == ["confirmed"]
    code = _seat(site).checkin_code
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"{site.url}/beheer/inchecken/{code}")  # the camera opens it: no session yet
    expect(page).to_have_url(f"{site.url}/beheer/inloggen")
    page.goto(site.link(LIBRARIAN))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{site.url}/beheer/inchecken/{code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inchecken: Daan")
    expect(page.get_by_text("Daan heeft een plek en is nog niet binnen.")).to_be_visible()
    _phone_checks(page)

    page.get_by_role("button", name=IN, exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Ingecheckt.")
    expect(page.get_by_text("Daan is al ingecheckt, om 13:50.")).to_be_visible()
    expect(page.get_by_role("button", name=IN, exact=True)).to_have_count(0)
    assert _seat(site).status == RegistrationStatus.ATTENDED
    _phone_checks(page)

    page.goto(f"{site.url}/beheer/inchecken/{code}")  # a second scan
    expect(page.get_by_text("Daan is al ingecheckt, om 13:50.")).to_be_visible()
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.get_by_role("status")).to_have_text("Het inchecken is ongedaan gemaakt.")
    expect(page.get_by_role("button", name=IN, exact=True)).to_be_visible()
    assert _seat(site).status == RegistrationStatus.CONFIRMED
    page.get_by_role("link", name="Naar de binnenkomstlijst van deze activiteit").click()
    expect(page).to_have_url(f"{site.url}/beheer/activiteit/ws-snorkelen/binnenkomst")
