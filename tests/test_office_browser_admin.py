"""axe-core on the back-office pages for the library's own staff and its admins: the questions
inbox and a question, staff management and its removal step, the audit log, and the
catalogue (overview, a list, a form, the form with its problems), in Debian's Chromium at
phone and desktop width (`check_widths`: no serious or critical violation, 44 px targets, no
sideways scrolling); and a question answered in the browser reaches the family's outbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.db.models import OutboxMessage, Question
from bot.db.states import OutboxKind
from bot.engine.core import Engine
from bot.services import handoff
from bot.services.families import get_or_create_family
from tests.browser import Site, check_widths, serve, sign_in
from tests.office import NOW

ADMIN, PARTNER = "7000", "7200"
QUESTION = "Mag mijn zoon zijn eigen zwembril meenemen naar het snorkelen?"


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    with serve(engine) as served:
        served.add_member(ADMIN, "admin")
        served.add_member(PARTNER, "partner", "sportbedrijf")
        yield served


def _ask(engine: Engine) -> int:
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "telegram", "601", language="nl", now=NOW)
        family.library_id = "teststad"
        return handoff.ask_question(session, family, QUESTION, NOW).id


def test_a_question_is_answered_in_the_browser_and_the_pages_pass_axe(
    page: Page, site: Site, engine: Engine
) -> None:
    question_id = _ask(engine)
    sign_in(page, site, ADMIN)
    page.get_by_role("link", name="Vragen").first.click()
    check_widths(page, "questions", screenshot=False)
    page.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    check_widths(page, "question", screenshot=False)
    page.get_by_role("textbox").fill("Ja, neem hem gerust mee!")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_be_visible()
    with engine.db.transaction() as session:
        assert session.get(Question, question_id).answer == "Ja, neem hem gerust mee!"
        kinds = [m.kind for m in session.scalars(select(OutboxMessage))]
    assert kinds.count(OutboxKind.LIBRARIAN_ANSWER) == 1


def test_staff_management_and_the_log_pass_axe(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    page.goto(f"{site.url}/beheer/medewerkers")
    check_widths(page, "staff")
    page.get_by_role("link", name=f"Verwijderen voor {PARTNER}").click()
    check_widths(page, "staff-remove", screenshot=False)
    page.goto(f"{site.url}/beheer/logboek")
    check_widths(page, "audit-log", screenshot=False)


def test_the_catalogue_pages_pass_axe(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    page.goto(f"{site.url}/beheer/catalogus")
    check_widths(page, "catalogue", screenshot=False)
    page.goto(f"{site.url}/beheer/catalogus/hobbys")
    check_widths(page, "catalogue-list", screenshot=False)
    page.goto(f"{site.url}/beheer/catalogus/hobbys/snorkelen")
    check_widths(page, "catalogue-form")
    page.goto(f"{site.url}/beheer/catalogus/vakanties/nieuw")
    page.get_by_role("button", name="Toevoegen").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_be_visible()
    check_widths(page, "catalogue-form-problems", screenshot=False)


def test_a_partner_gets_the_404_page_on_the_librarys_own_pages(page: Page, site: Site) -> None:
    sign_in(page, site, PARTNER)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Vragen")).to_have_count(0)
    for path in ("/beheer/vragen", "/beheer/medewerkers", "/beheer/logboek", "/beheer/catalogus"):
        response = page.goto(f"{site.url}{path}")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Deze pagina bestaat niet, of je mag hem niet zien."
        )
