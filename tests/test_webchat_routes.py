"""The web chat over HTTP (Starlette's test client, the real web app and engine, SQLite and
PostgreSQL): a conversation to a registration, the visitor cookie, whose history and files
are whose, the rate limit, text that stays text, and the frame policy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.app import App
from bot.channels.web.limits import Buckets, ChatLimits
from bot.channels.web.routes import chat_routes
from bot.channels.web.visitor import COOKIE
from bot.db.models import Family, Registration, WebChatFile, WebChatLine
from bot.engine.core import Engine
from bot.services.privacy import forget_family
from bot.web.server import web_app
from tests.conftest import NOW, settings_for
from tests.office import Clock

LIBRARY_SITE = "https://www.bibliotheek-teststad.nl"


def _app(engine: Engine, limits: ChatLimits | None = None, clock: Clock | None = None) -> Any:
    settings = replace(
        settings_for(engine.db.url),
        chat_origins=(LIBRARY_SITE,),
        telegram_username="TalentBot",
    )
    app = App(settings, engine.db, engine)
    routes = chat_routes(app, limits=limits, clock=clock or Clock(NOW))
    return web_app(app, channel_routes=routes, clock=clock or Clock(NOW))


@pytest.fixture
def client(any_engine: Engine) -> Iterator[TestClient]:
    with TestClient(_app(any_engine)) as test_client:
        yield test_client


class Visitor:
    """One browser: its cookie jar is the test client's."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.replies: list[dict[str, Any]] = []

    def send(self, text: str, **extra: Any) -> list[dict[str, Any]]:
        return self._post({"text": text, **extra})

    def press(self, label: str) -> list[dict[str, Any]]:
        buttons = [b for r in self.replies for row in r["buttons"] for b in row]
        token = next(b["token"] for b in buttons if label in b["label"])
        return self._post({"button": token})

    def _post(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.client.post("/chat/api/messages", json=body)
        assert response.status_code == 200, response.text
        self.replies = response.json()["replies"]
        return self.replies

    @property
    def text(self) -> str:
        return "\n\n".join(r["text"] for r in self.replies)

    def history(self) -> list[dict[str, Any]]:
        return self.client.get("/chat/api/history").json()["lines"]


def _register(visitor: Visitor) -> None:
    visitor.send("/start")
    visitor.press("ouder")
    visitor.send("/agenda")
    visitor.press("Workshops voor kinderen")
    visitor.press("Snorkelen proberen")
    visitor.press("Inschrijven")
    visitor.press("Akkoord")
    visitor.send("Daan")
    visitor.send("10")
    visitor.press("Ja, inschrijven")


def test_a_conversation_from_greeting_to_registration(client: TestClient) -> None:
    page = client.get("/chat")
    assert page.status_code == 200 and '<html lang="nl">' in page.text
    visitor = Visitor(client)
    visitor.send("Hallo!")
    assert visitor.text.startswith("Welkom bij de Talentenkwekerij")
    _register(visitor)
    confirmed, qr, offer = visitor.replies
    assert confirmed["text"].startswith("🎉 Daan staat ingeschreven voor Snorkelen proberen!")
    assert confirmed["attachment"]["filename"] == "2026-12-12-ws-snorkelen.ics"
    ics = client.get(confirmed["attachment"]["url"])
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "attachment" in ics.headers["content-disposition"]
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Snorkelen proberen"
    assert client.get(qr["attachment"]["url"]).content.startswith(b"\x89PNG")
    assert offer["buttons"] == [
        [{"label": "📱 Verder op Telegram", "token": offer["buttons"][0][0]["token"]}],
        [{"label": "Zonder herinneringen verder", "token": offer["buttons"][1][0]["token"]}],
    ]
    lines = visitor.history()
    said = [line["text"] for line in lines if line["author"] == "visitor"]
    # A press shows as its label; "/start" (the page's start button) not at all.
    assert said == [
        "Hallo!",
        "👩 Ik ben ouder of verzorger",
        "/agenda",
        "🧪 Workshops voor kinderen (2)",
        "za 12 dec · Snorkelen proberen",
        "📝 Inschrijven",
        "✅ Akkoord",
        "Daan",
        "10",
        "✅ Ja, inschrijven",
    ]
    assert lines[-1]["text"] == offer["text"]
    app = client.app
    with app.state.office.db.transaction() as session:  # type: ignore[attr-defined]
        family = session.scalars(select(Family)).one()
        assert (family.channel, [c.first_name for c in family.children]) == ("web", ["Daan"])
        seat = session.scalars(select(Registration)).one()
        assert (seat.event_id, seat.status, seat.family_id) == (
            "ws-snorkelen",
            "confirmed",
            family.id,
        )


def test_the_cookie_is_signed_httponly_and_lax(client: TestClient) -> None:
    cookie = client.get("/chat").headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=v1.")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/chat" in cookie
    assert "Secure" not in cookie  # plain http here
    with TestClient(client.app, base_url="https://bot.example.org") as secure:
        framed = secure.get("/chat?embed=1&library=teststad").headers["set-cookie"]
    assert "SameSite=None" in framed and "Secure" in framed and "Partitioned" in framed


def test_a_forged_cookie_gets_a_new_visitor_never_someone_elses(client: TestClient) -> None:
    owner = Visitor(client)
    owner.send("Hallo, ik ben de eigenaar")
    token = client.cookies[COOKIE]
    version, visitor_id, mac = token.split(".")
    with TestClient(client.app) as other:
        forged = f"{version}.{visitor_id}.{'0' * len(mac)}"
        other.cookies.set(COOKIE, forged, path="/chat")
        # No lines, and for the page's script: no genuine cookie came.
        assert other.get("/chat/api/history").json() == {"lines": [], "cookie": False}
        reply = other.post("/chat/api/messages", json={"text": "Hallo daar"})
        fresh = reply.cookies[COOKIE]
        assert fresh.split(".")[1] != visitor_id
        other.cookies.clear()
        other.cookies.set(COOKIE, fresh, path="/chat")
        lines = other.get("/chat/api/history").json()["lines"]
        assert lines[0]["text"] == "Hallo daar"
    assert owner.history()[0]["text"] == "Hallo, ik ben de eigenaar"


def test_another_visitor_cannot_read_the_history_or_download_the_ics(
    client: TestClient,
) -> None:
    owner = Visitor(client)
    _register(owner)
    url = owner.replies[0]["attachment"]["url"]
    with TestClient(client.app) as stranger:
        Visitor(stranger).send("Hallo")
        assert Visitor(stranger).history()[0]["text"] == "Hallo"
        assert "Daan" not in str(Visitor(stranger).history())
        assert stranger.get(url).status_code == 404
    with TestClient(client.app) as no_cookie:
        assert no_cookie.get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_a_download_is_short_lived(any_engine: Engine) -> None:
    clock = Clock(NOW)
    with TestClient(_app(any_engine, clock=clock)) as client:
        owner = Visitor(client)
        _register(owner)
        url = owner.replies[0]["attachment"]["url"]
        clock.now = NOW + timedelta(hours=2, seconds=1)
        assert client.get(url).status_code == 404
        line = next(x for x in owner.history() if x.get("attachment"))
        assert line["attachment"] == {
            "filename": "2026-12-12-ws-snorkelen.ics",
            "mime_type": "text/calendar",
            "url": None,
        }


def test_html_from_a_visitor_stays_text(client: TestClient) -> None:
    visitor = Visitor(client)
    typed = '<img src=x onerror="alert(1)"><b>Daan</b> & co'
    visitor.send(typed)
    assert visitor.history()[0]["text"] == typed
    page = client.get("/chat")
    assert "<img src=x" not in page.text
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]


def test_the_rate_limit_refuses_kindly_per_visitor_and_per_address(
    any_engine: Engine,
) -> None:
    limits = ChatLimits(visitor=Buckets(3, 60), address=Buckets(5, 60))
    with TestClient(_app(any_engine, limits)) as client:
        for number in range(3):
            assert (
                client.post("/chat/api/messages", json={"text": f"hoi {number}"}).status_code == 200
            )
        refused = client.post("/chat/api/messages", json={"text": "nog een keer"})
        assert refused.status_code == 429
        assert refused.json()["replies"][0]["text"].startswith("Rustig aan!")
        with TestClient(client.app) as neighbour:  # the same address: two more, then not
            statuses = [
                neighbour.post("/chat/api/messages", json={"text": "hallo"}).status_code
                for _ in range(3)
            ]
        assert statuses == [200, 200, 429]
    with any_engine.db.transaction() as session:  # refused messages never reached the engine
        texts = [
            line.content["text"]
            for line in session.scalars(select(WebChatLine))
            if line.author == "visitor"
        ]
    assert texts == ["hoi 0", "hoi 1", "hoi 2", "hallo", "hallo"]


def test_only_the_chat_page_may_be_framed_by_the_libraries_sites(client: TestClient) -> None:
    chat = client.get("/chat?embed=1").headers
    assert f"frame-ancestors 'self' {LIBRARY_SITE};" in chat["content-security-policy"]
    assert "x-frame-options" not in chat
    for path in ("/chat/api/history", "/chat/widget.js", "/beheer/inloggen"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY"


def test_posts_from_another_site_or_not_json_are_refused(client: TestClient) -> None:
    evil = client.post(
        "/chat/api/messages", json={"text": "hallo"}, headers={"origin": "https://evil.example"}
    )
    assert evil.status_code == 403
    form = client.post("/chat/api/messages", data={"text": "hallo"})
    assert form.status_code == 415
    assert client.post("/chat/api/messages", json={"text": "  "}).status_code == 400
    assert client.post("/chat/api/messages", json={"text": "x" * 20_000}).status_code == 413
    assert Visitor(client).history() == []


def test_the_last_50_lines_are_kept_and_go_with_the_family(any_engine: Engine) -> None:
    limits = ChatLimits(visitor=Buckets(100, 60), address=Buckets(100, 60))
    with TestClient(_app(any_engine, limits)) as client:
        visitor = Visitor(client)
        for number in range(30):
            visitor.send(f"bericht nummer {number}")
        lines = visitor.history()
    assert len(lines) == 50
    assert lines[-2]["text"] == "bericht nummer 29"
    with any_engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WebChatLine)) == 50
        forget_family(session, session.scalars(select(Family)).one(), NOW)
    with any_engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(WebChatLine)) == 0
        assert session.scalar(select(func.count()).select_from(WebChatFile)) == 0


def test_the_widget_script_carries_its_texts(client: TestClient) -> None:
    script = client.get("/chat/widget.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert '"open": "\\ud83d\\udcac Chat met de bieb"' in script.text
    assert "/*TEXTS*/null" not in script.text
