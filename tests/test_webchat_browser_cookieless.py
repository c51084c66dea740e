"""The widget where the browser keeps no cookie in its frame, as Safari does on a library's
site: in Chromium the library's page is on another site (localhost) than the chat
(127.0.0.1), so the visitor cookie (SameSite=Lax over http) is neither kept nor sent in the
frame. The page's script keeps the token in the frame's own storage instead: a reload is the
same visitor, and the check-in code and the calendar file still load; once the family has
its data deleted, the frame keeps nothing.

Safari gives a third-party frame partitioned storage; Chromium 156 as Debian ships it denies
a third-party frame any storage while it blocks third-party cookies (TrackingProtection3pcd),
so the browser here is started without that feature: cookies stay blocked by SameSite, and
storage is the frame's own, which is Safari's model."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import func, select

from bot.db.models import Family
from bot.engine.core import Engine
from tests.browser import CHROMIUM, new_page
from tests.test_webchat_browser import HOST_PAGE, _register, library_site, serve_chat

FRAME = "iframe[title='Chat met de Talentenkwekerij']"


SAFARI_LIKE = ["--disable-features=TrackingProtection3pcd"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=SAFARI_LIKE
        )
        try:
            yield launched
        finally:
            launched.close()


def test_the_widget_keeps_its_visitor_without_a_cookie(
    browser: Browser, engine: Engine, tmp_path: Path
) -> None:
    with library_site(tmp_path) as served:
        site = served.replace("127.0.0.1", "localhost")  # another site than the chat's
        with serve_chat(engine, origins=(site,)) as chat:
            (tmp_path / "index.html").write_text(HOST_PAGE.format(chat=chat.url), "utf-8")
            with new_page(browser) as page:
                page.goto(f"{site}/index.html")
                page.get_by_role("button", name="Chat met de bieb").click()
                frame = page.frame_locator(FRAME)
                _register(frame)
                # The browser kept no visitor cookie for the chat: only the script's token.
                names = [c["name"] for c in page.context.cookies(chat.url)]
                assert "talentbot_visitor" not in names
                image = frame.get_by_role("img", name="Je code om te laten scannen bij de deur")
                expect(image).to_have_attribute("src", _data_url("image/png"))

                page.reload()
                page.get_by_role("button", name="Chat met de bieb").click()
                expect(
                    frame.get_by_text("Daan staat ingeschreven voor Snorkelen proberen!")
                ).to_be_visible()
                expect(frame.get_by_role("button", name="Beginnen")).to_be_hidden()
                download = frame.get_by_role("link", name="Download 2026-12-12-ws-snorkelen.ics")
                expect(download).to_have_attribute("href", _data_url("text/calendar"))
                with page.expect_download() as loading:
                    download.click()
                assert loading.value.suggested_filename == "2026-12-12-ws-snorkelen.ics"
                assert b"BEGIN:VCALENDAR" in Path(loading.value.path()).read_bytes()
                assert _kept(page) == ["talentbot_visitor"]
                with engine.db.transaction() as session:
                    web = select(func.count()).select_from(Family).where(Family.channel == "web")
                    assert session.scalar(web) == 1  # one visitor throughout

                # The family has its data deleted: the frame forgets the token too.
                frame.get_by_label("Je bericht").fill("wis mijn gegevens")
                frame.get_by_label("Je bericht").press("Enter")
                frame.get_by_role("button", name="Verwijder alles").last.click()
                frame.get_by_role("button", name="Ja, verwijder alles").last.click()
                expect(frame.get_by_text("Alles is verwijderd.")).to_be_visible()
                assert _kept(page) == []


def _kept(page: Page) -> list[str]:
    """What the chat's frame keeps in its own storage."""
    (chat,) = [f for f in page.frames if "/chat?" in f.url]
    return list(chat.evaluate("() => Object.keys(window.localStorage)"))


def _data_url(mime_type: str) -> re.Pattern[str]:
    return re.compile(rf"^data:{re.escape(mime_type)}[;,]")
