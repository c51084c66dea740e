"""Double submits, stale forms, two librarians at once, a catalogue import at the same time,
and a sign-in sent from another site: the back-office acts once, notices what changed, waits
instead of deadlocking. Real app, real databases, Starlette's test client (tests/office.py).
Written by a review of the back-office, each failing on the code as it was."""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from starlette.testclient import TestClient

from bot.db.models import AuditEntry, Event, OutboxMessage, Registration
from bot.db.states import ACTIVE_STATUSES, OutboxKind
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.nlu import Understander
from bot.services import desk, event_changes
from bot.services.catalogue_copy import lock_catalogue
from tests.conftest import _opened_copy
from tests.office import (
    NOW,
    add_member,
    form_token,
    link_for,
    office_client,
    sign_in,
    token_of,
)

LIBRARIAN, COLLEAGUE = "7100", "7101"
SNORKELEN = "/beheer/activiteit/ws-snorkelen"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, COLLEAGUE, "staff")
    return any_engine


@pytest.fixture
def pg_office(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    content: Content,
    fixture_understander: Understander,
) -> Iterator[Engine]:
    """The fixture catalogue on PostgreSQL only (row locks and deadlocks are PostgreSQL's)."""
    for database in _opened_copy(request, "postgres", "catalogue", tmp_path):
        engine = Engine(database, content, fixture_understander)
        add_member(engine, LIBRARIAN, "staff")
        add_member(engine, COLLEAGUE, "staff")
        yield engine


def signed_in(engine: Engine, telegram_id: str = LIBRARIAN) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def form_fields(html: str, action: str | None = None) -> dict[str, str]:
    """What a browser would submit from the page's form (the one posting to `action`, else
    the event form): inputs, ticked boxes, selected options, textareas."""
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", html, re.S)
    if action is None:
        body = next(b for attrs, b in forms if "event-form" in attrs or "action" not in attrs)
    else:
        body = next(b for attrs, b in forms if f'action="{action}"' in attrs)
    found: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", body):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if name is None or (kind and kind.group(1) == "checkbox" and "checked" not in tag):
            continue
        found[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        found[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', body, re.S):
        found[name] = unescape(text)
    return found


# --- 1. A double submit at the desk registers the same child twice --------------------------


def test_a_double_submitted_desk_registration_takes_one_seat(office: Engine) -> None:
    """A librarian taps "Inschrijven" twice (or the tablet resends after a timeout): the child
    gets one seat. Today each submit makes a new desk-only family, so find_child never finds
    the first Daan and a second seat is taken (a child on the waiting list loses it)."""
    client = signed_in(office)
    page = client.get(SNORKELEN).text
    form = form_fields(page, f"{SNORKELEN}/inschrijven")
    form |= {"first_name": "Daan", "age": "10", "consent": "ja"}
    sent = [client.post(f"{SNORKELEN}/inschrijven", data=form) for _ in range(2)]
    assert [r.status_code for r in sent] == [303, 303]
    assert "sent_twice" in sent[1].headers["location"]
    with office.db.transaction() as session:
        seats = session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(
                Registration.event_id == "ws-snorkelen",
                Registration.status.in_(list(ACTIVE_STATUSES)),
            )
        )
    assert seats == 1


# --- 2. A stale edit form silently undoes a colleague's change ------------------------------


def test_a_stale_edit_form_does_not_undo_a_colleagues_change(office: Engine) -> None:
    """Two librarians open the same event's form; one raises the capacity to 20 (the waiting
    list is offered the seats), the other then fixes a typo in the title from the form they
    opened earlier. Today the second save writes the old capacity back without a word: only
    changes that need a preview are checked against the version ('versie'), and that version
    is taken when the preview is drawn, not when the form was opened."""
    first, second = signed_in(office, LIBRARIAN), signed_in(office, COLLEAGUE)
    mine = form_fields(first.get(f"{SNORKELEN}/bewerken").text)
    theirs = form_fields(second.get(f"{SNORKELEN}/bewerken").text)

    theirs["capacity"] = "20"
    assert second.post(f"{SNORKELEN}/bewerken", data=theirs).status_code == 303

    mine["title"] = "Snorkelen voor iedereen"
    first.post(f"{SNORKELEN}/bewerken", data=mine)
    with office.db.transaction() as session:
        assert session.get(Event, "ws-snorkelen").capacity == 20


# --- 3. The edit form moves an event into the past ------------------------------------------


def test_the_edit_form_cannot_move_an_event_into_the_past(office: Engine) -> None:
    """The move page refuses a start in the past (move_rules.move_problem), but the edit form
    changes start and end with only the catalogue's checks: the event with a registered
    child moves to last week and the family is told it moved there."""
    with office.db.transaction() as session:
        done = desk.register_at_desk(
            session, event_id="ws-snorkelen", first_name="Sam", age=10, now=NOW
        )
        assert done.registration is not None
    client = signed_in(office)
    form = form_fields(client.get(f"{SNORKELEN}/bewerken").text)
    form |= {"start": "2026-11-17T14:00", "end": "2026-11-17T15:30"}  # NOW is 24 November
    response = client.post(f"{SNORKELEN}/bewerken", data=form)
    # The time changes only through "Verplaatsen", which refuses the past: here nothing.
    assert response.status_code == 303
    assert "unchanged" in response.headers["location"]
    with office.db.transaction() as session:
        event = session.get(Event, "ws-snorkelen")
        assert event.start > NOW
        told = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == OutboxKind.EVENT_CHANGED)
        )
        assert told == 0


# --- 4. A double-submitted "new event" form makes two events --------------------------------


def test_a_double_submitted_new_event_form_creates_one_event(office: Engine) -> None:
    """A double click on "Opslaan" (or a reload that resends the POST) adds the workshop
    twice: new_event_id numbers the second one ws-kerstkoken-2026-12-19-2, and families see
    and can register for both."""
    client = signed_in(office)
    form = form_fields(client.get("/beheer/activiteit/nieuw").text)
    form |= {
        "kind": "workshop",
        "title": "Kerstkoken",
        "activity": "schaken",
        "partner": "bieb",
        "location": "bieb-plein",
        "audience": "kids",
        "start": "2026-12-19T14:00",
        "end": "2026-12-19T15:00",
        "capacity": "10",
        "min_age": "9",
        "max_age": "12",
    }
    for _ in range(2):
        client.post("/beheer/activiteit/nieuw", data=form)
    with office.db.transaction() as session:
        made = session.scalars(select(Event.id).where(Event.id.like("ws-kerstkoken%"))).all()
    assert len(made) == 1, made


# --- 5. Sign-in accepts a cross-site POST (login CSRF) --------------------------------------


def test_a_cross_site_sign_in_post_is_refused(office: Engine) -> None:
    """POST /beheer/inloggen is the one form without a form token. A page elsewhere can
    auto-submit an attacker's own valid link (any partner account) and the victim's browser
    is silently signed in as the attacker (and a session the victim had is replaced): what the
    librarian then types at the desk or in an answer happens in the attacker's account. The
    browser says where the POST came from (Origin, Sec-Fetch-Site); a cross-site one must
    open no session."""
    client, _ = office_client(office)
    link = link_for(office, LIBRARIAN)
    response = client.post(
        "/beheer/inloggen",
        data={"token": token_of(link)},
        headers={"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
    )
    assert "talentbot_beheer" not in response.headers.get("set-cookie", "")
    assert response.status_code == 403
    same_site = client.post(
        "/beheer/inloggen", data={"token": token_of(link)}, headers={"origin": "null"}
    )
    assert same_site.status_code == 303  # the link was not used up by the refused POST


# --- 6. Web changes to events skip the catalogue lock: a deadlock with an import ------------


@pytest.mark.postgres
def test_a_web_move_during_a_catalogue_import_waits_instead_of_deadlocking(
    pg_office: Engine,
) -> None:
    """The importer and the chat's move/cancel take the catalogue token's lock first
    (catalogue_copy.lock_catalogue: 'taken first, a catalogue change waits for the one in
    progress'); the back-office's edit, move and cancel do not. The web request locks the
    event row, its trigger then waits for the token the import holds, and the import then
    waits for the event row: PostgreSQL aborts one of them with a deadlock."""
    office = pg_office
    client = signed_in(office)
    preview = client.post(
        f"{SNORKELEN}/verplaatsen",
        data={
            "csrf_token": form_token(client.get(f"{SNORKELEN}/verplaatsen").text),
            "start": "2026-12-13T14:00",
        },
    )
    confirm = form_fields(preview.text)
    assert confirm.get("bevestigd") == "1"

    results: dict[str, object] = {}
    with office.db.transaction() as importing:
        lock_catalogue(importing)  # as import_catalogue does first

        def web() -> None:
            try:
                results["web"] = client.post(f"{SNORKELEN}/verplaatsen", data=confirm).status_code
            except Exception as error:  # a deadlock surfaces here as a 500
                results["web"] = repr(error)

        thread = threading.Thread(target=web)
        thread.start()
        thread.join(1.0)  # the web request is now waiting on the import
        # The import goes on with the events (here: the same one, renamed in the YAML).
        importing.execute(
            update(Event).where(Event.id == "ws-snorkelen").values(title={"nl": "Snorkelen!"})
        )
    thread.join(30)
    # It waited for the import, then saw the event changed since its preview: it shows the
    # preview again (nothing moved) instead of failing on a deadlock.
    assert results.get("web") == 200, results
    with office.db.transaction() as session:
        assert session.get(Event, "ws-snorkelen").start.day == 12


# --- 7. Two librarians confirming at the same moment both change the event -----------------


@pytest.mark.postgres
def test_two_confirms_of_one_preview_version_change_the_event_once(
    pg_office: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both librarians preview a move of the same version of the event (one to Sunday, one
    to a week later) and press "Bevestigen" at the same moment. The version check reads the
    event without a lock, so both pass and both moves are made: the family hears of both and
    the event ends where the slower one put it. The chat's move_confirm locks and re-reads
    first (manage._lock); the web should too, so the second confirm gets the stale preview."""
    office = pg_office
    first, second = signed_in(office, LIBRARIAN), signed_in(office, COLLEAGUE)
    confirms = []
    for client, start in ((first, "2026-12-13T14:00"), (second, "2026-12-19T14:00")):
        token = form_token(client.get(f"{SNORKELEN}/verplaatsen").text)
        preview = client.post(
            f"{SNORKELEN}/verplaatsen", data={"csrf_token": token, "start": start}
        )
        confirms.append(form_fields(preview.text))
    assert confirms[0]["versie"] == confirms[1]["versie"]

    both_checked = threading.Barrier(2)
    real_move = event_changes.move

    def move_after_both_checked(*args, **kwargs):  # type: ignore[no-untyped-def]
        # A locking fix makes the other confirm wait before its check: the barrier breaks.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=3)
        return real_move(*args, **kwargs)

    monkeypatch.setattr(event_changes, "move", move_after_both_checked)
    statuses: list[object] = []

    def confirm(client: TestClient, form: dict[str, str]) -> None:
        try:
            response = client.post(f"{SNORKELEN}/verplaatsen", data=form)
            moved = response.status_code == 303 and "moved" in response.headers["location"]
            statuses.append("moved" if moved else response.status_code)
        except Exception as error:
            statuses.append(repr(error))

    threads = [
        threading.Thread(target=confirm, args=(client, form))
        for client, form in zip((first, second), confirms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with office.db.transaction() as session:
        moves = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "web.event_move")
        )
    assert statuses.count("moved") == 1, statuses
    assert moves == 1
