"""The back-office in Debian's Chromium: what a librarian and a partner do and see, by mouse
and by keyboard, and axe-core at phone and desktop width (tests/browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import func, select

from bot.db.models import WebSession
from bot.engine.core import Engine
from tests.browser import (
    Site,
    assert_accessible,
    assert_touch_targets,
    check_widths,
    new_page,
    serve,
    sign_in,
)

LIBRARIAN, PARTNER = "7100", "7200"
EXPIRED = "Deze inloglink is verlopen of al gebruikt."
MAX_TABS = 15  # the search field is well within this many Tab presses


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    with serve(engine) as served:
        served.add_member(LIBRARIAN, "staff")
        served.add_member(PARTNER, "partner", "sportbedrijf")
        yield served


def titles(page: Page) -> Locator:
    """The agenda's title cells, top to bottom."""
    return page.locator("table.agenda tbody td:nth-child(2)")


def test_a_librarian_signs_in_with_a_link_and_sees_the_agenda(page: Page, site: Site) -> None:
    page.goto(site.link(LIBRARIAN))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_text("Druk op de knop om in te loggen")).to_be_visible()
    page.get_by_role("button", name="Inloggen").click()

    expect(page).to_have_url(f"{site.url}/beheer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.locator(".who")).to_contain_text("Medewerker")
    expect(titles(page)).to_have_text(
        [
            "Snorkelen proberen",
            "Saxofoon spelen",
            "Schermtijd en social media",
            "Talentendag",
            "Schaken voor beginners",
            "Saxofoon op de talentendag",
            "Snorkelen op de talentendag",
        ]
    )
    first = page.locator("table.agenda tbody tr").first
    expect(first).to_contain_text("0 van 10")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["talentbot_beheer"]["httpOnly"] is True
    assert cookies["talentbot_beheer"]["sameSite"] == "Lax"


def test_a_used_link_opened_again_says_it_expired(browser: Browser, site: Site) -> None:
    link = site.link(LIBRARIAN)
    with new_page(browser) as first:
        first.goto(link)
        first.get_by_role("button", name="Inloggen").click()
        expect(first).to_have_url(f"{site.url}/beheer")
    with new_page(browser) as second:
        opened = second.goto(link)
        assert opened is not None and opened.status == 410
        expect(second.get_by_role("alert")).to_have_text(EXPIRED)
        expect(second.get_by_role("button", name="Inloggen")).to_have_count(0)
        second.goto(f"{site.url}/beheer")  # no session: back to the sign-in page
        expect(second).to_have_url(f"{site.url}/beheer/inloggen")
        expect(second.get_by_text("Stuur /beheer in de medewerkerschat")).to_be_visible()
    with site.engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WebSession)) == 1


def test_the_partner_sees_only_their_own_events(page: Page, site: Site) -> None:
    sign_in(page, site, PARTNER)
    expect(page.locator(".who")).to_contain_text("Partner")
    expect(titles(page)).to_have_text(["Snorkelen proberen", "Snorkelen op de talentendag"])
    page.get_by_label("Zoek op titel of datum").fill("saxofoon")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_have_text("0 activiteiten gevonden voor ‘saxofoon’.")
    expect(page.locator("table.agenda")).to_have_count(0)


def test_the_agenda_counts_seats_and_the_waiting_list(page: Page, site: Site) -> None:
    statuses = site.register("ws-snorkelen", 12)
    assert statuses == ["confirmed"] * 10 + ["waitlisted"] * 2
    site.register("ws-saxofoon", 1)
    sign_in(page, site, LIBRARIAN)
    snorkelen = page.get_by_role("row").filter(has_text="Snorkelen proberen")
    expect(snorkelen.get_by_role("cell")).to_have_text(
        [
            "zaterdag 12 december, 14:00–15:30",
            "Snorkelen proberen",
            "Zwembad De Golf",
            "10 van 10",
            "2",
            "0",
        ]
    )
    saxofoon = page.get_by_role("row").filter(has_text="Saxofoon spelen")
    expect(saxofoon.get_by_role("cell").nth(3)).to_have_text("1 van 2")
    expect(saxofoon.get_by_role("cell").nth(4)).to_have_text("0")


def test_the_keyboard_reaches_the_skip_link_first_and_searches(page: Page, site: Site) -> None:
    sign_in(page, site, LIBRARIAN)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until focused, then on screen
    assert _focus_ring(page) != "none"
    page.keyboard.press("Enter")  # past the menu, to the page's own content
    expect(page.locator("main")).to_be_focused()

    search = page.get_by_label("Zoek op titel of datum")
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        # Every stop on the way is visible and shows where the focus is.
        assert _focused(page)["visible"], _focused(page)
        assert _focus_ring(page) != "none", _focused(page)
        if search.evaluate("field => field === document.activeElement"):
            break
    expect(search).to_be_focused()
    page.keyboard.type("snorkel")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site.url}/beheer?zoek=snorkel")
    expect(page.get_by_role("status")).to_have_text("2 activiteiten gevonden voor ‘snorkel’.")
    expect(titles(page)).to_have_text(["Snorkelen proberen", "Snorkelen op de talentendag"])


def test_sign_in_page_and_agenda_pass_axe_at_phone_and_desktop_width(
    page: Page, site: Site
) -> None:
    site.register("ws-snorkelen", 12)  # a full workshop with a waiting list, as in a season
    site.register("ws-saxofoon", 1)
    page.goto(site.link(LIBRARIAN))
    check_widths(page, "signin")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    check_widths(page, "agenda")
    page.get_by_label("Zoek op titel of datum").fill("snorkel")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("2 activiteiten")
    check_widths(page, "agenda-search")


def test_the_checks_fail_with_a_readable_list(browser: Browser) -> None:
    """The helpers every page test relies on do fail: on a page with an unlabelled field,
    grey-on-white text and a small button."""
    with new_page(browser) as page:
        page.set_content(
            '<html lang="nl"><head><title>Fout</title><style>p { color: #bbb }'
            " button { height: 20px }</style></head><body><main><h1>Fout</h1>"
            '<p>Lichtgrijs</p><input id="naamloos"><button>Ok</button></main></body></html>'
        )
        with pytest.raises(AssertionError) as axe:
            assert_accessible(page)
        report = str(axe.value)
        assert "- label (critical): Form elements must have labels" in report
        assert "at #naamloos:" in report
        assert "- color-contrast (serious)" in report and "at p:" in report
        with pytest.raises(AssertionError) as targets:
            assert_touch_targets(page)
        assert 'button "Ok"' in str(targets.value) and "x20" in str(targets.value)


def _focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const el = document.activeElement, box = el.getBoundingClientRect();
            return {tag: el.tagName, text: el.innerText || el.name || '',
                    visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0};
        }"""
    )


def _focus_ring(page: Page) -> str:
    """The focused element's outline style: `none` means no visible focus indicator."""
    return page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
