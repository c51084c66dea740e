"""Broadcasts from the back-office, on SQLite and PostgreSQL: the count shown is the families
the service reaches, a preview and one confirmation write one broadcast and its outbox rows
(however often the form is sent), the outbox's progress shows on the page and in its JSON,
and a partner only reaches and sees their own events' families."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.db.models import AuditEntry, Broadcast, Family, OutboxMessage
from bot.engine.core import Engine
from bot.engine.types import Reply
from bot.outbox.dispatch import Blocked
from bot.services import broadcasts
from tests.dialog import ChatUser
from tests.office import NOW, add_member, form_token, office_client, sign_in
from tests.test_notifications import RecordingChannel, dispatch, register

LIBRARIAN, SPORT, BIEB = "7400", "7500", "7600"
KEY = re.compile(r'name="sleutel" value="([^"]+)"')


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    """Ann and Bo have a seat at Saxofoon, Cas is on its waiting list, Dex has a seat at
    Snorkelen; Bo saved an interest in saxofoon. All four children are 10."""
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, SPORT, "partner", "sportbedrijf")
    add_member(any_engine, BIEB, "partner", "bieb")
    for uid, name in (("501", "Ann"), ("502", "Bo"), ("503", "Cas")):
        register(ChatUser(any_engine, uid, channel="telegram"), name)
    register(ChatUser(any_engine, "504", channel="telegram"), "Dex", "Snorkelen proberen")
    with any_engine.db.transaction() as session:
        bo = session.scalar(select(Family).where(Family.external_id == "502"))
        bo.interests = ["saxofoon"]
    return any_engine


def signed_in(engine: Engine, telegram_id: str) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def service_count(engine: Engine, audience: str) -> int:
    with engine.db.transaction() as session:
        return len(broadcasts.audience_families(session, audience, "teststad"))


def stored(engine: Engine) -> tuple[list[Broadcast], list[OutboxMessage]]:
    with engine.db.transaction() as session:
        made = list(session.scalars(select(Broadcast).order_by(Broadcast.id)))
        rows = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.broadcast_id.is_not(None))
            .order_by(OutboxMessage.chat_id)
        )
        return made, list(rows)


def preview(client: TestClient, text: str, **fields: str) -> str:
    page = client.get("/beheer/omroepen").text
    data = {"csrf_token": form_token(page), "tekst": text, "stap": "voorbeeld", **fields}
    response = client.post("/beheer/omroepen/voorbeeld", data=data)
    assert response.status_code == 200, response.text
    return response.text


def confirm(client: TestClient, page: str, audience: str, text: str) -> str:
    """Press "Versturen" on a preview page; the broadcast's address."""
    key = KEY.search(page)
    assert key, "the preview offers no confirmation"
    data = {"csrf_token": form_token(page), "audience": audience, "tekst": text}
    response = client.post("/beheer/omroepen/versturen", data={**data, "sleutel": key.group(1)})
    assert response.status_code == 303, response.text
    return response.headers["location"]


COUNTED = {
    "all": 4,
    "event:ws-saxofoon": 2,
    "waitlist:ws-saxofoon": 1,
    "event:ws-snorkelen": 1,
    "category:creatief": 1,
    "activity:saxofoon": 1,
    "age:9-11": 4,
}


def test_the_count_shown_is_the_families_the_service_reaches(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    composer = client.get("/beheer/omroepen").text
    token = form_token(composer)
    for audience, families in COUNTED.items():
        assert service_count(office, audience) == families, audience
        answer = client.get("/beheer/omroepen/aantal", params={"audience": audience})
        assert answer.status_code == 200 and answer.json()["count"] == families, audience
        # Without JavaScript: the "Bekijk aantal" button shows it on the page.
        ages = audience.startswith("age:")
        fields = {"doelgroep": "age", "van": "9", "tot": "11"} if ages else {}
        shown = client.post(
            "/beheer/omroepen/voorbeeld",
            data={"csrf_token": token, "stap": "aantal", "doelgroep": audience, **fields},
        ).text
        sentence = "1 gezin." if families == 1 else f"{families} gezinnen."
        assert f"Dit bericht gaat naar {sentence}" in shown, audience
    assert answer.json()["text"] == "Dit bericht gaat naar 4 gezinnen."
    nobody = client.get("/beheer/omroepen/aantal", params={"audience": "age:12-13"})
    assert nobody.status_code == 400 and nobody.json()["count"] == 0
    assert nobody.json()["text"] == "Dit bericht zou naar 0 gezinnen gaan; kies een andere groep."
    unknown = client.get("/beheer/omroepen/aantal", params={"audience": "activity:quegelpum"})
    assert unknown.status_code == 400 and "Die hobby staat niet" in unknown.json()["text"]


def test_the_picker_offers_the_audiences_of_the_chat(office: Engine) -> None:
    page = signed_in(office, LIBRARIAN).get("/beheer/omroepen").text
    for value in ("all", "category:sportief", "activity:schaken", "age:9-12", "age"):
        assert f'<option value="{value}"' in page, value
    assert '<option value="event:ws-saxofoon">Saxofoon spelen · ' in page
    assert '<option value="waitlist:ws-snorkelen">Wachtlijst: Snorkelen proberen · ' in page
    assert '<label for="van">Van (jaar)</label>' in page
    assert '<script src="/beheer/static/broadcast.js" defer></script>' in page
    assert " style=" not in page and "onclick" not in page and "<script>" not in page


def test_a_preview_then_one_confirmation_writes_one_broadcast(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    text = "Neem je eigen <b>rietje</b> mee!\nTot woensdag."
    page = preview(client, text, doelgroep="event:ws-saxofoon")
    assert "Ingeschrevenen van Saxofoon spelen" in page
    assert "Versturen naar 2 gezinnen" in page
    assert "Neem je eigen &lt;b&gt;rietje&lt;/b&gt; mee!\nTot woensdag." in page
    assert stored(office) == ([], [])  # a preview sends nothing

    first = confirm(client, page, "event:ws-saxofoon", text)
    again = confirm(client, page, "event:ws-saxofoon", text)  # a double click, or a reload
    assert first == again and re.fullmatch(r"/beheer/omroepen/\d+\?melding=.+", first)
    made, rows = stored(office)
    assert [(b.audience, b.total, b.text, b.created_by) for b in made] == [
        ("event:ws-saxofoon", 2, text, LIBRARIAN)
    ]
    assert [(r.chat_id, r.kind, r.payload["text"], r.state) for r in rows] == [
        ("501", "event_news", text, "pending"),
        ("502", "event_news", text, "pending"),
    ]
    with office.db.transaction() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast.send"))
        assert [(a.actor, a.target, a.details["total"]) for a in audit] == [
            (f"web:{LIBRARIAN}", str(made[0].id), 2)
        ]
    shown = client.get(first).text
    assert "Het bericht staat klaar. De bot verstuurt het nu." in shown
    # A new preview is a new form: its confirmation is a second broadcast.
    confirm(client, preview(client, "Nog iets", doelgroep="all"), "all", "Nog iets")
    assert [b.total for b in stored(office)[0]] == [2, 4]


def test_two_submits_at_the_same_moment_make_one_broadcast(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    page = preview(client, "Tegelijk", doelgroep="all")
    twin, _ = office_client(office)
    twin.cookies = client.cookies  # the same browser, a second tab
    start = threading.Barrier(2)
    places: list[str] = []

    def press(browser: TestClient) -> None:
        start.wait()
        places.append(confirm(browser, page, "all", "Tegelijk"))

    threads = [threading.Thread(target=press, args=(b,)) for b in (client, twin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made, rows = stored(office)
    assert len(places) == 2 and places[0] == places[1]
    assert len(made) == 1 and len(rows) == 4


class BlockedBy(RecordingChannel):
    """A phone per chat; the families in `blocked` have blocked the bot."""

    def __init__(self, *blocked: str) -> None:
        super().__init__()
        self.blocked = set(blocked)

    async def send(self, chat_id: str, replies: Sequence[Reply]) -> None:
        if chat_id in self.blocked:
            raise Blocked("Forbidden: bot was blocked by the user")
        await super().send(chat_id, replies)


def test_progress_follows_the_outbox_and_ends_with_the_report(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    page = preview(client, "Zaal 2!", doelgroep="event:ws-saxofoon")
    place = confirm(client, page, "event:ws-saxofoon", "Zaal 2!")
    path = place.split("?")[0]
    progress = client.get(f"{path}/voortgang").json()
    assert progress == {
        "total": 2,
        "sent": 0,
        "blocked": 0,
        "failed": 0,
        "pending": 2,
        "skipped": 0,
        "processed": 0,
        "finished": False,
        "summary": "Bezig: 0 van 2 berichten verwerkt.",
    }
    page = client.get(path).text
    assert 'aria-live="polite" data-veld="summary">Bezig: 0 van 2 berichten verwerkt.' in page
    assert f'data-voortgang="{path}/voortgang"' in page and "Afleverrapport" not in page
    assert '<td class="number" data-veld="pending">2</td>' in page

    phones = BlockedBy("502")
    dispatch(office, phones, NOW)
    assert phones.texts("501") == "Zaal 2!" and phones.texts("502") == ""
    progress = client.get(f"{path}/voortgang").json()
    assert (progress["sent"], progress["blocked"], progress["pending"]) == (1, 1, 0)
    assert progress["finished"] is True
    assert progress["summary"] == "Klaar: alle 2 berichten zijn verwerkt."
    page = client.get(path).text
    assert "Afleverrapport" in page and "data-klaar" in page
    assert "Verstuurd: 1</dt>" in page and "Geblokkeerd: 1</dt>" in page
    assert "Deze gezinnen hebben de bot geblokkeerd" in page
    history = client.get("/beheer/omroepen").text
    assert "Ingeschrevenen van Saxofoon spelen" in history and "1 van 2" in history


def test_a_partner_reaches_only_their_own_events_families(office: Engine) -> None:
    sport = signed_in(office, SPORT)
    page = sport.get("/beheer/omroepen").text
    assert '<option value="event:ws-snorkelen">' in page
    assert "ws-saxofoon" not in page and 'value="all"' not in page
    assert 'value="category:' not in page and 'id="van"' not in page
    own = sport.get("/beheer/omroepen/aantal", params={"audience": "event:ws-snorkelen"})
    assert own.json()["count"] == 1
    for audience in ("event:ws-saxofoon", "waitlist:ws-saxofoon", "all", "category:creatief"):
        answer = sport.get("/beheer/omroepen/aantal", params={"audience": audience})
        assert answer.status_code == 404, audience
        data = {"csrf_token": form_token(page), "audience": audience, "tekst": "Hoi"}
        refused = sport.post("/beheer/omroepen/voorbeeld", data={**data, "stap": "voorbeeld"})
        assert refused.status_code == 404 and "Versturen" not in refused.text
        sent = sport.post("/beheer/omroepen/versturen", data={**data, "sleutel": "k" * 32})
        assert sent.status_code == 404
    assert stored(office) == ([], [])
    page = preview(sport, "Badmuts mee", doelgroep="event:ws-snorkelen")
    confirm(sport, page, "event:ws-snorkelen", "Badmuts mee")
    assert [(r.chat_id, r.payload["text"]) for r in stored(office)[1]] == [("504", "Badmuts mee")]


def _made(engine: Engine, audience: str, minutes: int, library: str = "teststad") -> int:
    with engine.db.transaction() as session:
        made = broadcasts.create_broadcast(
            session,
            audience=audience,
            text=f"Bericht {minutes}",
            library_id=library,
            created_by="cli",
            now=NOW + timedelta(minutes=minutes),
        )
        return made.id


def test_the_history_newest_first_a_page_at_a_time_in_scope(office: Engine) -> None:
    ids = [_made(office, "all", minute) for minute in range(21)]
    snorkel, sax = (
        _made(office, "event:ws-snorkelen", 30),
        _made(office, "waitlist:ws-saxofoon", 31),
    )
    elsewhere = _made(office, "all", 40, library=None)  # from the CLI, for no one library

    librarian = signed_in(office, LIBRARIAN)
    first = librarian.get("/beheer/omroepen").text
    shown = re.findall(r'<a href="/beheer/omroepen/(\d+)">', first)
    assert shown == [str(i) for i in [sax, snorkel, *reversed(ids[3:])]]
    assert "Pagina 1 van 2" in first
    second = librarian.get("/beheer/omroepen", params={"pagina": 2}).text
    assert re.findall(r'<a href="/beheer/omroepen/(\d+)">', second) == [str(i) for i in ids[2::-1]]
    assert librarian.get(f"/beheer/omroepen/{elsewhere}").status_code == 404

    sport = signed_in(office, SPORT)
    mine = sport.get("/beheer/omroepen").text
    assert re.findall(r'<a href="/beheer/omroepen/(\d+)">', mine) == [str(snorkel)]
    assert sport.get(f"/beheer/omroepen/{snorkel}").status_code == 200
    for other in (sax, ids[0]):
        assert sport.get(f"/beheer/omroepen/{other}").status_code == 404
        assert sport.get(f"/beheer/omroepen/{other}/voortgang").status_code == 404
    bieb = signed_in(office, BIEB)
    assert re.findall(r'<a href="/beheer/omroepen/(\d+)">', bieb.get("/beheer/omroepen").text) == [
        str(sax)
    ]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"doelgroep": "all", "tekst": "  "}, "Typ eerst een bericht."),
        (
            {"doelgroep": "all", "tekst": "x" * 4001},
            "Het bericht is 4001 tekens lang; het mag er hoogstens 4000 hebben.",
        ),
        ({"doelgroep": "age", "van": "15", "tot": "3", "tekst": "Hoi"}, "Vul leeftijden in van"),
        ({"doelgroep": "age:12-13", "tekst": "Hoi"}, "Dit bericht zou naar 0 gezinnen gaan"),
        ({"doelgroep": "", "tekst": "Hoi"}, "Die groep bestaat niet (meer)."),
    ],
)
def test_a_message_that_cannot_go_is_refused_before_the_preview(
    office: Engine, fields: dict[str, str], says: str
) -> None:
    client = signed_in(office, LIBRARIAN)
    token = form_token(client.get("/beheer/omroepen").text)
    page = client.post(
        "/beheer/omroepen/voorbeeld", data={"csrf_token": token, "stap": "voorbeeld", **fields}
    )
    assert page.status_code == 400 and says in page.text
    assert 'name="sleutel"' not in page.text
    assert "Dit bericht kan zo niet weg" in page.text
    if fields.get("van"):  # the typed ages are kept to correct them
        assert 'id="van" name="van"' in page.text and 'value="15"' in page.text


def test_a_forged_key_or_form_token_sends_nothing(office: Engine) -> None:
    client = signed_in(office, LIBRARIAN)
    page = client.get("/beheer/omroepen").text
    data = {"audience": "all", "tekst": "Hoi"}
    forged = client.post("/beheer/omroepen/versturen", data={**data, "csrf_token": "x"})
    assert forged.status_code == 403
    data["csrf_token"] = form_token(page)
    for key in ("", "kort", "<script>" * 4):
        refused = client.post("/beheer/omroepen/versturen", data={**data, "sleutel": key})
        assert refused.status_code == 400 and "Dit formulier is verlopen" in refused.text
    with office.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Broadcast)) == 0
