"""The catalogue in the back-office: a librarian adds and changes hobbies, partners, places,
materials, FAQ answers and school holidays through the forms, with the catalogue's own
checks as Dutch reasons; the database keeps what they did through a later import, and the
export still passes the catalogue check. Partners and other libraries see nothing of it.
SQLite and PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.db import models as m
from bot.engine.core import Engine
from tests.cli import talentbot_process
from tests.conftest import FIXTURE_CATALOGUE
from tests.office import add_member, form_token, office_client, sign_in
from tests.test_office_event import text_of

LIBRARIAN, ADMIN, PARTNER = "7100", "7150", "7200"
BASE = "/beheer/catalogus"
Form = dict[str, Any]


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, ADMIN, "admin")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    return any_engine


def signed_in(engine: Engine, telegram_id: str = LIBRARIAN) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def post_form(client: TestClient, path: str, fields: Form):
    """Sent as a browser sends the form it was shown: with its token and the item's version."""
    page = client.get(path).text
    version = re.search(r'name="versie" value="([^"]*)"', page)
    sent = {**fields, "csrf_token": form_token(page)}
    if version:
        sent["versie"] = version.group(1)
    return client.post(path, data=sent)


def row_of(engine: Engine, model: type[m.Base], key: str) -> Any:
    """The row as the database holds it, its links as sorted keys."""
    with engine.db.transaction() as session:
        row = session.get(model, key)
        if row is None:
            return None
        links = {
            "partners": sorted(p.id for p in getattr(row, "partners", [])),
            "activities": sorted(a.slug for a in getattr(row, "activities", [])),
        }
        values = {c.key: getattr(row, c.key) for c in model.__table__.columns}
        return {**values, **links}


def count(engine: Engine, model: type[m.Base]) -> int:
    with engine.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


# One item of each section: the form as created, the row it gives; a change, the row after.
CASES = [
    (
        "hobbys",
        m.Activity,
        "kerstkoken",
        {
            "slug": "kerstkoken",
            "name": "Kerstkoken",
            "name_en": "Christmas cooking",
            "category": "creatief",
            "min_age": "8",
            "max_age": "12",
            "tags": ["maken", "eten"],
            "partners": ["bieb"],
        },
        {"name": {"nl": "Kerstkoken", "en": "Christmas cooking"}, "tags": ["maken", "eten"]},
        {"max_age": "13", "cost_note": "Gratis", "partners": ["bieb", "sportbedrijf"]},
        {"max_age": 13, "cost_note": {"nl": "Gratis"}, "partners": ["bieb", "sportbedrijf"]},
    ),
    (
        "partners",
        m.Partner,
        "scouting",
        {"id": "scouting", "name": "Scouting Teststad", "kind": "club", "phone": "010-1"},
        {"name": "Scouting Teststad", "kind": "club", "library_id": "teststad"},
        {"description": "Buiten spelen.", "description_en": "Playing outside."},
        {"description": {"nl": "Buiten spelen.", "en": "Playing outside."}},
    ),
    (
        "plekken",
        m.Location,
        "gymzaal",
        {"id": "gymzaal", "name": "Gymzaal Noord", "address": "Sportlaan 3"},
        {"name": "Gymzaal Noord", "address": "Sportlaan 3", "library_id": "teststad"},
        {"address": "Sportlaan 5"},
        {"address": "Sportlaan 5"},
    ),
    (
        "materialen",
        m.Material,
        "schaakklok",
        {
            "id": "schaakklok",
            "title": "Schaakklok",
            "kind": "gadget",
            "copies": "3",
            "loan_days": "21",
            "activities": ["schaken"],
        },
        {"title": {"nl": "Schaakklok"}, "copies": 3, "activities": ["schaken"]},
        {"loan_days": "14", "activities": ["schaken", "snorkelen"]},
        {"loan_days": 14, "activities": ["schaken", "snorkelen"]},
    ),
    (
        "vragen",
        m.FaqEntry,
        "parking",
        {"topic": "parking", "question": "Kan ik parkeren?", "answer": "Ja, achter de bieb."},
        {"question": {"nl": "Kan ik parkeren?"}, "answer": {"nl": "Ja, achter de bieb."}},
        {"answer_en": "Yes, behind the library."},
        {"answer": {"nl": "Ja, achter de bieb.", "en": "Yes, behind the library."}},
    ),
    (
        "vakanties",
        m.SchoolHoliday,
        "voorjaarsvakantie-2027",
        {
            "id": "voorjaarsvakantie-2027",
            "name": "Voorjaarsvakantie",
            "region": "midden",
            "start": "2027-02-20",
            "end": "2027-02-28",
            "confirmed": "1",
        },
        {"region": "midden", "confirmed": True},
        {"confirmed": ""},
        {"confirmed": False},
    ),
]


@pytest.mark.parametrize(
    ("word", "model", "key", "new", "created", "change", "changed"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_an_item_of_each_section_is_created_and_changed_through_the_form(
    office: Engine,
    word: str,
    model: type[m.Base],
    key: str,
    new: Form,
    created: Form,
    change: Form,
    changed: Form,
) -> None:
    client = signed_in(office)
    answer = post_form(client, f"{BASE}/{word}/nieuw", new)
    assert answer.status_code == 303, text_of(answer.text)
    assert answer.headers["location"].startswith(f"{BASE}/{word}/{key}?")
    row = row_of(office, model, key)
    assert {name: row[name] for name in created} == created
    assert row["edited_by"] == f"web:{LIBRARIAN}"
    page = text_of(client.get(answer.headers["location"]).text)
    assert "Toegevoegd aan de catalogus." in page
    assert key in text_of(client.get(f"{BASE}/{word}").text)

    edited = post_form(client, f"{BASE}/{word}/{key}", {**new, **change})
    assert edited.status_code == 303, text_of(edited.text)
    row = row_of(office, model, key)
    assert {name: row[name] for name in changed} == changed
    assert {name: row[name] for name in created if name not in changed} == {
        name: value for name, value in created.items() if name not in changed
    }
    assert "De wijzigingen zijn opgeslagen." in text_of(client.get(edited.headers["location"]).text)
    again = post_form(client, f"{BASE}/{word}/{key}", {**new, **change})
    assert "melding=office_catalogue.notice.unchanged" in again.headers["location"]


ACTIVITY = CASES[0][3]
HOLIDAY = CASES[5][3]
TYPOS = [
    ("hobbys", {**ACTIVITY, "slug": "Kerst Koken"}, "slug", "Gebruik alleen kleine letters"),
    (
        "hobbys",
        {**ACTIVITY, "partners": ["nergens"]},
        "partners",
        "Kies een van de mogelijkheden uit de lijst.",
    ),
    (
        "hobbys",
        {**ACTIVITY, "min_age": "12", "max_age": "8"},
        "max_age",
        "De leeftijd 'tot en met' is lager dan 'vanaf'.",
    ),
    ("hobbys", {**ACTIVITY, "min_age": "twaalf"}, "min_age", "Vul een heel getal in."),
    (
        "hobbys",
        {**ACTIVITY, "tags": ["koken"]},
        "tags",
        "Kies een van de mogelijkheden uit de lijst.",
    ),
    (
        "vakanties",
        {**HOLIDAY, "end": "2027-02-19"},
        "end",
        "De laatste dag ligt voor de eerste dag.",
    ),
    ("plekken", {"id": "hal", "name": "x" * 201, "address": "Straat 1"}, "name", "Dit is te lang."),
    (
        "partners",
        {"id": "bieb", "name": "Nog een bieb", "kind": "library"},
        "id",
        "Dit kenmerk is al in gebruik. Kies een ander.",
    ),
    (
        "materialen",
        {"id": "bal", "title": "Bal", "kind": "game", "copies": "1", "loan_days": "21"},
        "activities",
        "Kies er minstens één.",
    ),
    (
        "vragen",
        {"topic": "parkeren-auto", "question": "V", "answer": "A"},
        "topic",
        "Gebruik alleen kleine letters en liggende streepjes, zoals opening_hours.",
    ),
]
MODELS = {
    "hobbys": m.Activity,
    "partners": m.Partner,
    "plekken": m.Location,
    "materialen": m.Material,
    "vragen": m.FaqEntry,
    "vakanties": m.SchoolHoliday,
}
LABELS = {
    "slug": "Kenmerk",
    "id": "Kenmerk",
    "topic": "Kenmerk",
    "partners": "Partners die dit aanbieden",
    "max_age": "Leeftijd tot en met",
    "min_age": "Leeftijd vanaf",
    "end": "Laatste dag",
    "name": "Naam",
    "activities": "Past bij de hobby's",
    "tags": "Trefwoorden",
}


@pytest.mark.parametrize(("word", "form", "field", "reason"), TYPOS)
def test_a_typo_gives_the_dutch_reason_and_saves_nothing(
    office: Engine, word: str, form: Form, field: str, reason: str
) -> None:
    client = signed_in(office)
    before = count(office, MODELS[word])
    answer = post_form(client, f"{BASE}/{word}/nieuw", form)
    assert answer.status_code == 422
    text = text_of(answer.text)
    assert f"Er is 1 ding om te verbeteren: {LABELS[field]}: {reason}" in text
    # Beside the field too, tied to it for a screen reader.
    assert f'<p class="problem" id="f-{field}-problem">{reason}' in answer.text.replace(
        "&#39;", "'"
    )
    assert count(office, MODELS[word]) == before


def test_an_activity_cannot_leave_its_own_workshops_out_of_its_ages(office: Engine) -> None:
    client = signed_in(office)
    form = {"name": "Snorkelen", "category": "sportief", "min_age": "4", "max_age": "6"}
    answer = post_form(client, f"{BASE}/hobbys/snorkelen", form)
    assert answer.status_code == 422
    assert (
        "Leeftijd vanaf: Er zijn activiteiten van deze hobby voor leeftijden die hier dan "
        "buiten vallen." in text_of(answer.text)
    )
    row = row_of(office, m.Activity, "snorkelen")
    assert (row["min_age"], row["max_age"], row["edited_at"]) == (8, 12, None)


def test_the_activity_form_says_when_the_bot_learns_a_new_hobby(office: Engine) -> None:
    client = signed_in(office)
    form = text_of(client.get(f"{BASE}/hobbys/nieuw").text)
    assert "De bot herkent de naam in getypte berichten pas na de volgende herstart." in form
    assert "Deze lijst is van alle bibliotheken samen." in form
    post_form(client, f"{BASE}/hobbys/nieuw", ACTIVITY)
    # In the agenda at once: a new workshop can be of this hobby.
    assert (
        '<option value="kerstkoken">Kerstkoken</option>'
        in client.get("/beheer/activiteit/nieuw").text
    )


def test_the_menu_and_the_overview_show_the_sections_to_staff_and_admins(
    office: Engine,
) -> None:
    for who in (LIBRARIAN, ADMIN):
        client = signed_in(office, who)
        assert f'<a href="{BASE}">Catalogus</a>' in client.get("/beheer").text
        overview = text_of(client.get(BASE).text)
        for line in (
            "Hobby's 3 stuks van alle bibliotheken samen",
            "Partners 2 stuks van jouw bibliotheek",
            "Plekken 2 stuks van jouw bibliotheek",
            "Materialen om te lenen 2 stuks van jouw bibliotheek",
            "Veelgestelde vragen 6 stuks van alle bibliotheken samen",
            "Schoolvakanties 1 stuk van alle bibliotheken samen",
        ):
            assert line in overview
    listed = text_of(client.get(f"{BASE}/hobbys").text)
    assert "Saxofoon saxofoon Creatief 9 14" in listed
    assert "Snorkelen snorkelen Sportief 8 12" in listed


def test_the_catalogue_in_english(office: Engine) -> None:
    client = signed_in(office)
    token = form_token(client.get(BASE).text)
    client.post("/beheer/taal", data={"csrf_token": token, "taal": "en", "terug": BASE})
    overview = text_of(client.get(BASE).text)
    assert "Hobbies 3 items shared by all libraries" in overview
    assert "School holidays 1 item shared by all libraries" in overview
    form = text_of(client.get(f"{BASE}/hobbys/snorkelen").text)
    assert "Change Snorkelling" in form and "Name in English" in form
    wrong = {"name": "Snorkelen", "category": "sportief", "min_age": "12", "max_age": "8"}
    answer = post_form(client, f"{BASE}/hobbys/snorkelen", wrong)
    assert "Age up to and including: The age 'up to' is lower than 'from'." in text_of(answer.text)


def test_partners_get_a_404_everywhere_in_the_catalogue(office: Engine) -> None:
    client = signed_in(office, PARTNER)
    assert f'href="{BASE}"' not in client.get("/beheer").text
    token = form_token(client.get("/beheer").text)
    for path in (BASE, f"{BASE}/hobbys", f"{BASE}/partners/sportbedrijf", f"{BASE}/vragen/cost"):
        assert client.get(path).status_code == 404
    changed = client.post(
        f"{BASE}/partners/sportbedrijf",
        data={"csrf_token": token, "name": "Overgenomen", "kind": "sports"},
    )
    assert changed.status_code == 404
    assert row_of(office, m.Partner, "sportbedrijf")["name"] == "Sportbedrijf Teststad"


def test_an_unknown_section_or_item_is_a_404(office: Engine) -> None:
    client = signed_in(office)
    for path in (f"{BASE}/evenementen", f"{BASE}/evenementen/nieuw", f"{BASE}/hobbys/judo"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert "Deze pagina bestaat niet, of je mag hem niet zien." in answer.text


def _another_library(engine: Engine) -> None:
    with engine.db.transaction() as session:
        session.add(m.Library(id="elders", name="Bieb Elders", city="Elders", address="Weg 1"))
        session.flush()
        club = m.Partner(id="elders-club", name="Club Elders", kind="club", library_id="elders")
        session.add_all(
            [club, m.Location(id="elders-hal", name="Hal", address="Weg 2", library_id="elders")]
        )
        session.flush()
        chess = session.get(m.Activity, "schaken")
        assert chess is not None
        chess.partners.append(club)


def test_another_librarys_partners_and_places_are_not_found(office: Engine) -> None:
    _another_library(office)
    client = signed_in(office)
    token = form_token(client.get(BASE).text)
    for path in (f"{BASE}/partners/elders-club", f"{BASE}/plekken/elders-hal"):
        assert client.get(path).status_code == 404
        posted = client.post(path, data={"csrf_token": token, "name": "Van ons", "address": "X"})
        assert posted.status_code == 404
    assert row_of(office, m.Location, "elders-hal")["name"] == "Hal"
    assert "Club Elders" not in client.get(f"{BASE}/partners").text
    # A shared hobby offers only this library's partners and keeps the other library's link.
    form = client.get(f"{BASE}/hobbys/schaken").text
    assert 'value="elders-club"' not in form
    assert "Blijft ook gekoppeld aan: elders-club (van een andere bibliotheek)." in text_of(form)
    fields = {"name": "Schaken", "category": "cognitief", "min_age": "7", "max_age": "14"}
    post_form(client, f"{BASE}/hobbys/schaken", {**fields, "partners": ["sportbedrijf"]})
    assert row_of(office, m.Activity, "schaken")["partners"] == ["elders-club", "sportbedrijf"]
    refused = post_form(client, f"{BASE}/hobbys/schaken", {**fields, "partners": ["elders-club"]})
    assert refused.status_code == 422


def test_a_name_with_a_script_tag_shows_as_text(office: Engine) -> None:
    client = signed_in(office)
    name = "<script>alert(1)</script> Club"
    post_form(client, f"{BASE}/partners/nieuw", {"id": "xss", "name": name, "kind": "club"})
    assert row_of(office, m.Partner, "xss")["name"] == name
    for path in (f"{BASE}/partners", f"{BASE}/partners/xss"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Club" in page


def _url(engine: Engine) -> str:
    return engine.db.engine.url.render_as_string(hide_password=False)


def test_a_later_import_keeps_an_edited_faq_answer_and_reports_it(office: Engine) -> None:
    client = signed_in(office)
    answer = "Alles is gratis, ook de materialen."
    form = {"question": "Wat kost het?", "answer": answer}
    assert post_form(client, f"{BASE}/vragen/cost", form).status_code == 303
    ran = talentbot_process(
        "catalogue", "import", str(FIXTURE_CATALOGUE), database_url=_url(office)
    )
    assert ran.returncode == 0, ran.stderr
    assert (
        f"kept faq cost: changed in the back-office at 2026-11-24 10:00 by web:{LIBRARIAN} "
        "(fields: answer); the YAML differs"
    ) in ran.stdout
    assert row_of(office, m.FaqEntry, "cost")["answer"] == {"nl": answer}
    assert answer in text_of(client.get(f"{BASE}/vragen/cost").text)


def test_the_export_passes_the_catalogue_check_after_web_edits(
    office: Engine, tmp_path: Path
) -> None:
    client = signed_in(office)
    for word, _, key, new, _, change, _ in CASES:
        assert post_form(client, f"{BASE}/{word}/nieuw", new).status_code == 303
        assert post_form(client, f"{BASE}/{word}/{key}", {**new, **change}).status_code == 303
    url, out = _url(office), tmp_path / "out"
    exported = talentbot_process("catalogue", "export", str(out), database_url=url)
    assert exported.returncode == 0, exported.stderr
    checked = talentbot_process("catalogue", "check", str(out), database_url=url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "OK (1 libraries, 3 partners, 3 locations, 4 activities" in checked.stdout
    written = (out / "activities.yaml").read_text(encoding="utf-8")
    assert "slug: kerstkoken" in written and "partners: [bieb, sportbedrijf]" in written
    # The export is the inverse of the import's conversion: importing it changes nothing.
    again = talentbot_process("catalogue", "import", str(out), database_url=url)
    assert again.returncode == 0 and "no changes" in again.stdout, again.stdout
