"""Announcement audiences are checked: one that does not exist is refused naming the valid
choices, one that reaches nobody is refused with that number before anything is queued (chat
and CLI), and staff may type an age range at the picker."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.cli.commands import FIND_EVENT_IDS
from bot.db import opened
from bot.db.models import AuditEntry, Broadcast, Family, OutboxMessage
from bot.engine.core import Engine
from bot.services import audiences, staff
from tests.cli import talentbot
from tests.conftest import FIXTURE_CATALOGUE
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import register

LIBRARIAN = "9001"
NOBODY = "Dit bericht zou naar 0 gezinnen gaan; kies een andere groep."
AGES_QUESTION = "Welke leeftijden? Kies hieronder, of typ ze"
BAD_AGES = "Dat is geen leeftijd of reeks leeftijden. Typ bijvoorbeeld 9-11 of 10"


@pytest.fixture
def librarian(any_engine: Engine) -> ChatUser:
    """A librarian, and three families with a child of 10 (Ann, Bo, Cas)."""
    with any_engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    for uid, name in (("301", "Ann"), ("302", "Bo"), ("303", "Cas")):
        register(ChatUser(any_engine, uid, channel="telegram"), name)
    return ChatUser(any_engine, LIBRARIAN, channel="telegram")


def _announce(text: str) -> list[Step]:
    return [
        Step(send="/omroep", messages=1, says=["Wat wil je omroepen?"]),
        Step(send=text, messages=1, says=["Naar wie moet het bericht?"], buttons=["Alle gezinnen"]),
    ]


def _stored(engine: Engine) -> tuple[int, list[str], list[str]]:
    """Broadcasts, the chats with a broadcast message queued, and the staff actions logged."""
    with engine.db.transaction() as session:
        broadcasts = session.scalar(select(func.count()).select_from(Broadcast)) or 0
        chats = session.scalars(
            select(OutboxMessage.chat_id).where(OutboxMessage.broadcast_id.is_not(None))
        )
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))
        return broadcasts, sorted(chats), list(actions)


def test_an_audience_of_nobody_is_refused_before_versturen(librarian: ChatUser) -> None:
    engine = librarian.engine
    check_dialog(
        librarian,
        [
            *_announce("Nieuwe schaakles!"),
            Step(press="Interesse in een hobby", messages=1, says=["Welke hobby?"]),
            Step(
                press="Schaken",  # nobody saved an interest in chess
                messages=1,
                says=[NOBODY, "Welke hobby?"],
                not_says=["Voorbeeld:", "Dit bericht gaat naar"],
                buttons=["Saxofoon", "Schaken", "Snorkelen"],
                no_buttons=["Versturen"],
            ),
            Step(press="Menu", messages=1, says=["Waarmee kan ik je helpen?"], not_says=[NOBODY]),
        ],
    )
    check_dialog(
        librarian,
        [
            *_announce("Voor de oudsten"),
            Step(press="Ouders van kinderen van een leeftijd", messages=1, says=[AGES_QUESTION]),
            Step(
                press="12–13 jaar",  # the three children are 10
                messages=1,
                says=[NOBODY, AGES_QUESTION],
                no_buttons=["Versturen"],
            ),
            Step(send="4-5", messages=1, says=[NOBODY, AGES_QUESTION], no_buttons=["Versturen"]),
        ],
    )
    assert _stored(engine) == (0, [], [])


def test_an_age_range_typed_at_the_picker_gives_its_preview(librarian: ChatUser) -> None:
    with librarian.engine.db.transaction() as session:  # Bo's sister of 12: outside 9-11
        bo = session.scalars(select(Family).where(Family.external_id == "302")).one()
        bo.children[0].age = 12
    check_dialog(
        librarian,
        [
            *_announce("Voor 9- tot 11-jarigen"),
            Step(press="Ouders van kinderen van een leeftijd", messages=1, says=[AGES_QUESTION]),
            Step(
                send="9-11",
                messages=1,
                says=["Voor 9- tot 11-jarigen", "Dit bericht gaat naar 2 gezinnen."],
                not_says=["Wie ben jij?", "Welkom"],  # not the family welcome
                buttons=["Versturen"],
            ),
            Step(press="Versturen", messages=1, says=["📣 2 berichten staan klaar."]),
        ],
    )
    assert _stored(librarian.engine)[:2] == (1, ["301", "303"])
    with librarian.engine.db.transaction() as session:
        assert session.scalars(select(Broadcast.audience)).all() == ["age:9-11"]


def test_typed_ranges_in_words_and_mistakes_at_the_age_picker(engine: Engine) -> None:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    register(ChatUser(engine, "301", channel="telegram"), "Ann")  # 10
    librarian = ChatUser(engine, LIBRARIAN, channel="telegram")
    ages = Step(press="Ouders van kinderen van een leeftijd", messages=1, says=[AGES_QUESTION])
    one_family = ["Dit bericht gaat naar 1 "]
    check_dialog(
        librarian,
        [
            *_announce("Hallo"),
            ages,
            Step(send="99-3", messages=1, says=[BAD_AGES, "van 4 tot en met 18 jaar"]),
            Step(send="elf", messages=1, says=[BAD_AGES], no_buttons=["Versturen"]),
            Step(send="9 tot 11", messages=1, says=one_family, buttons=["Versturen"]),
            Step(press="Annuleren", messages=1, says=["Waarmee kan ik je helpen?"]),
            *_announce("Hallo"),
            ages,
            Step(send="9 t/m 11", messages=1, says=one_family, buttons=["Versturen"]),
            Step(press="Annuleren", messages=1, says=["Waarmee kan ik je helpen?"]),
            *_announce("Hallo"),
            ages,
            Step(send="10", messages=1, says=one_family, buttons=["Versturen"]),
        ],
    )
    assert _stored(engine) == (0, [], [])


@pytest.mark.parametrize(
    ("typed", "ages"),
    [
        ("9-11", (9, 11)),
        ("9 – 11", (9, 11)),
        ("9 tot 11", (9, 11)),
        ("van 9 tot en met 11 jaar", (9, 11)),
        ("9 t/m 11", (9, 11)),
        ("9 T/M 11", (9, 11)),
        ("10", (10, 10)),
        ("10 jaar", (10, 10)),
        ("9 to 11", (9, 11)),
        ("99-3", (99, 3)),  # a range, refused by its bounds
        ("negen", None),
        ("9, 10 en 11", None),
        ("", None),
    ],
)
def test_typed_age_ranges(typed: str, ages: tuple[int, int] | None) -> None:
    assert audiences.typed_age_range(typed) == ages


def test_the_cli_refuses_unknown_and_empty_audiences_naming_the_choices(
    database_url: str,
) -> None:
    talentbot("catalogue", "import", str(FIXTURE_CATALOGUE), database_url=database_url)
    for parent in ("61", "62"):
        added = talentbot(
            *("registrations", "add", "--event", "ws-snorkelen", "--child", "Kim", "--age", "10"),
            *("--parent-telegram-id", parent),
            database_url=database_url,
        )
        assert added.returncode == 0, added.stderr

    def send(audience: str) -> tuple[int, str, str]:
        ran = talentbot(
            *("broadcast", "send", "--audience", audience, "--text", "Hoi"),
            database_url=database_url,
        )
        return ran.returncode, ran.stdout, ran.stderr

    ages = "age:MIN-MAX with 4 <= MIN <= MAX <= 18, for example age:9-12"
    refusals = {
        "activity:nonexistent": "no activity 'nonexistent'; choose one of: saxofoon, schaken, "
        "snorkelen\n",
        "age:99-3": f"age 99-3 is no age range; audience {ages}\n",
        "age:tien": f"audience must be {ages}\n",
        "category:sport": "no category 'sport'; choose one of: sportief, creatief, cognitief\n",
        "event:ws-nergens": f"no event 'ws-nergens'; {FIND_EVENT_IDS}\n",
        "age:12-13": "audience age:12-13 reaches 0 families; choose another audience\n",
        "activity:schaken": "audience activity:schaken reaches 0 families; choose another "
        "audience\n",
    }
    for audience, message in refusals.items():
        assert send(audience) == (1, "", f"talentbot: {message}"), audience
    with opened(database_url) as db, db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Broadcast)) == 0
        assert (
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.broadcast_id.is_not(None))
            )
            == 0
        )
        assert session.scalars(select(AuditEntry.action)).all() == []

    code, out, err = send("age:9-12")
    assert (code, err) == (0, "") and out.strip().isdigit()
    with opened(database_url) as db, db.transaction() as session:
        assert session.scalars(select(Broadcast.total)).all() == [2]
