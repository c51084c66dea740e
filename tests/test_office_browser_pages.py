"""axe-core on every back-office page, in Debian's Chromium at phone and desktop width
(`check_widths` in tests/browser.py: no serious or critical violation, touch targets of 44 px,
no sideways scrolling), with the data of a season: a full workshop with a waiting list,
children checked in at the door, a delivered broadcast, marks and a comment. The main pages'
screenshots for the README are made here (TALENTBOT_SCREENSHOTS)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.db.models import Event, Family, Registration
from bot.engine.core import Engine
from bot.services import checkin, feedback
from tests.browser import Site, check_widths, serve, sign_in
from tests.test_notifications import RecordingChannel, local_time

LIBRARIAN = "7100"
NEWS = "Neem zaterdag je eigen zwembril mee als je er een hebt!"
POLL_MS = 6_000  # broadcast.js asks for the progress every two seconds


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    with serve(engine) as served:
        served.add_member(LIBRARIAN, "staff")
        yield served


SNORKELEN = "/beheer/activiteit/ws-snorkelen"


def test_the_event_pages_pass_axe_at_both_widths(page: Page, site: Site) -> None:
    """With a full workshop and a waiting list, as in a season."""
    site.register("ws-snorkelen", 12)
    site.register("ws-saxofoon", 1)
    sign_in(page, site, LIBRARIAN)
    check_widths(page, "agenda", screenshot=False)  # test_office_browser.py saves it
    page.goto(f"{site.url}{SNORKELEN}")
    check_widths(page, "event")
    page.goto(f"{site.url}/beheer/activiteit/nieuw")
    check_widths(page, "event-form")
    page.get_by_role("button", name="Opslaan").click()  # nothing filled in
    expect(page.get_by_role("alert")).to_contain_text("dingen om te verbeteren")
    check_widths(page, "event-form-problems", screenshot=False)

    page.goto(f"{site.url}{SNORKELEN}/verplaatsen")
    check_widths(page, "move", screenshot=False)
    page.get_by_label("Nieuwe dag en begintijd").fill("2026-11-01T14:00")
    page.get_by_role("button", name="Bekijk wie bericht krijgt").click()
    expect(page.get_by_role("alert")).to_be_visible()  # a day in the past
    check_widths(page, "move-problem", screenshot=False)
    page.get_by_label("Nieuwe dag en begintijd").fill("2026-12-19T14:00")
    page.get_by_role("button", name="Bekijk wie bericht krijgt").click()
    expect(page.get_by_role("button", name="Ja, verplaatsen")).to_be_visible()
    check_widths(page, "move-preview", screenshot=False)

    page.goto(f"{site.url}{SNORKELEN}/afgelasten")
    expect(page.get_by_role("button", name="Ja, afgelasten")).to_be_visible()
    check_widths(page, "cancel-preview", screenshot=False)
    page.goto(f"{site.url}{SNORKELEN}")
    page.get_by_role("link", name="Afmelden Noah").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_widths(page, "registration-cancel", screenshot=False)
    page.goto(f"{site.url}{SNORKELEN}/afdrukken")
    check_widths(page, "print", screenshot=False)
    opened = page.goto(f"{site.url}/beheer/activiteit/bestaat-niet")
    assert opened is not None and opened.status == 404
    check_widths(page, "not-found", screenshot=False)


def test_the_door_passes_axe_at_both_widths(page: Page, site: Site) -> None:
    site.register("ws-snorkelen", 12)
    site.clock.now = local_time(2026, 12, 12, 13, 50)
    sign_in(page, site, LIBRARIAN)
    page.goto(f"{site.url}{SNORKELEN}/binnenkomst")
    for name in ("Daan", "Emma", "Noah"):
        row = page.locator("li.door-row").filter(has_text=name)
        row.get_by_role("button", name=f"Binnen – {name} (10)").click()
        expect(row).to_contain_text("✓ is binnen")
    expect(page.locator("#door-count")).to_have_text("3 van 10 binnen")
    page.reload()  # as the page comes from the server, the notice too
    check_widths(page, "door")


def test_the_broadcast_and_figures_pages_pass_axe_at_both_widths(page: Page, site: Site) -> None:
    site.register("ws-snorkelen", 12)
    sign_in(page, site, LIBRARIAN)
    page.goto(f"{site.url}/beheer/omroepen")
    page.get_by_label("Naar wie gaat het bericht?").select_option(label="Alle gezinnen")
    expect(page.locator("#bereik")).to_have_text("Dit bericht gaat naar 12 gezinnen.")
    check_widths(page, "broadcast", screenshot=False)
    page.get_by_role("button", name="Voorbeeld bekijken").click()  # no text yet
    expect(page.get_by_role("alert")).to_contain_text("Typ eerst een bericht.")
    check_widths(page, "broadcast-problem", screenshot=False)
    page.get_by_label("Bericht", exact=True).fill(NEWS)
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    check_widths(page, "broadcast-preview", screenshot=False)
    page.get_by_role("button", name="Versturen naar 12 gezinnen").click()
    expect(page.locator(".summary")).to_have_text("Bezig: 0 van 12 berichten verwerkt.")
    check_widths(page, "broadcast-busy", screenshot=False)
    site.deliver(RecordingChannel())
    expect(page.get_by_role("heading", name="Afleverrapport")).to_be_visible(timeout=POLL_MS)
    check_widths(page, "broadcast-status")

    site.clock.now = local_time(2026, 12, 12, 16, 0)  # after the workshop
    rated(site, "ws-snorkelen", [9, 8, 10, 7])
    sign_in(page, site, LIBRARIAN)
    page.get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("row", name="Aanwezig 4", exact=True)).to_be_visible()
    check_widths(page, "figures")


def rated(site: Site, event_id: str, marks: list[int]) -> None:
    """The first children came and gave these marks, and one family said something, as
    through the chat's rating question after the workshop."""
    now = site.clock()
    with site.engine.db.transaction() as session:
        query = select(Registration).where(Registration.event_id == event_id)
        came = list(session.scalars(query.order_by(Registration.id).limit(len(marks))))
        for registration, mark in zip(came, marks, strict=True):
            checkin.arrive(registration, now)
            registration.rating = mark
        family = session.get(Family, came[0].family_id)
        assert family is not None
        event = session.get(Event, event_id)
        feedback.give_feedback(session, family, "Leuk, ze wil op zwemles!", now, event)
