"""Staff: roles, who may see what, attendee lists, check-in and announcements."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from telegram.ext import ExtBot

from bot.channels.telegram.delivery import send_rate_limiter, telegram_sender
from bot.db.models import AuditEntry, Family, Library, OutboxMessage, Registration
from bot.engine.core import Engine
from bot.outbox import queue as outbox_queue
from bot.outbox.dispatch import Dispatcher
from bot.services import broadcasts, staff
from botapi_emulator import BotApiEmulator
from tests.cli import talentbot
from tests.conftest import FIXTURE_CATALOGUE, NOW
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import local_time, register

LIBRARIAN, PARTNER, OTHER_LIBRARY, STRANGER = "9001", "9002", "9003", "9004"
CHOOSE_EVENT = Step(
    send="/deelnemers",
    messages=1,
    says=["Kies een activiteit:"],
    buttons=["wo 13 jan · Saxofoon spelen", "za 12 dec · Snorkelen proberen"],
)
ANNOUNCE = Step(
    send="/omroep",
    messages=1,
    says=["Wat wil je omroepen?", "stuur een foto met een onderschrift"],
    buttons=["Annuleren"],
)
# Check-in opens on the event's day: the door of Saxofoon spelen (13 January 2027, 14:00).
AT_THE_DOOR = local_time(2027, 1, 13, 13, 45)
AUDIENCES = ["Alle gezinnen", "Ingeschrevenen van een activiteit", "Wachtlijst van een activiteit"]


@pytest.fixture
def staffed(engine: Engine) -> Engine:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
        staff.add_staff(session, PARTNER, "partner", "teststad", "sportbedrijf")
    return engine


def _registered_families(engine: Engine) -> None:
    for uid, name in (("301", "Ann"), ("302", "Bo"), ("303", "Cas")):
        register(ChatUser(engine, uid, channel="telegram"), name)


def _audit(engine: Engine) -> list[AuditEntry]:
    with engine.db.transaction() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_staff_commands_do_not_exist_for_families(staffed: Engine) -> None:
    stranger = ChatUser(staffed, STRANGER, channel="telegram")
    staff_commands = [
        f"/{name}"
        for name, action in staffed.commands.actions.items()
        if action.startswith(("staff.", "handoff.open"))
    ]
    assert {"/omroep", "/deelnemers", "/rapport", "/vragen"} <= set(staff_commands)
    for command in [*staff_commands, "/deelnemers ws-saxofoon", "/omroep '; DROP TABLE x"]:
        stranger.send(command)
        assert f"Het commando {command.split()[0]} ken ik niet" in stranger.text, command
    refused = [e for e in _audit(staffed) if e.action == "refused"]
    assert len(refused) == len(staff_commands) + 2
    assert all(e.actor.startswith("h:") for e in refused)
    assert STRANGER not in json.dumps([(e.actor, e.target, e.details) for e in refused])


def test_attendee_list_and_check_in(staffed: Engine) -> None:
    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    check_dialog(
        librarian,
        [
            Step(
                send="/deelnemers",
                messages=1,
                says=["Kies een activiteit:"],
                buttons=["wo 13 jan · Saxofoon spelen"],
                no_buttons=["Snorkelen proberen"],  # 12 December is over
            ),
            Step(
                press="Saxofoon spelen",
                messages=1,
                says=["👥 Saxofoon spelen", "✅ Ann (10)", "✅ Bo (10)", "⏳ Cas (10) (plek 1)"],
                not_says=["Ouder"],  # first names and ages only
                buttons=["Inchecken", "CSV", "Excel", "Wijzigen of afgelasten"],
            ),
            Step(
                press="Inchecken",
                messages=1,
                says=["Inchecken · Saxofoon spelen", "0 van 2 binnen.", "Tik op een naam"],
                buttons=["⬜ Ann (10)", "⬜ Bo (10)"],
                no_buttons=["Cas"],  # on the waiting list: not expected at the door
            ),
            Step(
                press="Ann",
                messages=1,
                says=["✅ Ann is binnen.", "1 van 2 binnen."],
                buttons=["✅ Ann (10)", "⬜ Bo (10)", "↩️ Ann ongedaan maken"],
                no_buttons=["⬜ Ann"],
            ),
        ],
    )
    with staffed.db.transaction() as session:
        statuses = {r.child.first_name: r.status for r in session.scalars(select(Registration))}
    assert statuses == {"Ann": "attended", "Bo": "confirmed", "Cas": "waitlisted"}
    assert [e.action for e in _audit(staffed)] == ["checkin"]


def test_partners_see_only_their_own_events(staffed: Engine) -> None:
    partner = ChatUser(staffed, PARTNER, channel="telegram")
    partner.send("/deelnemers")
    labels = [b.label for b in partner.buttons]
    assert any("Snorkelen proberen" in label for label in labels)
    assert not any("Saxofoon" in label for label in labels)
    # A button of the library's list pressed by the partner (as if forged): refused.
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.send("/deelnemers")
    with staffed.db.transaction() as session:
        from bot.engine.context import Context
        from bot.engine.flows.staff.attendees import attendees
        from bot.engine.state import ConversationState

        family = session.scalars(select(Family).where(Family.external_id == PARTNER)).one()
        ctx = Context(session, family, ConversationState(mode="parent"), staffed.content, NOW)
        attendees(ctx, "ws-saxofoon")
        assert "niet onder jouw bibliotheek" in ctx.replies[0].text


def test_staff_of_another_library_cannot_open_our_events(staffed: Engine) -> None:
    with staffed.db.transaction() as session:
        session.add(
            Library(
                id="anderstad",
                name="Bibliotheek Anderstad",
                city="Anderstad",
                address="Marktplein 2",
            )
        )
        session.flush()
        staff.add_staff(session, OTHER_LIBRARY, "admin", "anderstad")
    other = ChatUser(staffed, OTHER_LIBRARY, channel="telegram")
    other.send("/deelnemers")
    assert "geen activiteiten" in other.text


def test_announcement_from_the_chat_with_preview_and_count(staffed: Engine) -> None:
    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    check_dialog(
        librarian,
        [
            ANNOUNCE,
            Step(
                send="De Talentendag is op 13 maart!",
                messages=1,
                says=["Naar wie moet het bericht?"],
                buttons=AUDIENCES,
            ),
            Step(
                press="Alle gezinnen",
                messages=1,
                says=["Voorbeeld:", "De Talentendag is op 13 maart!", "gaat naar 4 gezinnen."],
                buttons=["Versturen", "Annuleren"],
            ),
            Step(
                press="Versturen",
                messages=1,
                says=["📣 4 berichten staan klaar."],
                buttons=["Voortgang"],
                no_buttons=["Versturen"],  # no second send from the same preview
            ),
            Step(
                press="Voortgang",
                messages=1,
                says=["Van de 4 berichten: 0 verstuurd, 4 nog bezig"],
                buttons=["Voortgang"],
            ),
        ],
    )
    with staffed.db.transaction() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "broadcast"))
        # The three families, and the librarian's own chat (staff see what families see).
        assert sorted(m.chat_id for m in rows) == ["301", "302", "303", LIBRARIAN]
    assert [e.action for e in _audit(staffed)] == ["broadcast.send"]


def test_a_partner_may_only_announce_to_their_own_events(staffed: Engine) -> None:
    partner = ChatUser(staffed, PARTNER, channel="telegram")
    partner.send("/omroep")
    partner.send("Neem je zwemspullen mee")
    labels = [b.label for b in partner.buttons]
    assert "👪 Alle gezinnen" not in labels
    partner.press("Ingeschrevenen van een activiteit")
    assert all("Saxofoon" not in b.label for b in partner.buttons)


def test_staff_cli_add_list_remove_and_mistakes(sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    ok = talentbot(
        "staff",
        "add",
        "--telegram-id",
        "55",
        "--role",
        "partner",
        "--library",
        "teststad",
        "--partner",
        "sportbedrijf",
        database_url=sqlite_database,
    )
    assert ok.returncode == 0, ok.stderr
    missing = talentbot(
        "staff",
        "add",
        "--telegram-id",
        "56",
        "--role",
        "partner",
        "--library",
        "teststad",
        database_url=sqlite_database,
    )
    assert missing.returncode == 1 and "needs --partner" in missing.stderr
    wrong = talentbot(
        "staff",
        "add",
        "--telegram-id",
        "57",
        "--role",
        "staff",
        "--library",
        "nergens",
        database_url=sqlite_database,
    )
    assert wrong.returncode == 1 and "no library 'nergens'" in wrong.stderr
    listed = json.loads(talentbot("staff", "list", "--json", database_url=sqlite_database).stdout)
    assert listed == [
        {"telegram_id": "55", "role": "partner", "library": "teststad", "partner": "sportbedrijf"}
    ]
    assert (
        talentbot("staff", "remove", "--telegram-id", "55", database_url=sqlite_database).returncode
        == 0
    )


def test_broadcast_cli_send_and_status(tmp_path: Path, sqlite_database: str) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=sqlite_database)
    for parent in ("61", "62"):
        talentbot(
            "registrations",
            "add",
            "--event",
            "ws-snorkelen",
            "--child",
            "Kim",
            "--age",
            "10",
            "--parent-telegram-id",
            parent,
            database_url=sqlite_database,
        )
    sent = talentbot(
        "broadcast",
        "send",
        "--audience",
        "event:ws-snorkelen",
        "--text",
        "Neem een handdoek mee!",
        database_url=sqlite_database,
    )
    assert sent.returncode == 0, sent.stderr
    broadcast_id = sent.stdout.strip()
    status = talentbot("broadcast", "status", broadcast_id, "--json", database_url=sqlite_database)
    assert json.loads(status.stdout) == {
        "total": 2,
        "sent": 0,
        "blocked": 0,
        "failed": 0,
        "pending": 2,
        "skipped": 0,
    }
    bad = talentbot(
        "broadcast", "send", "--audience", "iedereen", "--text", "x", database_url=sqlite_database
    )
    assert bad.returncode == 1 and "audience must be" in bad.stderr


def test_a_large_broadcast_arrives_exactly_once_despite_limits_blocks_and_a_crash(
    engine: Engine,
) -> None:
    recipients = [str(20_000 + n) for n in range(2000)]
    blocked = set(recipients[::40])
    with engine.db.transaction() as session:
        for chat_id in recipients:
            session.add(
                Family(
                    channel="telegram", external_id=chat_id, language="nl", library_id="teststad"
                )
            )
        session.flush()
        broadcast = broadcasts.create_broadcast(
            session,
            audience="all",
            text="Nieuws!",
            library_id="teststad",
            created_by="cli",
            now=NOW,
        )
        broadcast_id = broadcast.id
    with BotApiEmulator() as api:
        for chat_id in recipients:
            api.add_user(int(chat_id), "Ouder")
        for chat_id in blocked:
            api.block_user(int(chat_id))
        api.set_rate_limit(300)
        with engine.db.transaction() as session:  # a dispatcher claims 40 rows and dies
            outbox_queue.claim_due(session, NOW, "crashed", limit=150)

        async def deliver() -> None:
            bot = ExtBot(
                api.token,
                base_url=api.base_url,
                rate_limiter=send_rate_limiter(290, 5),
            )
            async with bot:
                dispatcher = Dispatcher(
                    engine, telegram_sender(bot), worker="live", quiet=None, batch=400
                )
                later = NOW + timedelta(minutes=6)  # after the crashed worker's lease
                for _ in range(5):
                    await dispatcher.run_once(later)

        asyncio.run(deliver())
        delivered = {str(c.chat_id) for c in api.calls("sendMessage") if c.ok}
        per_chat = [
            sum(1 for c in api.calls("sendMessage", chat_id=int(chat)) if c.ok)
            for chat in recipients
        ]
    with engine.db.transaction() as session:
        status = broadcasts.broadcast_status(session, broadcast_id)
    assert delivered == set(recipients) - blocked
    assert max(per_chat) == 1
    assert status == {
        "total": 2000,
        "sent": 1950,
        "blocked": 50,
        "failed": 0,
        "pending": 0,
        "skipped": 0,
    }


def test_exports_and_the_report_in_the_chat(staffed: Engine) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.send("/deelnemers")
    librarian.press("Saxofoon spelen")
    librarian.press("CSV")
    attachment = librarian.replies[-1].attachment
    assert attachment is not None and attachment.filename == "ws-saxofoon.csv"
    assert attachment.content.startswith(b"\xef\xbb\xbfInschrijving;Voornaam;Leeftijd;")
    rows = list(csv.reader(io.StringIO(attachment.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Inschrijving", "Voornaam", "Leeftijd"]
    assert sorted(r[1] for r in rows[1:]) == ["Ann", "Bo", "Cas"]
    librarian.press("Terug")
    librarian.press("Excel")
    sheet = load_workbook(io.BytesIO(librarian.replies[-1].attachment.content)).active
    assert sheet.cell(1, 2).value == "Voornaam" and sheet.max_row == 4
    librarian.send("/rapport")
    assert "kinderen bereikt" in librarian.text
    chart = librarian.replies[-1].attachment
    assert chart is not None and chart.content.startswith(b"\x89PNG")
    ChatUser(staffed, STRANGER, channel="telegram").send("/rapport")
    assert _audit(staffed)[-1].action == "refused"


def test_scanning_a_check_in_code_at_the_door(staffed: Engine) -> None:
    _registered_families(staffed)
    with staffed.db.transaction() as session:
        ann = session.scalars(select(Registration).order_by(Registration.id)).first()
        code = ann.checkin_code
    assert code and len(code) >= 16
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    librarian.send(f"/start ci_{code}")
    assert "✅ Ann (10) is ingecheckt voor Saxofoon spelen" in librarian.text
    librarian.send(f"/start ci_{code}")
    assert "Ann (10) is al binnen voor Saxofoon spelen: niet nog een keer" in librarian.text
    librarian.send("/start ci_verzonnen-code")
    assert "hoort niet bij een geldige inschrijving" in librarian.text
    family = ChatUser(staffed, STRANGER, channel="telegram")
    family.send(f"/start ci_{code}")
    assert "Welkom bij de Talentenkwekerij" in family.text
    assert _audit(staffed)[-1].action == "refused"
    partner = ChatUser(staffed, PARTNER, channel="telegram")  # not their event
    with staffed.db.transaction() as session:
        bo_code = session.scalars(select(Registration).order_by(Registration.id)).all()[1]
        bo_code = bo_code.checkin_code
    partner.send(f"/start ci_{bo_code}")
    assert "niet onder jouw bibliotheek" in partner.text


def test_staff_move_and_cancel_an_event_and_families_are_told(staffed: Engine) -> None:
    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    check_dialog(
        librarian,
        [
            CHOOSE_EVENT,
            Step(
                press="Saxofoon spelen",
                messages=1,
                says=["👥 Saxofoon spelen", "woensdag 13 januari 2027, 14:00–15:00"],
                buttons=["Wijzigen of afgelasten"],
            ),
            Step(
                press="Wijzigen of afgelasten",
                messages=1,
                says=["🛠️ Saxofoon spelen", "Wat wil je doen?"],
                buttons=["Verplaatsen", "Afgelasten"],
            ),
            Step(
                press="Verplaatsen",
                messages=1,
                says=["Wat is de nieuwe dag en begintijd?"],
                buttons=["Annuleren"],
            ),
            Step(
                send="morgen",
                messages=1,
                says=["Dat begrijp ik niet. Typ de dag en tijd zo: 19-12-2026 14:00"],
                not_says=["Verplaatst"],
            ),
            Step(
                send="20-01-2027 15:00",
                messages=1,
                says=["📅 Nieuw: woensdag 20 januari 2027, 15:00–16:00", "3 gezinnen krijgen"],
                buttons=["Ja, verplaatsen"],
            ),
            Step(
                press="Ja, verplaatsen",
                messages=1,
                says=[
                    "Verplaatst naar woensdag 20 januari 2027, 15:00–16:00.",
                    "3 gezinnen krijgen bericht",  # Ann's, Bo's and Cas' (waiting list)
                ],
            ),
            Step(
                send="/deelnemers",
                messages=1,
                says=["Kies een activiteit:"],
                buttons=["wo 20 jan · Saxofoon spelen"],
                no_buttons=["wo 13 jan"],
            ),
            Step(
                press="Saxofoon spelen",
                messages=1,
                says=["woensdag 20 januari 2027, 15:00–16:00", "✅ Ann (10)"],
            ),
            Step(
                press="Wijzigen of afgelasten",
                messages=1,
                says=["Wat wil je doen?"],
                buttons=["Afgelasten"],
            ),
            Step(
                press="Afgelasten",
                messages=1,
                says=[
                    "Weet je zeker dat Saxofoon spelen niet doorgaat?",
                    "3 gezinnen krijgen bericht via Telegram",
                ],
                buttons=["Ja, afgelasten", "Terug"],
            ),
            Step(
                press="Ja, afgelasten",
                messages=1,
                says=["Afgelast. 3 gezinnen krijgen bericht"],
                no_buttons=["Afgelasten"],
            ),
        ],
    )
    with staffed.db.transaction() as session:
        kinds = [
            m.kind
            for m in session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind.in_(("event_changed", "event_cancelled"))
                )
            )
        ]
        statuses = {r.status for r in session.scalars(select(Registration))}
    assert sorted(kinds) == ["event_cancelled"] * 3 + ["event_changed"] * 3
    assert statuses == {"cancelled"}
    assert [e.action for e in _audit(staffed)] == ["event.move", "event.cancel"]


def test_the_staff_member_sees_one_progress_message_that_is_edited(staffed: Engine) -> None:
    from bot.channels.telegram.broadcast_progress import update_broadcast_progress

    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    for step in ("/omroep", "Zaterdag is de bieb dicht."):
        librarian.send(step)
    librarian.press("Alle gezinnen")
    librarian.press("Versturen")
    with BotApiEmulator() as api:
        for chat in ("301", "302", "303", LIBRARIAN):
            api.add_user(int(chat), "Iemand")

        async def run() -> None:
            async with ExtBot(api.token, base_url=api.base_url) as bot:
                dispatcher = Dispatcher(
                    staffed, telegram_sender(bot), worker="p", quiet=None, batch=2
                )
                await update_broadcast_progress(staffed, bot, NOW)  # 0 of 4 sent
                await update_broadcast_progress(staffed, bot, NOW + timedelta(seconds=1))
                await dispatcher.run_once(NOW, keep_going=iter([True, False]).__next__)
                await update_broadcast_progress(staffed, bot, NOW + timedelta(seconds=6))
                await dispatcher.run_once(NOW)
                await update_broadcast_progress(staffed, bot, NOW + timedelta(seconds=12))

        asyncio.run(run())
        staff_chat = int(LIBRARIAN)
        progress = [m for m in api.messages(staff_chat) if m["text"].startswith("📣")]
        edits = api.calls("editMessageText", chat_id=staff_chat)
    assert len(progress) == 1  # one message, edited; not one per update
    assert len(edits) == 2  # throttled: the update one second later was skipped
    assert progress[0]["text"].startswith("📣 Klaar! Van de 4 berichten: 4 verstuurd")


def test_announcements_to_an_age_range_and_to_a_hobby_interest(staffed: Engine) -> None:
    _registered_families(staffed)  # Ann, Bo and Cas are 10
    with staffed.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == "303")).one()
        family.interests = ["saxofoon"]
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    check_dialog(
        librarian,
        [
            ANNOUNCE,
            Step(
                send="Nieuwe saxofoonles!",
                messages=1,
                says=["Naar wie moet het bericht?"],
                buttons=AUDIENCES,
            ),
            Step(
                press="Interesse in een hobby",
                messages=1,
                says=["Welke hobby?", "die die interesse hebben bewaard"],
                buttons=["Saxofoon", "Schaken", "Snorkelen"],
            ),
            Step(
                press="Saxofoon",
                messages=1,
                says=["Nieuwe saxofoonles!", "Dit bericht gaat naar 1 "],
                buttons=["Versturen"],
                # Not asserted: "1 gezinnen", a plural for one family (reported as a bug).
            ),
        ],
    )
    check_dialog(
        librarian,
        [
            ANNOUNCE,
            Step(
                send="Voor 10- en 11-jarigen",
                messages=1,
                says=["Naar wie moet het bericht?"],
                buttons=["Ouders van kinderen van een leeftijd"],
            ),
            Step(
                press="Ouders van kinderen van een leeftijd",
                messages=1,
                says=["Welke leeftijden?"],
                buttons=["8–9 jaar", "10–11 jaar", "12–13 jaar"],
            ),
            Step(
                press="10–11 jaar",
                messages=1,
                says=["Voor 10- en 11-jarigen", "Dit bericht gaat naar 3 gezinnen."],
                buttons=["Versturen"],
            ),
        ],
    )
    check_dialog(
        ChatUser(staffed, PARTNER, channel="telegram"),
        [
            ANNOUNCE,
            Step(
                send="Hallo",
                messages=1,
                says=["Naar wie moet het bericht?"],
                buttons=["Ingeschrevenen van een activiteit"],
                no_buttons=["Ouders van kinderen van een leeftijd", "Alle gezinnen"],
            ),
        ],
    )


def test_no_shows_are_recorded_after_an_event_with_check_in(staffed: Engine) -> None:
    from bot.jobs import record_no_shows

    _registered_families(staffed)
    librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
    librarian.now = AT_THE_DOOR
    for step in ("/deelnemers",):
        librarian.send(step)
    librarian.press("Saxofoon spelen")
    librarian.press("Inchecken")
    librarian.press("Ann")
    after = NOW + timedelta(days=60)
    assert record_no_shows(staffed.db, AT_THE_DOOR) == 0  # not over yet
    assert record_no_shows(staffed.db, after) == 1
    with staffed.db.transaction() as session:
        statuses = {r.child.first_name: r.status for r in session.scalars(select(Registration))}
    assert statuses == {"Ann": "attended", "Bo": "no_show", "Cas": "waitlisted"}


def test_an_announcement_with_a_photo_reaches_families_as_a_photo(staffed: Engine) -> None:
    from bot.engine.types import Incoming

    _registered_families(staffed)
    with BotApiEmulator() as api:
        for chat in ("301", "302", "303", LIBRARIAN):
            api.add_user(int(chat), "Iemand")
        sent_by_staff = api.send_photo(int(LIBRARIAN), "Zo ziet de Talentendag eruit!")
        photo_id = sent_by_staff["message"]["photo"][-1]["file_id"]
        librarian = ChatUser(staffed, LIBRARIAN, channel="telegram")
        librarian.send("/omroep")
        librarian.deliver(
            Incoming(
                "telegram",
                LIBRARIAN,
                LIBRARIAN,
                unsupported="photo",
                photo_id=photo_id,
                text="Zo ziet de Talentendag eruit!",
            )
        )
        assert "Naar wie moet het bericht?" in librarian.text
        librarian.press("Alle gezinnen")
        assert "met foto" in librarian.text and "4 gezinnen" in librarian.text
        librarian.press("Versturen")

        async def deliver() -> None:
            async with ExtBot(api.token, base_url=api.base_url) as bot:
                dispatcher = Dispatcher(staffed, telegram_sender(bot), worker="f", quiet=None)
                await dispatcher.run_once(NOW)

        asyncio.run(deliver())
        photos = [c for c in api.calls("sendPhoto") if c.ok]
    assert len(photos) == 4
    assert all(c.params["caption"] == "Zo ziet de Talentendag eruit!" for c in photos)
    family = ChatUser(staffed, "301", channel="telegram")
    family.deliver(Incoming("telegram", "301", "301", unsupported="photo", photo_id=photo_id))
    assert "geen foto's bekijken" in family.text  # a family's photo is no announcement
