"""Staff moving and cancelling an event: a preview that counts families (not children) by
channel and lists the desk families to call, one confirmation, and exactly as many outbox
rows as families said to be told. Typed dates that cannot be are explained."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.db.models import AuditEntry, Event, OutboxMessage, Registration
from bot.engine.core import Engine
from bot.services import registrations as regs
from bot.services import staff
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import NOW
from tests.dialog import ChatUser, Step, check_dialog

LIBRARIAN, PARTNER = "9001", "9002"
EVENT = "ws-saxofoon"  # Saxofoon spelen, wo 13 januari 2027 14:00-15:00, capacity 2
OPEN_MANAGE = [
    Step(send="/deelnemers", messages=1, says=["Kies een activiteit:"], buttons=["Saxofoon"]),
    Step(press="Saxofoon spelen", messages=1, says=["👥 Saxofoon spelen"], buttons=["Wijzigen"]),
    Step(press="Wijzigen of afgelasten", messages=1, says=["Wat wil je doen?"], buttons=["Ver"]),
]
ASK_MOVE = Step(
    press="Verplaatsen", messages=1, says=["Wat is de nieuwe dag en begintijd?"], buttons=["Annu"]
)


@pytest.fixture
def librarian(any_engine: Engine) -> ChatUser:
    with any_engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        staff.add_staff(session, PARTNER, "partner", "teststad", "sportbedrijf")
    return ChatUser(any_engine, LIBRARIAN, channel="telegram")


def _family(engine: Engine, chat_id: str | None, *children: tuple[str, int]) -> list[int]:
    """A family with these children registered for the event; no chat id: a desk family."""
    with engine.db.transaction() as session:
        channel, external = ("telegram", chat_id) if chat_id else ("desk", uuid.uuid4().hex)
        family, _ = get_or_create_family(session, channel, external, language="nl", now=NOW)
        give_consent(family, NOW)
        ids = []
        for name, age in children:
            child = add_child(session, family, name, age, NOW)
            outcome = regs.register(
                session, event_id=EVENT, family=family, child=child, now=NOW, source="desk"
            )
            ids.append(outcome.registration.id)
        return ids


def _rows(engine: Engine, kind: str) -> list[OutboxMessage]:
    with engine.db.transaction() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == kind)
        return list(session.scalars(query.order_by(OutboxMessage.id)))


def _event(engine: Engine) -> Event:
    with engine.db.transaction() as session:
        event = session.get(Event, EVENT)
        assert event is not None
        return event


def _audit(engine: Engine) -> list[AuditEntry]:
    with engine.db.transaction() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action != "refused")))


def test_moving_counts_families_not_children_and_lists_desk_families_to_call(
    librarian: ChatUser,
) -> None:
    engine = librarian.engine
    for chat_id, kids in (
        ("401", ("Ann", "Bram")),
        ("402", ("Cas", "Dirk")),
        ("403", ("Eef", "Fos")),
    ):
        _family(engine, chat_id, (kids[0], 10), (kids[1], 9))
    (daan,) = _family(engine, None, ("Daan", 10))
    eva, fien = _family(engine, None, ("Eva", 11), ("Fien", 9))
    check_dialog(
        librarian,
        [
            *OPEN_MANAGE,
            ASK_MOVE,
            Step(
                send="20-01-2027 15:00",
                messages=1,
                says=[
                    "🕒 Saxofoon spelen verplaatsen?",
                    "📅 Nu: woensdag 13 januari 2027, 14:00–15:00",
                    "📅 Nieuw: woensdag 20 januari 2027, 15:00–16:00",
                    "📨 3 gezinnen krijgen bericht via Telegram.",
                    "📞 2 gezinnen hebben geen chat en krijgen géén bericht. Bel ze zelf",
                    f"• Daan (10) (inschrijving {daan})",
                    f"• Eva (11), Fien (9) (inschrijving {eva}, {fien})",
                ],
                not_says=["6 gezinnen", "8 gezinnen", "5 gezinnen", "Ann (10)", "Verplaatst"],
                buttons=["Ja, verplaatsen", "Ander moment", "Terug"],
            ),
        ],
    )
    # Only a preview: nothing moved, nobody told yet.
    assert _event(engine).start.isoformat() == "2027-01-13T13:00:00+00:00"
    assert _rows(engine, "event_changed") == []
    confirm = librarian.button("Ja, verplaatsen").token
    check_dialog(
        librarian,
        [
            Step(
                press="Ja, verplaatsen",
                messages=1,
                says=[
                    "Verplaatst naar woensdag 20 januari 2027, 15:00–16:00. 3 gezinnen krijgen",
                    "📞 Bel nu nog 2 gezinnen zonder chat:",
                    f"• Daan (10) (inschrijving {daan})",
                    f"• Eva (11), Fien (9) (inschrijving {eva}, {fien})",
                ],
                not_says=["6 gezinnen", "5 gezinnen"],
                no_buttons=["Ja, verplaatsen"],
            ),
            Step(token=confirm, ignored=True),  # a double tap moves and tells nobody twice
        ],
    )
    rows = _rows(engine, "event_changed")
    assert sorted(r.chat_id for r in rows) == ["401", "402", "403"]
    assert _event(engine).start.isoformat() == "2027-01-20T14:00:00+00:00"
    (entry,) = _audit(engine)
    assert (entry.action, entry.details["told"], entry.details["to_call"]) == ("event.move", 3, 2)


def test_moving_an_event_of_desk_families_only_tells_nobody_and_says_so(
    librarian: ChatUser,
) -> None:
    engine = librarian.engine
    names = ["Gijs", "Hans", "Ids", "Jet", "Kim", "Lot", "Mo"]
    calls = [(name, _family(engine, None, (name, 10))[0]) for name in names]
    check_dialog(
        librarian,
        [
            *OPEN_MANAGE,
            ASK_MOVE,
            Step(
                send="20-01-2027 15:00",
                messages=1,
                says=[
                    "📨 Geen enkel gezin krijgt een bericht in de chat.",
                    "📞 7 gezinnen hebben geen chat en krijgen géén bericht.",
                    *(f"• {name} (10) (inschrijving {number})" for name, number in calls),
                ],
                not_says=["7 gezinnen krijgen bericht", "via Telegram"],
                buttons=["Ja, verplaatsen"],
            ),
            Step(
                press="Ja, verplaatsen",
                messages=1,
                says=["Verplaatst naar", "0 gezinnen krijgen bericht", "Bel nu nog 7 gezinnen"],
                not_says=["7 gezinnen krijgen bericht"],
            ),
        ],
    )
    assert _rows(engine, "event_changed") == []


def test_dates_that_cannot_be_are_explained_and_change_nothing(librarian: ChatUser) -> None:
    engine = librarian.engine
    _family(engine, "401", ("Ann", 10))
    again = ["Annuleren"]
    check_dialog(
        librarian,
        [
            *OPEN_MANAGE,
            ASK_MOVE,
            Step(
                send="31-12-9999 23:30",
                messages=1,
                says=["Dat is wel heel ver weg. Kies een dag vóór donderdag 23 november 2028"],
                not_says=["Er ging iets mis", "verplaatsen?"],
                buttons=again,
            ),
            Step(
                send="24-11-2028 10:00",  # just over two years ahead
                messages=1,
                says=["Dat is wel heel ver weg."],
                buttons=again,
            ),
            Step(
                send="01-11-2026 10:00",
                messages=1,
                says=["Dat moment is al voorbij."],
                buttons=again,
            ),
            Step(
                send="31-02-2027 10:00",
                messages=1,
                says=["Dat begrijp ik niet. Typ de dag en tijd zo: 19-12-2026 14:00"],
                buttons=again,
            ),
            Step(
                send="13-01-2027 14:00",
                messages=1,
                says=["Zo staat het al gepland: woensdag 13 januari 2027, 14:00–15:00."],
                buttons=again,
            ),
            Step(
                send="22-11-2028 10:00",  # still within two years: the preview
                messages=1,
                says=["📅 Nieuw: woensdag 22 november 2028, 10:00–11:00", "1 gezin krijgt"],
                buttons=["Ja, verplaatsen"],
            ),
        ],
    )
    assert _event(engine).start.isoformat() == "2027-01-13T13:00:00+00:00"
    assert _rows(engine, "event_changed") == []
    assert _audit(engine) == []


def test_a_confirmation_after_the_event_was_moved_elsewhere_changes_nothing(
    librarian: ChatUser,
) -> None:
    engine = librarian.engine
    _family(engine, "401", ("Ann", 10))
    check_dialog(librarian, [*OPEN_MANAGE, ASK_MOVE])
    librarian.send("20-01-2027 15:00")
    stale = librarian.button("Ja, verplaatsen").token
    with engine.db.transaction() as session:  # a colleague moved it meanwhile
        event = session.get(Event, EVENT)
        assert event is not None
        event.start, event.end = event.start.replace(day=27), event.end.replace(day=27)
    check_dialog(
        librarian,
        [
            Step(
                token=stale,
                messages=1,
                says=["Dit is intussen al veranderd: het staat nu op woensdag 27 januari 2027"],
                not_says=["Verplaatst naar"],
            )
        ],
    )
    assert _event(engine).start.day == 27
    assert _rows(engine, "event_changed") == []


def test_cancelling_previews_families_and_desk_calls_then_tells_each_family_once(
    librarian: ChatUser,
) -> None:
    engine = librarian.engine
    _family(engine, "401", ("Ann", 10), ("Bram", 9))
    _family(engine, "402", ("Cas", 11))
    (daan,) = _family(engine, None, ("Daan", 10))
    check_dialog(
        librarian,
        [
            *OPEN_MANAGE,
            Step(
                press="Afgelasten",
                messages=1,
                says=[
                    "Weet je zeker dat Saxofoon spelen niet doorgaat?",
                    "📨 2 gezinnen krijgen bericht via Telegram.",
                    "📞 1 gezin heeft geen chat en krijgt géén bericht.",
                    f"• Daan (10) (inschrijving {daan})",
                ],
                not_says=["3 gezinnen", "4 gezinnen"],
                buttons=["Ja, afgelasten"],
            ),
        ],
    )
    assert _rows(engine, "event_cancelled") == []
    confirm = librarian.button("Ja, afgelasten").token
    check_dialog(
        librarian,
        [
            Step(
                press="Ja, afgelasten",
                messages=1,
                says=["Afgelast. 2 gezinnen krijgen bericht", "Bel nu nog 1 gezin zonder chat:"],
                not_says=["4 gezinnen", "3 gezinnen"],
            ),
            Step(token=confirm, ignored=True),
        ],
    )
    assert sorted(r.chat_id for r in _rows(engine, "event_cancelled")) == ["401", "402"]
    with engine.db.transaction() as session:
        statuses = {r.status_reason for r in session.scalars(select(Registration))}
    assert statuses == {"event_cancelled"}


def test_a_family_with_two_children_gets_one_message_even_if_one_child_cancels_first(
    librarian: ChatUser,
) -> None:
    from tests.test_notifications import RecordingChannel, dispatch

    engine = librarian.engine
    ann, _bram = _family(engine, "401", ("Ann", 10), ("Bram", 9))
    check_dialog(librarian, [*OPEN_MANAGE, ASK_MOVE])
    librarian.send("20-01-2027 15:00")
    librarian.press("Ja, verplaatsen")
    with engine.db.transaction() as session:  # Ann's registration (the row's) ends first
        registration = session.get(Registration, ann)
        assert registration is not None
        regs.cancel(session, registration, NOW, reason="by_family")
    channel = RecordingChannel()
    assert dispatch(engine, channel, NOW).sent == 1
    (message,) = channel.inbox["401"]
    assert message.text.startswith(
        "⚠️ Let op, er is iets veranderd aan Saxofoon spelen:\n"
        "📅 woensdag 20 januari 2027, 15:00–16:00\n📍 "
    )


def test_a_round_of_an_event_day_stays_within_its_day(engine: Engine) -> None:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    librarian = ChatUser(engine, LIBRARIAN, channel="telegram")
    check_dialog(
        librarian,
        [
            Step(send="/deelnemers", messages=1, says=["Kies een activiteit:"], buttons=["Sch"]),
            Step(press="Schaken voor beginners", messages=1, says=["👥 Schaken"], buttons=["Wij"]),
            Step(
                press="Wijzigen of afgelasten", messages=1, says=["Wat wil je doen?"], buttons=["V"]
            ),
            ASK_MOVE,
            Step(
                send="13-03-2027 15:30",  # would end at 16:30, after the day's 16:00
                messages=1,
                says=[
                    "Deze ronde hoort bij Talentendag (zaterdag 13 maart 2027, 10:00–16:00).",
                    "Kies een tijd binnen die dag.",
                ],
                not_says=["verplaatsen?"],
                buttons=["Annuleren"],
            ),
            Step(
                send="13-03-2027 14:00",
                messages=1,
                says=["📅 Nieuw: zaterdag 13 maart 2027, 14:00–15:00", "Geen enkel gezin"],
                buttons=["Ja, verplaatsen"],
            ),
        ],
    )
