"""At "Wie wil je inschrijven?" a parent may type a child's name (typos forgiven, asked when
two names fit, a new name offered to add), and a child who has a place or waits already is
said before "Klopt dat?", not after it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db.models import Child, Family, Registration
from bot.engine.core import Engine
from bot.services.child_names import children_named
from bot.services.families import add_child, give_consent
from tests.conftest import NOW
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import register
from tests.test_registration_dialog import _open_saxofoon, _register_new_child

SNORKELEN_WHO = "Wie wil je inschrijven voor Snorkelen proberen?"


def _parent_with(engine: Engine, *children: tuple[str, int]) -> ChatUser:
    """A parent who gave consent and added these children earlier."""
    user = ChatUser(engine)
    user.send("/start")
    user.press("ouder")
    with engine.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == user.user_id)).one()
        give_consent(family, NOW)
        for name, age in children:
            add_child(session, family, name, age, NOW)
    return user


def _open_snorkelen(buttons: list[str]) -> list[Step]:
    return [
        Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]),
        Step(press="Workshops voor kinderen", messages=1, says=["Snorkelen proberen"]),
        Step(press="Snorkelen proberen", messages=1, says=["✨ Snorkelen proberen"]),
        Step(press="Inschrijven", messages=1, says=[SNORKELEN_WHO], buttons=buttons),
    ]


def _registrations(engine: Engine, event_id: str) -> list[str]:
    with engine.db.transaction() as session:
        query = (
            select(Child.first_name, Registration.status)
            .join(Child, Child.id == Registration.child_id)
            .where(Registration.event_id == event_id)
            .order_by(Registration.id)
        )
        return [f"{name} {status}" for name, status in session.execute(query)]


def test_a_sibling_is_picked_by_typing_the_name_or_a_typo_of_it(engine: Engine) -> None:
    user = _parent_with(engine, ("Sam", 10), ("Daan", 9))
    daan_confirm = Step(
        send="daan",
        messages=1,
        says=["Daan inschrijven voor:", "Snorkelen proberen", "Klopt dat?"],
        not_says=["Sam inschrijven", "Ik ken nog geen kind", "Waarmee kan ik je helpen?"],
        buttons=["Ja, inschrijven"],
    )
    check_dialog(
        user,
        [
            *_open_snorkelen(["🧒 Sam (10)", "🧒 Daan (9)", "Kind toevoegen"]),
            daan_confirm,
            Step(press="Annuleren", messages=1, says=["✨ Snorkelen proberen"]),
            Step(press="Inschrijven", messages=1, says=[SNORKELEN_WHO]),
            Step(
                send="Dann",  # a typo
                messages=1,
                says=["Daan inschrijven voor:", "Klopt dat?"],
                not_says=["Sam inschrijven"],
                buttons=["Ja, inschrijven"],
            ),
            Step(
                press="Ja, inschrijven",
                messages=2,
                says=["🎉 Daan staat ingeschreven voor Snorkelen proberen!"],
                files=["*.ics", "check-in.png"],
            ),
        ],
    )
    assert _registrations(engine, "ws-snorkelen") == ["Daan confirmed"]


def test_two_names_that_fit_are_asked_and_a_new_name_can_be_added(engine: Engine) -> None:
    user = _parent_with(engine, ("Daan", 9), ("Dana", 10), ("Sam", 11))
    check_dialog(
        user,
        [
            *_open_snorkelen(["🧒 Daan (9)", "🧒 Dana (10)"]),
            Step(
                send="Dann",  # one letter from Daan and from Dana
                messages=1,
                says=["Welk kind bedoel je?"],
                not_says=["Klopt dat?"],
                buttons=["🧒 Daan (9)", "🧒 Dana (10)"],
                no_buttons=["Sam (11)"],
            ),
            Step(
                send="hoe laat is de bieb open?",  # a question in between, then asked again
                messages=2,
                says=["Dan gaan we verder waar we waren:", SNORKELEN_WHO],
                not_says=["Ik ken nog geen kind"],
            ),
            Step(
                send="eigenlijk wil ik liever iets anders",  # no name: like any message
                messages=1,
                says=["Wat voor hobby zoekt je kind?"],
                not_says=["Ik ken nog geen kind", "Welk kind bedoel je?"],
            ),
            *_open_snorkelen(["🧒 Daan (9)"]),
            Step(
                send="noor",
                messages=1,
                says=["Ik ken nog geen kind dat Noor heet."],
                not_says=["Klopt dat?"],
                buttons=["➕ Noor toevoegen", "🧒 Daan (9)", "🧒 Dana (10)", "🧒 Sam (11)"],
            ),
            Step(press="Noor toevoegen", messages=1, says=["Hoe oud is Noor?"]),
            Step(
                send="11",
                messages=2,
                says=["Noor (11) is toegevoegd.", "Noor inschrijven voor:", "Klopt dat?"],
                buttons=["Ja, inschrijven"],
            ),
        ],
    )
    with engine.db.transaction() as session:
        names = session.scalars(select(Child.first_name).order_by(Child.id)).all()
    assert names == ["Daan", "Dana", "Sam", "Noor"]
    assert _registrations(engine, "ws-snorkelen") == []  # nothing before "Ja, inschrijven"


def test_a_duplicate_is_said_before_klopt_dat(any_engine: Engine) -> None:
    for uid, name in (("301", "Ann"), ("302", "Bo")):  # the two seats of the saxophone
        register(ChatUser(any_engine, uid), name)
    user = ChatUser(any_engine)
    _open_saxofoon(user)
    _register_new_child(user, "Sam", "10", full=True)
    check_dialog(
        user,
        [
            Step(press="Ja, op de wachtlijst", messages=1, says=["Sam staat op de wachtlijst"]),
            Step(press="Nog een kind inschrijven", messages=1, says=["Wie wil je inschrijven"]),
            Step(
                send="sam",
                messages=1,
                says=["Sam staat al op de wachtlijst voor Saxofoon spelen."],
                not_says=["Klopt dat?", "Wil je Sam op de wachtlijst zetten?"],
                no_buttons=["Ja, op de wachtlijst", "Ja, inschrijven"],
                buttons=["Mijn inschrijvingen"],
            ),
        ],
    )
    check_dialog(
        user,
        [
            *_open_snorkelen(["🧒 Sam (10)"]),
            Step(press="Sam (10)", messages=1, says=["Sam inschrijven voor:", "Klopt dat?"]),
            Step(
                press="Ja, inschrijven",
                messages=2,
                says=["🎉 Sam staat ingeschreven voor Snorkelen proberen!"],
                files=["*.ics", "check-in.png"],
            ),
            Step(press="Nog een kind inschrijven", messages=1, says=[SNORKELEN_WHO]),
            Step(
                press="Sam (10)",
                messages=1,
                says=["Sam staat al ingeschreven voor Snorkelen proberen. 👍"],
                not_says=["Klopt dat?"],
                no_buttons=["Ja, inschrijven"],
            ),
        ],
    )
    assert _registrations(any_engine, "ws-saxofoon") == [
        "Ann confirmed",
        "Bo confirmed",
        "Sam waitlisted",
    ]
    assert _registrations(any_engine, "ws-snorkelen") == ["Sam confirmed"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Daan", ["Daan"]),
        ("DAAN", ["Daan"]),
        ("voor daan graag", ["Daan"]),
        ("Dan", ["Daan", "Dana"]),  # one letter from both: asked
        ("zoe", ["Zoë"]),
        ("Dnaa", ["Dana"]),  # letters swapped
        ("ik wil mijn zoon", []),  # "wil" is one letter from Wim, but no name was typed
        ("Wil", ["Wim"]),
        ("Bob", []),
        ("Bi", []),  # no typo forgiven in a two-letter name
    ],
)
def test_children_named(typed: str, found: list[str]) -> None:
    children = [
        Child(id=n, first_name=name)
        for n, name in enumerate(["Daan", "Dana", "Zoë", "Wim", "Bo"], 1)
    ]
    assert [c.first_name for c in children_named(children, typed)] == found
