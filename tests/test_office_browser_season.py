"""A season run from the browser (issue 17's "Done when"), in Debian's Chromium against the
real web app: a librarian signs in with a link, adds a workshop, a family finds it in the
bot (the real engine, on the same database) and registers a child, the librarian moves the
workshop (preview, confirm: the outbox tells the family), checks the child in at the door at
phone width, broadcasts and watches the delivery, and reads the figures. A partner sees only
their own events. axe-core on every page: tests/test_office_browser_pages.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.db.models import Event, OutboxMessage, Registration
from bot.db.states import RegistrationStatus
from bot.engine.core import Engine
from tests.browser import WIDTHS, Site, serve, sign_in
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import RecordingChannel, local_time

LIBRARIAN, PARTNER, FAMILY = "7100", "7200", "8001"
WORKSHOP = "ws-schaken-in-de-kerstvakantie-2026-12-16"
TITLE = "Schaken in de kerstvakantie"
NEWS = "Neem zaterdag je eigen schaakbord mee als je er een hebt!"
POLL_MS = 6_000  # broadcast.js asks for the progress every two seconds


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    with serve(engine) as served:
        served.add_member(LIBRARIAN, "staff")
        served.add_member(PARTNER, "partner", "sportbedrijf")
        yield served


def test_a_librarian_runs_a_season_from_the_browser(page: Page, site: Site) -> None:
    sign_in(page, site, LIBRARIAN)
    adds_a_workshop(page, site)
    a_family_registers_in_the_chat(site)
    page.reload()  # the event page the librarian had open
    child = page.get_by_role("row").filter(has_text="Daan")
    expect(child.get_by_role("cell")).to_have_text(["10", "bevestigd", "", re.compile("Afmelden")])
    expect(page.locator("dl.counts")).to_contain_text("1 van 6")
    phone = RecordingChannel()
    moves_it(page, site, phone)
    checks_the_child_in_at_the_door(page, site)
    broadcasts_and_watches_the_delivery(page, site, phone)
    reads_the_figures(page)


def adds_a_workshop(page: Page, site: Site) -> None:
    """The form filled as a person does: clicks, typing, choosing from the lists; then the
    workshop is on its own page and in the agenda, and in the database as made on the web."""
    page.get_by_role("link", name="Nieuwe activiteit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe activiteit")
    page.get_by_label("Titel (verplicht)", exact=True).click()
    page.keyboard.type(TITLE)
    page.get_by_label("Hobby").select_option(label="Schaken")
    page.get_by_label("Partner").select_option(label="Bibliotheek Teststad")
    page.get_by_label("Begin (verplicht)").fill("2026-12-16T14:00")
    page.get_by_label("Einde (verplicht)").fill("2026-12-16T15:30")
    page.get_by_label("Plek (verplicht)").select_option(label="Bibliotheek Teststad")
    page.get_by_label("Leeftijd vanaf").fill("8")
    page.keyboard.press("Tab")  # on to the next field, as with a keyboard
    page.keyboard.type("12")
    page.get_by_label("Aantal plekken").fill("6")
    page.get_by_role("button", name="Opslaan").click()

    expect(page).to_have_url(re.compile(rf"/beheer/activiteit/{WORKSHOP}\?melding="))
    expect(page.get_by_role("status")).to_have_text("De activiteit staat in de agenda.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("dl.facts")).to_contain_text("woensdag 16 december, 14:00–15:30")
    expect(page.locator("dl.facts")).to_contain_text("8 tot en met 12 jaar")
    expect(page.get_by_text("Nog niemand ingeschreven.")).to_be_visible()
    with site.engine.db.transaction() as session:
        made = session.get(Event, WORKSHOP)
        assert made is not None
        stored = (made.activity_slug, made.partner_id, made.location_id, made.capacity)
        assert stored == ("schaken", "bieb", "bieb-plein", 6)
        assert (made.min_age, made.max_age, made.edited_by) == (8, 12, f"web:{LIBRARIAN}")

    page.get_by_role("link", name="Agenda", exact=True).click()
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell")).to_have_text(
        ["woensdag 16 december, 14:00–15:30", TITLE, "Bibliotheek Teststad", "0 van 6", "0", "0"]
    )
    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def a_family_registers_in_the_chat(site: Site) -> None:
    """A parent on Telegram finds the new workshop in the bot's agenda and registers Daan:
    the real engine on the database the served app uses."""
    parent = ChatUser(site.engine, FAMILY, channel="telegram")
    check_dialog(
        parent,
        [
            Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["ouder"]),
            Step(press="ouder", messages=2, says=["als ouder of verzorger"]),
            Step(
                send="/agenda",
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=["Workshops voor kinderen (3)"],
            ),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=[f"{TITLE}\n📅 woensdag 16 december, 14:00–15:30", "Nog 6 plekken vrij"],
                buttons=[f"wo 16 dec · {TITLE}"],
            ),
            Step(press=TITLE, messages=1, says=["🎂 8 tot 12 jaar"], buttons=["Inschrijven"]),
            Step(press="Inschrijven", messages=1, says=["Ga je akkoord?"]),
            Step(press="Akkoord", messages=2, says=["Wat is de voornaam van je kind?"]),
            Step(send="Daan", messages=1, says=["Hoe oud is Daan?"]),
            Step(
                send="10",
                messages=2,
                says=["Daan (10) is toegevoegd.", "Klopt dat?"],
                buttons=["Ja, inschrijven"],
            ),
            Step(
                press="Ja, inschrijven",
                messages=2,
                files=["*.ics", "check-in.png"],
                says=[f"Daan staat ingeschreven voor {TITLE}!"],
            ),
        ],
    )
    with site.engine.db.transaction() as session:
        statuses = session.scalars(
            select(Registration.status).where(Registration.event_id == WORKSHOP)
        )
        assert list(statuses) == [RegistrationStatus.CONFIRMED]


def moves_it(page: Page, site: Site, phone: RecordingChannel) -> None:
    """Moved to the Saturday: the preview says who is told, the confirmation writes the
    family's message in the outbox, and the dispatcher delivers it to their phone."""
    page.get_by_role("link", name="Verplaatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{TITLE} verplaatsen")
    page.get_by_label("Nieuwe dag en begintijd").fill("2026-12-19T14:00")
    page.get_by_role("button", name="Bekijk wie bericht krijgt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{TITLE} verplaatsen: wie krijgt bericht?"
    )
    expect(page.get_by_text("Nieuw: zaterdag 19 december, 14:00–15:30")).to_be_visible()
    told = page.get_by_role("region", name="Wie krijgt bericht")
    expect(told.get_by_role("listitem")).to_have_text(["1 gezin krijgt bericht via Telegram."])
    assert outbox_for(site, FAMILY, "event_changed") == []  # a preview tells nobody
    page.get_by_role("button", name="Ja, verplaatsen").click()

    expect(page.get_by_role("status")).to_have_text(
        "De activiteit is verplaatst. Gezinnen krijgen bericht."
    )
    expect(page.locator("dl.facts")).to_contain_text("zaterdag 19 december, 14:00–15:30")
    assert outbox_for(site, FAMILY, "event_changed") == ["pending"]
    assert site.deliver(phone).sent == 1
    assert outbox_for(site, FAMILY, "event_changed") == ["sent"]
    assert "zaterdag 19 december" in phone.texts(FAMILY)


def outbox_for(site: Site, chat_id: str, kind: str) -> list[str]:
    with site.engine.db.transaction() as session:
        query = select(OutboxMessage.state).where(
            OutboxMessage.chat_id == chat_id, OutboxMessage.kind == kind
        )
        return [str(state) for state in session.scalars(query.order_by(OutboxMessage.id))]


def checks_the_child_in_at_the_door(page: Page, site: Site) -> None:
    """On the day, on a phone: "Binnen", the row says so and the database too; undo; in.
    The session of November is long over (8 hours): the librarian signs in again."""
    site.clock.now = local_time(2026, 12, 19, 13, 50)
    page.set_viewport_size(WIDTHS["phone"])
    sign_in(page, site, LIBRARIAN)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Binnenkomst (inchecken)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Binnenkomst: {TITLE}")
    expect(page.locator("#door-count")).to_have_text("0 van 1 binnen")
    row = page.locator("li.door-row").filter(has_text="Daan")
    row.get_by_role("button", name="Binnen – Daan (10)").click()
    expect(row).to_contain_text("✓ is binnen")
    expect(page.locator("#door-count")).to_have_text("1 van 1 binnen")
    expect(page.locator("#door-live")).to_have_text("Ingecheckt.")
    assert attendance(site) == [RegistrationStatus.ATTENDED]

    row.get_by_role("button", name="Ongedaan maken – inchecken van Daan").click()
    expect(row.get_by_role("button", name="Binnen – Daan (10)")).to_be_visible()
    expect(page.locator("#door-count")).to_have_text("0 van 1 binnen")
    expect(page.locator("#door-live")).to_have_text("Het inchecken is ongedaan gemaakt.")
    assert attendance(site) == [RegistrationStatus.CONFIRMED]

    row.get_by_role("button", name="Binnen – Daan (10)").click()  # Daan is here after all
    expect(row).to_contain_text("✓ is binnen")
    assert attendance(site) == [RegistrationStatus.ATTENDED]
    page.set_viewport_size(WIDTHS["desktop"])


def attendance(site: Site) -> list[str]:
    with site.engine.db.transaction() as session:
        query = select(Registration.status).where(Registration.event_id == WORKSHOP)
        return list(session.scalars(query))


def broadcasts_and_watches_the_delivery(page: Page, site: Site, phone: RecordingChannel) -> None:
    """The count as the librarian chooses, the preview, one confirmation; the broadcast's
    page follows the outbox by itself (broadcast.js) until the delivery report shows."""
    page.get_by_role("link", name="Omroepen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omroepen")
    page.get_by_label("Naar wie gaat het bericht?").select_option(label="Alle gezinnen")
    expect(page.locator("#bereik")).to_have_text("Dit bericht gaat naar 1 gezin.")
    page.get_by_label("Bericht", exact=True).fill(NEWS)
    page.get_by_role("button", name="Voorbeeld bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voorbeeld van het bericht")
    expect(page.locator(".message")).to_have_text(NEWS)
    page.get_by_role("button", name="Versturen naar 1 gezin").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Omroepbericht")
    summary = page.locator(".summary")
    expect(summary).to_have_text("Bezig: 0 van 1 bericht verwerkt.")
    expect(page.get_by_role("heading", name="Afleverrapport")).to_have_count(0)
    assert outbox_for(site, FAMILY, "broadcast") == ["pending"]
    site.deliver(phone)
    expect(summary).to_have_text("Klaar: het bericht is verwerkt.", timeout=POLL_MS)
    expect(page.get_by_role("heading", name="Afleverrapport")).to_be_visible(timeout=POLL_MS)
    expect(page.locator("dl.report")).to_contain_text("Verstuurd: 1")
    assert outbox_for(site, FAMILY, "broadcast") == ["sent"]
    assert NEWS in phone.texts(FAMILY)


def reads_the_figures(page: Page) -> None:
    """The figures of /rapport: Daan is the one child reached, there, in the new workshop."""
    page.get_by_role("link", name="Cijfers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cijfers")
    totals = page.get_by_role("table", name="De cijfers van de gekozen periode")
    for label, value in (("Kinderen bereikt", "1"), ("Aanwezig", "1"), ("Opkomst", "100%")):
        expect(totals.get_by_role("row", name=f"{label} {value}", exact=True)).to_be_visible()
    # Per workshop: date, workshop, children, there, not come, average rating.
    workshop = f"zaterdag 19 december 2026 {TITLE} 1 1 0 –"
    expect(page.get_by_role("row", name=workshop, exact=True)).to_be_visible()


# --- A partner's scope -------------------------------------------------------------------------

NOT_FOUND = "Deze pagina bestaat niet, of je mag hem niet zien."


def test_a_partner_cannot_see_another_partners_event(page: Page, site: Site) -> None:
    sign_in(page, site, PARTNER)
    expect(page.locator("table.agenda tbody td:nth-child(2)")).to_have_text(
        ["Snorkelen proberen", "Snorkelen op de talentendag"]
    )
    # Typed by hand: the library's workshop, its door and its move form, and an id that does
    # not exist give the same 404 page, so an id reveals nothing.
    for path in (
        "/beheer/activiteit/ws-saxofoon",
        "/beheer/activiteit/ws-saxofoon/binnenkomst",
        "/beheer/activiteit/ws-saxofoon/verplaatsen",
        "/beheer/activiteit/bestaat-niet",
    ):
        opened = page.goto(f"{site.url}{path}")
        assert opened is not None and opened.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text(NOT_FOUND)
        expect(page.get_by_text("Saxofoon")).to_have_count(0)
    page.get_by_role("link", name="Terug naar de agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    page.goto(f"{site.url}/beheer/activiteit/ws-snorkelen")  # their own opens
    expect(page.get_by_role("heading", level=1)).to_have_text("Snorkelen proberen")
