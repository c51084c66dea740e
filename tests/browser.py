"""The back-office in a real browser: the real web app served by uvicorn on 127.0.0.1 (a free
port, a background thread) over a real database, and Debian's Chromium driven by Playwright.
Signing in is done the way a librarian does it: open the link, press the button.

`assert_accessible(page)` runs axe-core and fails on serious or critical violations;
`check_widths(page, name)` does that at phone and desktop width and, when
TALENTBOT_SCREENSHOTS names a folder, saves `<name>-phone.png` and `<name>-desktop.png` there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright

from bot.app import App
from bot.engine.core import Engine
from bot.outbox.dispatch import DispatchReport
from bot.services import registrations, staff, web_sign_in
from bot.services.families import add_child, get_or_create_family, give_consent
from bot.web.server import Server, server, web_app
from tests.conftest import settings_for
from tests.office import Clock
from tests.test_notifications import RecordingChannel, dispatch

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright downloads no browser
SCREENSHOTS = "TALENTBOT_SCREENSHOTS"
WIDTHS: dict[str, ViewportSize] = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
BLOCKING = ("serious", "critical")
# What a finger presses, bar links inside running text (WCAG exempts those), and checkboxes
# and radio buttons, whose label is the target.
TARGETS = (
    "button, select, textarea, a.button, header a, nav a,"
    " input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
TARGET_PX = 44
CHILDREN = ("Daan", "Emma", "Noah", "Julia", "Sem", "Mila", "Lucas", "Tess", "Finn", "Zoë")
TIMEOUT_MS = 5_000  # a page here answers in milliseconds; a failure should not wait 30 s
START_SECONDS = 10


@contextmanager
def chromium() -> Iterator[Browser]:
    """One headless Chromium (a test module shares it; each test gets its own context)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Site:
    """The served back-office: its address, its database (through the engine), its clock."""

    engine: Engine
    url: str
    clock: Clock

    def link(self, telegram_id: str) -> str:
        """A new sign-in link for this staff member, as /beheer in the staff chat makes one."""
        with self.engine.db.transaction() as session:
            member = staff.staff_member(session, telegram_id)
            assert member is not None, f"{telegram_id} is not staff"
            return web_sign_in.create_link(session, member, self.url, self.clock())

    def add_member(self, telegram_id: str, role: str, partner: str | None = None) -> None:
        with self.engine.db.transaction() as session:
            staff.add_staff(session, telegram_id, role, "teststad", partner)

    def register(self, event_id: str, count: int, age: int = 10) -> list[str]:
        """`count` families each register a child, as through the chat; their statuses."""
        now, statuses = self.clock(), []
        for number in range(count):
            with self.engine.db.transaction() as session:
                family, _ = get_or_create_family(
                    session, "telegram", f"{event_id}-{number}", language="nl", now=now
                )
                give_consent(family, now)
                child = add_child(session, family, CHILDREN[number % len(CHILDREN)], age, now)
                outcome = registrations.register(
                    session, event_id=event_id, family=family, child=child, now=now
                )
                statuses.append(str(outcome.status))
        return statuses

    def deliver(self, channel: RecordingChannel) -> DispatchReport:
        """The outbox delivered once at the site's moment, as the bot process's dispatcher
        does. In a thread of its own: Playwright's sync API keeps an event loop in this one,
        and the dispatcher needs its own."""
        with ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(dispatch, self.engine, channel, self.clock()).result()


@contextmanager
def serve(engine: Engine, clock: Clock | None = None) -> Iterator[Site]:
    """The web app of a bot process on this engine's database, until the block ends."""
    clock = clock or Clock()
    settings = settings_for(engine.db.engine.url.render_as_string(hide_password=False))
    web = server(web_app(App(settings, engine.db, engine), clock=clock), "127.0.0.1", 0)
    thread = threading.Thread(target=web.run, name="office-web", daemon=True)
    thread.start()
    try:
        yield Site(engine, _address(web, thread), clock)
    finally:
        web.should_exit = True
        thread.join(timeout=START_SECONDS)


def _address(web: Server, thread: threading.Thread) -> str:
    """Wait until uvicorn listens (it says when through `started`), then its address."""
    deadline = time.monotonic() + START_SECONDS
    while not web.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web server did not start")
        time.sleep(0.01)
    return web.address


@contextmanager
def new_page(browser: Browser) -> Iterator[Page]:
    """A fresh context (no cookies) at desktop width, Dutch, in Amsterdam time."""
    context = browser.new_context(
        viewport=WIDTHS["desktop"],
        device_scale_factor=1,  # screenshots stay small
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, site: Site, telegram_id: str) -> None:
    """Open a fresh link and press the button, as a librarian does; ends on the agenda."""
    page.goto(site.link(telegram_id))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(f"{site.url}/beheer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")


# --- Accessibility and screenshots -----------------------------------------------------------


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is now: no serious or critical violation, else a readable
    list of each violation's id, impact, help text and the nodes it found."""
    found = Axe().run(page).response["violations"]
    blocking = [v for v in found if v.get("impact") in BLOCKING]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(map(_described, blocking))


def _described(violation: dict[str, Any]) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:10]:
        summary = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_touch_targets(page: Page) -> None:
    """Every shown button, field and menu link is at least 44 by 44 pixels."""
    small = page.eval_on_selector_all(
        TARGETS,
        """(elements, px) => elements.map(e => [e, e.getBoundingClientRect()])
            .filter(([e, box]) => box.width > 0 && (box.width < px || box.height < px))
            .map(([e, box]) => `${e.tagName.toLowerCase()} "${(e.innerText || e.name).trim()}"`
                               + ` ${Math.round(box.width)}x${Math.round(box.height)}`)""",
        TARGET_PX,
    )
    assert not small, f"targets under {TARGET_PX}px on {page.url}: " + "; ".join(small)


def check_widths(page: Page, name: str, *, screenshot: bool = True) -> None:
    """The page at phone and desktop width: accessible, nothing wider than the phone's screen,
    touch targets large enough, and a screenshot of the viewport of each when
    TALENTBOT_SCREENSHOTS is set (and `screenshot`: the README shows only the main pages)."""
    for width_name, size in WIDTHS.items():
        page.set_viewport_size(size)
        assert_accessible(page)
        assert_touch_targets(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], f"{page.url} is {scroll_width}px wide at {size}"
        if screenshot:
            save_screenshot(page, f"{name}-{width_name}")
    page.set_viewport_size(WIDTHS["desktop"])


def save_screenshot(page: Page, name: str) -> None:
    folder = os.environ.get(SCREENSHOTS)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
