"""Staff at the door and in long lists: check-in for a queue (a fixed order, undo, letters,
QR scans never throttled, open on the day only), no-shows only where check-in was used, and
the staff event list and registration lists a page at a time, with search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.config import ConfigError, Settings
from bot.db.models import AuditEntry, Event, Family, Registration
from bot.engine.core import Engine
from bot.jobs import record_no_shows
from bot.services import checkin, staff
from bot.services import registrations as regs
from bot.services.families import add_child
from tests.conftest import NOW
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import local_time, register

LIBRARIAN, PARTNER, FAMILY = "9001", "9002", "9005"
DOOR_START = local_time(2026, 12, 5, 10, 0)  # Freerunning proberen, Saturday 5 December
AT_THE_DOOR = local_time(2026, 12, 5, 9, 50)
# 45 children, a few first letters shared (B, D, S), one with an accent.
NAMES = (
    "Zoë",
    "Bram",
    "Ann",
    "Daan",
    "Cas",
    "Eva",
    "Fenna",
    "Gijs",
    "Hugo",
    "Ilse",
    "Jens",
    "Kim",
    "Lars",
    "Mila",
    "Noor",
    "Olaf",
    "Pim",
    "Quinn",
    "Rosa",
    "Sem",
    "Tess",
    "Umut",
    "Vera",
    "Wout",
    "Xena",
    "Yara",
    "Bo",
    "Dana",
    "Sara",
    "Finn",
    "Lotte",
    "Max",
    "Nina",
    "Ole",
    "Puck",
    "Roos",
    "Stijn",
    "Thijs",
    "Uma",
    "Vik",
    "Wes",
    "Émile",
    "Bas",
    "Dirk",
    "Siem",
)


def _with_staff(engine: Engine) -> Engine:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        staff.add_staff(session, PARTNER, "partner", "teststad", "sportbedrijf")
    return engine


@pytest.fixture
def staffed(engine: Engine) -> Engine:
    """On SQLite: the dialogs do not depend on the database."""
    return _with_staff(engine)


@pytest.fixture
def staffed_any(any_engine: Engine) -> Engine:
    """On SQLite and PostgreSQL: where status changes and queries decide the outcome."""
    return _with_staff(any_engine)


def _event(event_id: str, title: str, start, partner: str = "bieb", capacity: int = 60) -> Event:
    return Event(
        id=event_id,
        kind="workshop",
        title={"nl": title, "en": title},
        partner_id=partner,
        library_id="teststad",
        location_id="bieb-plein",
        audience="kids",
        start=start,
        end=start + timedelta(minutes=90),
        capacity=capacity,
        min_age=8,
        max_age=12,
    )


def _door_event(engine: Engine, names: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Freerunning on 5 December with these children registered (in this order); their
    check-in codes by name."""
    with engine.db.transaction() as session:
        session.add(_event("ws-freerunning", "Freerunning proberen", DOOR_START))
        session.flush()
    return _register(engine, "ws-freerunning", names)


def _register(engine: Engine, event_id: str, names: tuple[str, ...] | list[str]) -> dict[str, str]:
    """A family per child, registered as the chat does; the check-in codes by name."""
    codes = {}
    with engine.db.transaction() as session:
        first = session.query(Family).count()
        for number, name in enumerate(names):
            family = Family(
                channel="telegram",
                external_id=str(70_000 + first + number),
                library_id="teststad",
                consent_at=NOW,
            )
            session.add(family)
            session.flush()
            child = add_child(session, family, name, 10, NOW)
            outcome = regs.register(session, event_id=event_id, family=family, child=child, now=NOW)
            codes[name] = outcome.registration.checkin_code
    return codes


def _statuses(engine: Engine, event_id: str = "ws-freerunning") -> dict[str, str]:
    with engine.db.transaction() as session:
        rows = session.scalars(select(Registration).where(Registration.event_id == event_id))
        return {r.child.first_name: str(r.status) for r in rows.unique()}


def _labels(user: ChatUser) -> list[str]:
    return [b.label for b in user.buttons]


def _open_check_in(librarian: ChatUser) -> None:
    librarian.send("/deelnemers")
    librarian.press("Freerunning proberen")
    librarian.press("Inchecken")


def test_a_librarian_checks_in_at_the_door_and_the_names_stay_in_place(staffed: Engine) -> None:
    _door_event(staffed, ["Zoë", "Bo", "Ann", "Daan", "Cas"])  # registered out of order
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    _open_check_in(librarian)
    assert "0 van 5 binnen." in librarian.text
    door = ["⬜ Ann (10)", "⬜ Bo (10)", "⬜ Cas (10)", "⬜ Daan (10)", "⬜ Zoë (10)"]
    assert _labels(librarian) == [*door, "◀ Terug"]
    first = librarian.buttons[0].token
    check_dialog(
        librarian,
        [
            Step(
                token=first,
                messages=1,
                says=["✅ Ann is binnen.", "1 van 5 binnen."],
                buttons=["✅ Ann (10)", "↩️ Ann ongedaan maken"],
                no_buttons=["⬜ Ann", "✅ Bo"],
            )
        ],
    )
    # The same spot, tapped again on the new list: still Ann, and nothing changes.
    assert _labels(librarian) == [
        "✅ Ann (10)",
        *door[1:],
        "↩️ Ann ongedaan maken",
        "◀ Terug",
    ]
    check_dialog(
        librarian,
        [
            Step(
                token=librarian.buttons[0].token,
                messages=1,
                says=["Ann was al binnen: niet nog een keer ingecheckt.", "1 van 5 binnen."],
                not_says=["Bo is binnen", "niet meer ingecheckt"],
                buttons=["✅ Ann (10)", "⬜ Bo (10)", "↩️ Ann ongedaan maken"],
            ),
            Step(
                press="Ann ongedaan maken",
                messages=1,
                says=["↩️ Ann is niet meer ingecheckt.", "0 van 5 binnen."],
                buttons=["⬜ Ann (10)"],
                no_buttons=["✅ Ann", "ongedaan maken"],
            ),
        ],
    )
    assert _labels(librarian) == [*door, "◀ Terug"]  # the order never moved
    assert _statuses(staffed) == dict.fromkeys(["Zoë", "Bo", "Ann", "Daan", "Cas"], "confirmed")
    with staffed.db.transaction() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["checkin", "checkin.undo"]


def test_a_long_door_list_is_searched_by_letter_buttons_and_by_typing(staffed: Engine) -> None:
    _door_event(staffed, NAMES)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    _open_check_in(librarian)
    assert "0 van 45 binnen." in librarian.text and "Kies de eerste letter" in librarian.text
    labels = _labels(librarian)
    assert not any(label.startswith("⬜") for label in labels)  # letters first, no names
    assert {"B (3)", "D (3)", "S (4)", "E (2)", "Z (1)"} <= set(labels)
    check_dialog(
        librarian,
        [
            Step(
                press="B (3)",
                messages=1,
                says=["0 van 45 binnen."],
                buttons=["⬜ Bas (10)", "⬜ Bo (10)", "⬜ Bram (10)"],
                no_buttons=["⬜ Ann", "⬜ Daan"],
            ),
            Step(
                press="Bo (10)",
                messages=1,
                says=["✅ Bo is binnen.", "1 van 45 binnen."],
                buttons=["⬜ Bas (10)", "✅ Bo (10)", "⬜ Bram (10)", "↩️ Bo ongedaan maken"],
            ),
            Step(
                send="da",
                messages=1,
                says=["1 van 45 binnen."],
                buttons=["⬜ Daan (10)", "⬜ Dana (10)"],
                no_buttons=["⬜ Dirk", "Bo (10)"],
            ),
            Step(
                send="em",  # typed without the accent
                messages=1,
                says=["1 van 45 binnen."],
                buttons=["⬜ Émile (10)"],
                no_buttons=["⬜ Eva"],
            ),
            Step(
                send="q",
                messages=1,
                says=["1 van 45 binnen."],
                buttons=["⬜ Quinn (10)"],
            ),
            Step(
                send="xo",
                messages=1,
                says=["Niemand op de lijst met een naam die begint met ‘xo’."],
                no_buttons=["⬜ Xena"],
            ),
            # A sentence is not a name: it is answered like any other message.
            Step(
                send="hoe laat gaat de bieb open?",
                messages=2,
                says=["Openingstijden van Bibliotheek Teststad"],
                not_says=["Niemand op de lijst", "van 45 binnen"],
            ),
        ],
    )
    assert _statuses(staffed)["Bo"] == "attended"


def test_45_qr_scans_are_all_checked_in_and_a_family_is_still_throttled(
    staffed_any: Engine,
) -> None:
    staffed = staffed_any
    codes = _door_event(staffed, NAMES)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    answers = []
    for name in NAMES:  # one scan every 1.5 seconds, as a queue at the door
        librarian.now += timedelta(seconds=1.5)
        outcome = librarian.send(f"/start ci_{codes[name]}")
        answers.append("\n".join(r.text for r in outcome.replies))
    assert all("is ingecheckt voor Freerunning proberen" in a for a in answers), answers
    assert not any("veel berichten" in a for a in answers)
    assert "✅ Émile (10) is ingecheckt" in answers[NAMES.index("Émile")]
    assert set(_statuses(staffed).values()) == {"attended"}
    # Scanning a code again: "al binnen", no second check-in.
    librarian.now += timedelta(seconds=1.5)
    librarian.send(f"/start ci_{codes['Ann']}")
    assert "Ann (10) is al binnen voor Freerunning proberen" in librarian.text
    with staffed.db.transaction() as session:
        scans = session.scalars(select(AuditEntry).where(AuditEntry.action == "checkin.scan"))
        results = [e.details["result"] for e in scans]
    assert results.count("checked_in") == 45 and results[-1] == "already"
    # The same pace from a family: the flood guard still answers it once, then ignores it.
    family = ChatUser(staffed, FAMILY, channel="telegram")
    family.now = AT_THE_DOOR
    ignored = 0
    warnings = 0
    for _ in range(45):
        family.now += timedelta(seconds=1.5)
        outcome = family.send("/agenda")
        ignored += outcome.ignored
        warnings += any("Wow, dat zijn veel berichten!" in r.text for r in outcome.replies)
    assert warnings == 1
    assert ignored == 45 - 30 - 1  # 30 answered, one warning, the rest ignored


def test_check_in_opens_on_the_event_day_only(staffed: Engine) -> None:
    codes = _door_event(staffed, ["Ann", "Bo"])
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = DOOR_START - timedelta(days=7)
    check_dialog(
        librarian,
        [
            Step(
                send="/deelnemers",
                messages=1,
                says=["Kies een activiteit:"],
                buttons=["za 5 dec · Freerunning proberen"],
            ),
            Step(
                press="Freerunning proberen",
                messages=1,
                says=["✅ Ann (10)"],
                buttons=["Inchecken"],
            ),
            Step(
                press="Inchecken",
                messages=1,
                says=["⏰ Inchecken voor Freerunning proberen opent op zaterdag 5 december."],
                no_buttons=["⬜ Ann", "⬜ Bo"],
            ),
            Step(
                send=f"/start ci_{codes['Ann']}",
                messages=1,
                says=["opent op zaterdag 5 december"],
                not_says=["is ingecheckt"],
            ),
        ],
    )
    librarian.now = DOOR_START + timedelta(days=1)  # the day after
    librarian.send(f"/start ci_{codes['Bo']}")
    assert "Inchecken voor Freerunning proberen is gesloten" in librarian.text
    assert _statuses(staffed) == {"Ann": "confirmed", "Bo": "confirmed"}
    # A deployment that opens it a week before (TALENTBOT_CHECKIN_DAYS_BEFORE=7).
    early = Engine(staffed.db, staffed.content, staffed.understander, checkin_days_before=7)
    early_librarian = ChatUser(early, LIBRARIAN, channel="telegram")
    early_librarian.now = DOOR_START - timedelta(days=7)
    early_librarian.send(f"/start ci_{codes['Ann']}")
    assert "✅ Ann (10) is ingecheckt" in early_librarian.text
    assert _statuses(staffed) == {"Ann": "attended", "Bo": "confirmed"}


def test_the_check_in_days_setting() -> None:
    assert Settings.from_env({}).checkin_days_before == 0
    assert Settings.from_env({"TALENTBOT_CHECKIN_DAYS_BEFORE": "2"}).checkin_days_before == 2
    with pytest.raises(ConfigError, match="TALENTBOT_CHECKIN_DAYS_BEFORE cannot be negative"):
        Settings.from_env({"TALENTBOT_CHECKIN_DAYS_BEFORE": "-1"})


def test_no_shows_only_for_events_where_check_in_was_used(staffed_any: Engine) -> None:
    staffed = staffed_any
    _door_event(staffed, ["Ann", "Bo", "Cas"])
    for uid, name in (("301", "Dex"), ("302", "Eef")):  # Saxofoon: nobody checked in there
        register(ChatUser(staffed, uid, channel="telegram"), name)
    with staffed.db.transaction() as session:
        rows = session.scalars(
            select(Registration).where(Registration.event_id == "ws-freerunning")
        )
        for registration in rows.unique():
            if registration.child.first_name in ("Ann", "Bo"):
                checkin.arrive(registration, AT_THE_DOOR)
            if registration.child.first_name == "Bo":  # a mistake, undone
                checkin.undo(registration, AT_THE_DOOR)
    assert record_no_shows(staffed.db, DOOR_START) == 0  # not over yet
    after_both = local_time(2027, 1, 14, 9)
    assert record_no_shows(staffed.db, after_both) == 2
    assert record_no_shows(staffed.db, after_both + timedelta(hours=1)) == 0  # once
    assert _statuses(staffed) == {"Ann": "attended", "Bo": "no_show", "Cas": "no_show"}
    assert _statuses(staffed, "ws-saxofoon") == {"Dex": "confirmed", "Eef": "confirmed"}


def _many_events(engine: Engine) -> int:
    """Events up to 34 for the library: weekly workshops, and freerunning in June last."""
    with engine.db.transaction() as session:
        member = staff.staff_member(session, LIBRARIAN)
        visible = len(staff.visible_events(session, member, NOW))
        for week in range(34 - visible - 1):
            start = local_time(2026, 12, 2, 15) + timedelta(weeks=week)
            session.add(_event(f"ws-knutselen-{week}", f"Knutselen {week + 1}", start))
        session.add(
            _event("ws-freerunning-juni", "Freerunning in het park", local_time(2027, 6, 12, 10))
        )
        session.flush()
        return len(staff.visible_events(session, member, NOW))


def test_34_events_are_paged_and_search_finds_the_june_event(staffed: Engine) -> None:
    assert _many_events(staffed) == 34
    _register(staffed, "ws-freerunning-juni", ["Ann"])
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.send("/deelnemers")
    assert "Pagina 1 van 5" in librarian.text and "Typ een woord uit de titel" in librarian.text
    assert len([label for label in _labels(librarian) if " · " in label]) == 8
    for page in (2, 3, 4, 5):
        librarian.press("Volgende ▶")
        assert f"Pagina {page} van 5" in librarian.text
    assert "Volgende ▶" not in _labels(librarian) and "◀ Vorige" in _labels(librarian)
    assert "za 12 jun · Freerunning in het park" in _labels(librarian)
    check_dialog(
        librarian,
        [
            Step(
                press="Freerunning in het park",
                messages=1,
                says=["👥 Freerunning in het park", "✅ Ann (10)"],
                buttons=["Inchecken"],
            ),
            Step(
                send="/deelnemers",
                messages=1,
                says=["Pagina 1 van 5"],
                no_buttons=["Freerunning in het park"],
            ),
            Step(
                send="freerunning",
                messages=1,
                says=["🔎 1 activiteit gevonden voor ‘freerunning’."],
                buttons=["za 12 jun · Freerunning in het park", "Alle activiteiten"],
                no_buttons=["Knutselen", "Saxofoon"],
            ),
            Step(
                send="12 juni",
                messages=1,
                says=["1 activiteit gevonden voor ‘12 juni’"],
                buttons=["Freerunning in het park"],
            ),
            Step(
                send="12-6",
                messages=1,
                says=["1 activiteit gevonden"],
                buttons=["Freerunning in het park"],
            ),
            Step(
                send="januari",
                messages=1,
                says=["activiteiten gevonden voor ‘januari’"],
                buttons=["wo 13 jan · Saxofoon spelen"],
                no_buttons=["Freerunning"],
            ),
            Step(
                send="zwemmen",
                messages=1,
                says=["Geen activiteit gevonden voor ‘zwemmen’.", "Pagina 1 van 5"],
            ),
        ],
    )
    partner = ChatUser(staffed, PARTNER, channel="telegram")  # not the partner's event
    partner.send("/deelnemers")
    partner.send("freerunning")
    assert "Geen activiteit gevonden" in partner.text
    assert not any("Freerunning" in label or "Knutselen" in label for label in _labels(partner))


def test_an_announcement_can_reach_the_registrants_of_the_last_page(staffed: Engine) -> None:
    _many_events(staffed)
    _register(staffed, "ws-freerunning-juni", ["Ann"])
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.send("/omroep")
    librarian.send("Neem een flesje water mee!")
    librarian.press("Ingeschrevenen van een activiteit")
    assert "Pagina 1 van 5" in librarian.text
    check_dialog(
        librarian,
        [
            Step(
                send="park",
                messages=1,
                says=["1 activiteit gevonden voor ‘park’"],
                buttons=["Freerunning in het park"],
            ),
            Step(
                press="Freerunning in het park",
                messages=1,
                says=["Neem een flesje water mee!", "Dit bericht gaat naar 1 "],
                buttons=["Versturen"],
            ),
        ],
    )


def test_a_long_registration_list_is_paged(staffed: Engine) -> None:
    _door_event(staffed, NAMES)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.send("/deelnemers")
    librarian.press("Freerunning proberen")
    check_dialog(
        librarian,
        [
            Step(
                press="Volgende ▶",
                messages=1,
                says=["Pagina 2 van 3 · 45 inschrijvingen", f"✅ {NAMES[20]} (10)"],
                not_says=[f"✅ {NAMES[19]} (10)", f"✅ {NAMES[40]} (10)"],
                buttons=["◀ Vorige", "Volgende ▶", "Inchecken"],
            ),
            Step(
                press="Volgende ▶",
                messages=1,
                says=["Pagina 3 van 3", f"✅ {NAMES[44]} (10)"],
                no_buttons=["Volgende ▶"],
            ),
        ],
    )
