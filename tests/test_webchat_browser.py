"""The web chat in Debian's Chromium (Playwright): a conversation from greeting to registration
by clicking buttons, a reload that keeps it, text that stays text, axe-core at phone and
desktop width, and the widget on a plain page of another origin (and refused on a site that
is not in TALENTBOT_CHAT_ORIGINS)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FrameLocator, Page, expect

from bot.app import App
from bot.channels.web.routes import chat_routes
from bot.engine.core import Engine
from bot.web.server import server, web_app
from tests.browser import _address, check_widths, chromium, new_page
from tests.conftest import settings_for
from tests.office import Clock

HOST_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Bibliotheek Teststad</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Bibliotheek Teststad</h1><p>Welkom op onze site.</p></main>
<script src="{chat}/chat/widget.js" data-library="teststad"></script>
</body></html>
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as shared:
        yield shared


@dataclass
class Chat:
    url: str
    engine: Engine


@contextmanager
def library_site(folder: Path) -> Iterator[str]:
    """A plain static site (the library's own) on a port of its own: its address."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()


@contextmanager
def serve_chat(engine: Engine, origins: tuple[str, ...] = ()) -> Iterator[Chat]:
    settings = replace(
        settings_for(engine.db.url), chat_origins=origins, telegram_username="TalentBot"
    )
    app = App(settings, engine.db, engine)
    clock = Clock()
    asgi = web_app(app, channel_routes=chat_routes(app, clock=clock), clock=clock)
    web = server(asgi, "127.0.0.1", 0)
    thread = threading.Thread(target=web.run, name="chat-web", daemon=True)
    thread.start()
    try:
        yield Chat(_address(web, thread), engine)
    finally:
        web.should_exit = True
        thread.join(timeout=10)


def _last(page: Page | FrameLocator, name: str) -> None:
    """Press the newest button whose name holds `name` (older replies keep theirs)."""
    page.get_by_role("button", name=name).last.click()


def _register(chat: Page | FrameLocator) -> None:
    chat.get_by_role("button", name="Beginnen").click()
    _last(chat, "Ik ben ouder")
    _last(chat, "Workshops en lezingen")
    _last(chat, "Workshops voor kinderen")
    _last(chat, "Snorkelen proberen")
    _last(chat, "Inschrijven")
    _last(chat, "Akkoord")
    chat.get_by_label("Je bericht").fill("Daan")
    chat.get_by_label("Je bericht").press("Enter")  # the keyboard sends it
    expect(chat.get_by_text("Hoe oud is Daan?")).to_be_visible()
    _last(chat, "10")
    _last(chat, "Ja, inschrijven")
    expect(chat.get_by_text("Daan staat ingeschreven voor Snorkelen proberen!")).to_be_visible()


def test_a_conversation_to_registration_survives_a_reload(browser: Browser, engine: Engine) -> None:
    with serve_chat(engine) as chat, new_page(browser) as page:
        page.goto(f"{chat.url}/chat")
        expect(page.get_by_role("heading", level=1)).to_have_text("Chat met de Talentenkwekerij")
        _register(page)
        log = page.get_by_role("log", name="Gesprek")
        expect(log).to_have_attribute("aria-live", "polite")
        download = page.get_by_role("link", name="Download 2026-12-12-ws-snorkelen.ics")
        with page.expect_download() as loading:
            download.click()
        assert loading.value.suggested_filename == "2026-12-12-ws-snorkelen.ics"
        expect(
            page.get_by_role("img", name="Je code om te laten scannen bij de deur")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Verder op Telegram")).to_be_visible()

        page.reload()
        expect(page.get_by_text("Daan staat ingeschreven voor Snorkelen proberen!")).to_be_visible()
        expect(page.get_by_role("button", name="Beginnen")).to_be_hidden()
        # The cookie carries the visitor: the page kept nothing of its own.
        assert page.evaluate("() => Object.keys(window.localStorage)") == []
        _last(page, "Verder op Telegram")
        link = page.get_by_role("link", name="https://t.me/TalentBot?start=mv_")
        expect(link).to_have_attribute("href", f"https://t.me/TalentBot?start=mv_{_code(page)}")
        check_widths(page, "webchat")


def test_a_browser_with_cookies_keeps_nothing_in_its_storage(
    browser: Browser, engine: Engine
) -> None:
    """Even when the cookie was gone for a moment (the browser cleared it after the page
    loaded), so the first message made a new visitor whose token the page was given."""
    with serve_chat(engine) as chat, new_page(browser) as page:
        page.goto(f"{chat.url}/chat")
        page.context.clear_cookies()
        page.get_by_role("button", name="Beginnen").click()
        _last(page, "Ik ben ouder")
        expect(page.get_by_role("button", name="Workshops en lezingen").last).to_be_visible()
        assert page.evaluate("() => Object.keys(window.localStorage)") == []
        page.reload()
        expect(page.get_by_role("button", name="Workshops en lezingen").last).to_be_visible()
        assert page.evaluate("() => Object.keys(window.localStorage)") == []


def _code(page: Page) -> str:
    href = page.get_by_role("link", name="https://t.me/TalentBot?start=mv_").get_attribute("href")
    assert href is not None
    return href.split("start=mv_", 1)[1]


def test_html_typed_or_said_shows_as_text(browser: Browser, engine: Engine) -> None:
    typed = "<b>vet</b> <img src=x onerror=alert(1)>"
    with serve_chat(engine) as chat, new_page(browser) as page:
        page.goto(f"{chat.url}/chat")
        page.get_by_label("Je bericht").fill(typed)
        page.get_by_role("button", name="Versturen").click()
        log = page.get_by_role("log", name="Gesprek")
        expect(log.get_by_text(typed)).to_be_visible()
        assert log.locator("b, img").count() == 0
        page.reload()
        expect(log.get_by_text(typed)).to_be_visible()
        assert log.locator("b, img").count() == 0


def test_the_widget_on_a_library_site_of_another_origin(
    browser: Browser, engine: Engine, tmp_path: Path
) -> None:
    with library_site(tmp_path) as site, serve_chat(engine, origins=(site,)) as chat:
        (tmp_path / "index.html").write_text(HOST_PAGE.format(chat=chat.url), encoding="utf-8")
        with new_page(browser) as page:
            page.goto(f"{site}/index.html")
            toggle = page.get_by_role("button", name="Chat met de bieb")
            expect(toggle).to_have_attribute("aria-expanded", "false")
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
            frame = page.frame_locator("iframe[title='Chat met de Talentenkwekerij']")
            _register(frame)
            check_widths(page, "webchat-widget", screenshot=False)
            page.get_by_role("button", name="Chat sluiten").click()
            expect(toggle).to_be_focused()
            page.reload()
            page.get_by_role("button", name="Chat met de bieb").click()
            expect(
                frame.get_by_text("Daan staat ingeschreven voor Snorkelen proberen!")
            ).to_be_visible()
        with new_page(browser) as page:  # the same page from a site that is not allowed
            page.goto(f"{site.replace('127.0.0.1', 'localhost')}/index.html")
            page.get_by_role("button", name="Chat met de bieb").click()
            element = page.locator("iframe[title='Chat met de Talentenkwekerij']").element_handle()
            assert element is not None
            frame = element.content_frame()
            assert frame is not None
            frame.wait_for_load_state()
            assert frame.url == "chrome-error://chromewebdata/"  # refused by frame-ancestors
            assert frame.locator("#chat").count() == 0
