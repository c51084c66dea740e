"""The web chat without a cookie (Safari's frame on a library's site keeps none): the page's
script keeps the token a new visitor is given and sends it in a header, which the server
checks exactly as the cookie. Over HTTP on SQLite and PostgreSQL: the header alone continues
the same conversation and fetches its files; a forged or foreign one is a new visitor."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.channels.web import visitor
from bot.channels.web.visitor import COOKIE, HEADER
from bot.db.models import Family
from bot.engine.core import Engine
from tests.test_webchat_routes import (
    client,  # noqa: F401 (a fixture)
)


class CookielessVisitor:
    """A browser that keeps no cookie: only the token the script was given, in a header."""

    def __init__(self, client: TestClient) -> None:  # noqa: F811
        self.client = client
        self.token = ""
        self.replies: list[dict[str, Any]] = []

    def _headers(self) -> dict[str, str]:
        self.client.cookies.clear()  # whatever the server set, the browser did not keep it
        return {HEADER: self.token} if self.token else {}

    def send(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post("/chat/api/messages", json=body, headers=self._headers())
        assert response.status_code == 200, response.text
        data = response.json()
        self.token = data.get("visitor", self.token)
        self.replies = data["replies"]
        return data

    def press(self, label: str) -> dict[str, Any]:
        buttons = [b for r in self.replies for row in r["buttons"] for b in row]
        return self.send({"button": next(b["token"] for b in buttons if label in b["label"])})

    def history(self) -> list[dict[str, Any]]:
        return self.client.get("/chat/api/history", headers=self._headers()).json()["lines"]


def _web_families(engine: Engine) -> int:
    with engine.db.transaction() as session:
        query = select(func.count()).select_from(Family).where(Family.channel == "web")
        return int(session.scalar(query) or 0)


def test_the_header_alone_continues_the_same_conversation(
    client: TestClient,  # noqa: F811
    any_engine: Engine,
) -> None:
    browser = CookielessVisitor(client)
    first = browser.send({"text": "/start"})
    token = first["visitor"]
    assert token.startswith("v1.")
    browser.press("ouder")
    second = browser.send({"text": "/agenda"})
    assert "visitor" not in second  # known by its header: no new token
    assert (first["cookie"], second["cookie"]) == (False, False)  # the script keeps the token
    assert "Wat wil je bekijken?" in second["replies"][0]["text"]
    assert browser.token == token
    assert _web_families(any_engine) == 1
    said = [line["text"] for line in browser.history() if line["author"] == "visitor"]
    assert said == ["👩 Ik ben ouder of verzorger", "/agenda"]
    with TestClient(client.app) as elsewhere:  # the same token from another connection
        lines = elsewhere.get("/chat/api/history", headers={HEADER: token}).json()["lines"]
        assert [x["text"] for x in lines if x["author"] == "visitor"] == said


def test_with_the_cookie_the_answers_say_so_and_a_deletion_says_forgotten(
    client: TestClient,  # noqa: F811
) -> None:
    client.get("/chat")  # the page sets the visitor cookie, which this client keeps
    started = client.post("/chat/api/messages", json={"text": "/start"}).json()
    assert started["cookie"] is True and "visitor" not in started  # nothing for the script
    assert client.get("/chat/api/history").json()["cookie"] is True
    client.post("/chat/api/messages", json={"text": "wis mijn gegevens"})
    for label in ("Verwijder alles", "Ja, verwijder alles"):
        replies = client.get("/chat/api/history").json()["lines"]
        buttons = [b for line in replies for row in line["buttons"] for b in row]
        token = [b["token"] for b in buttons if b["label"].endswith(label)][-1]
        answer = client.post("/chat/api/messages", json={"button": token}).json()
    assert answer["forgotten"] is True
    assert "Alles is verwijderd." in answer["replies"][0]["text"]


def test_a_file_is_fetched_with_the_header_and_not_without(
    client: TestClient,  # noqa: F811
) -> None:
    browser = CookielessVisitor(client)
    browser.send({"text": "/start"})
    browser.press("ouder")
    browser.send({"text": "/agenda"})
    for step in ("Workshops voor kinderen", "Snorkelen proberen", "Inschrijven", "Akkoord"):
        browser.press(step)
    browser.send({"text": "Daan"})
    browser.send({"text": "10"})
    browser.press("Ja, inschrijven")
    url = browser.replies[0]["attachment"]["url"]
    client.cookies.clear()
    assert client.get(url).status_code == 404
    fetched = client.get(url, headers={HEADER: browser.token})
    assert fetched.status_code == 200 and b"BEGIN:VCALENDAR" in fetched.content


def test_a_forged_or_foreign_header_is_a_new_visitor(
    client: TestClient,  # noqa: F811
    any_engine: Engine,
) -> None:
    owner = CookielessVisitor(client)
    owner.send({"text": "Hallo, ik ben de eigenaar"})
    version, visitor_id, mac = owner.token.split(".")
    _, foreign = visitor.new_token(b"the key of another deployment")
    for wrong in (f"{version}.{visitor_id}.{'0' * len(mac)}", foreign, "v1..", "rommel"):
        stranger = CookielessVisitor(client)
        stranger.token = wrong
        assert stranger.history() == []
        reply = stranger.send({"text": "Hallo daar"})
        assert reply["visitor"] != wrong and reply["visitor"].split(".")[1] != visitor_id
        assert stranger.history()[0]["text"] == "Hallo daar"
    assert owner.history()[0]["text"] == "Hallo, ik ben de eigenaar"
    assert _web_families(any_engine) == 5


def test_the_cookie_wins_over_a_header_of_another_visitor(
    client: TestClient,  # noqa: F811
) -> None:
    cookie_owner = client.post("/chat/api/messages", json={"text": "Ik heb een koekje"})
    kept = cookie_owner.cookies[COOKIE]
    other = CookielessVisitor(client)
    other.send({"text": "Ik heb alleen een header"})
    client.cookies.set(COOKIE, kept, path="/chat")
    lines = client.get("/chat/api/history", headers={HEADER: other.token}).json()["lines"]
    assert lines[0]["text"] == "Ik heb een koekje"
