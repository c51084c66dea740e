"""One table of conversations over every channel (issue 18): the same dialog on the terminal,
Telegram (python-telegram-bot against the Bot API emulator), the web chat (/chat over HTTP)
and WhatsApp (/whatsapp against the WhatsApp emulator) gives the family the same key texts
and buttons, and leaves the same rows in the database.

How many messages a step brings differs by channel on purpose (Telegram edits a pressed
message into the first reply, WhatsApp sends the calendar file as a message of its own), so
a step checks fragments of the texts and of the button labels, not a count."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from bot.db.models import Family, Registration
from bot.db.states import RegistrationStatus
from bot.engine.core import Engine
from botapi_emulator import BotApiEmulator
from tests.channels import CHANNELS, Driver, driver_for
from whatsapp_emulator import WhatsAppEmulator


@dataclass(frozen=True, kw_only=True)
class Do:
    """One thing the family does (send or press) and what it must then see."""

    send: str | None = None
    press: str | None = None
    says: Sequence[str] = ()
    buttons: Sequence[str] = ()

    def __post_init__(self) -> None:
        if (self.send is None) == (self.press is None):
            raise TypeError(f"{self!r}: give exactly one of send= or press=")
        if not (self.says or self.buttons):
            raise TypeError(f"{self!r}: say what the family sees (says= or buttons=)")


def run(driver: Driver, steps: Sequence[Do]) -> None:
    for number, step in enumerate(steps, 1):
        if step.send is not None:
            driver.send(step.send)
        else:
            driver.press(str(step.press))
        text, labels = "\n\n".join(driver.texts), driver.labels
        missing = [f for f in step.says if f not in text]
        missing += [f"[{f}]" for f in step.buttons if not any(f in label for label in labels)]
        assert not missing, (
            f"{driver.channel}, step {number} ({step.send or step.press!r}): "
            f"missing {missing}\ntexts: {text}\nbuttons: {labels}"
        )


GREETING = [
    Do(send="hallo", says=["Welkom bij de Talentenkwekerij", "Wie ben jij?"],
       buttons=["Ik ben ouder", "Ik ben een kind"]),
    Do(press="Ik ben ouder",
       says=["Fijn! Ik praat nu met jou als ouder", "Waarmee kan ik je helpen?"],
       buttons=["Ontdek een hobby", "Mijn inschrijvingen"]),
]  # fmt: skip
AGENDA = [
    Do(send="/agenda", says=["Wat wil je bekijken?"], buttons=["Workshops voor kinderen"]),
    Do(press="Workshops voor kinderen",
       says=["Workshops om uit te proberen", "Snorkelen proberen", "Saxofoon spelen"],
       buttons=["Snorkelen proberen", "Saxofoon spelen"]),
    Do(press="Snorkelen proberen",
       says=["✨ Snorkelen proberen", "zaterdag 12 december, 14:00–15:30", "Nog 10 plekken vrij"],
       buttons=["Inschrijven"]),
]  # fmt: skip
REGISTER = [
    Do(press="Inschrijven", says=["vraag ik je toestemming", "Ga je akkoord?"],
       buttons=["Akkoord", "Nee"]),
    Do(press="Akkoord", says=["Wat is de voornaam van je kind?"]),
    Do(send="Daan", says=["Hoe oud is Daan?"], buttons=["10"]),
    Do(send="10", says=["Daan (10) is toegevoegd.", "Klopt dat?"], buttons=["Ja, inschrijven"]),
    Do(press="Ja, inschrijven", says=["🎉 Daan staat ingeschreven voor Snorkelen proberen!",
                                      "Laat deze code bij de deur zien"]),
]  # fmt: skip
MINE = [
    Do(send="mijn inschrijvingen",
       says=["Jullie inschrijvingen", "Daan: Snorkelen proberen", "✅ ingeschreven"],
       buttons=["Daan afmelden"]),
]  # fmt: skip
FALLBACK = [
    Do(send="kwibbel flurp zonk", says=["Dat weet ik niet zeker.", "medewerker van de bibliotheek"],
       buttons=["Een hobby ontdekken", "Workshops bekijken", "Vraag het een bibliothecaris"]),
]  # fmt: skip


@pytest.fixture(scope="module")
def telegram() -> Iterator[BotApiEmulator]:
    with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture(scope="module")
def whatsapp() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        yield emulator


@pytest.fixture(params=CHANNELS)
def family(
    request: pytest.FixtureRequest,
    engine: Engine,
    telegram: BotApiEmulator,
    whatsapp: WhatsAppEmulator,
) -> Iterator[Driver]:
    with driver_for(request.param, engine, telegram, whatsapp) as driver:
        yield driver


def _families(engine: Engine, channel: str) -> list[tuple[bool, list[tuple[str, int | None]]]]:
    """Each family of the channel: whether it gave consent, and its children (name, age)."""
    with engine.db.transaction() as session:
        families = session.scalars(select(Family).where(Family.channel == channel)).all()
        return [
            (f.consent_at is not None, [(c.first_name, c.age) for c in f.children])
            for f in families
        ]


def test_a_greeting_and_the_parent_choice(family: Driver, engine: Engine) -> None:
    run(family, GREETING)
    assert _families(engine, family.channel) == [(False, [])]


def test_asking_the_agenda_and_opening_a_workshop(family: Driver, engine: Engine) -> None:
    run(family, [*GREETING, *AGENDA])
    with engine.db.transaction() as session:
        assert session.scalars(select(Registration)).all() == []


def test_registering_a_child_with_consent(family: Driver, engine: Engine) -> None:
    run(family, [*GREETING, *AGENDA, *REGISTER])
    assert _families(engine, family.channel) == [(True, [("Daan", 10)])]
    with engine.db.transaction() as session:
        (seat,) = session.scalars(select(Registration)).all()
        assert (seat.event_id, seat.status, seat.child.first_name, seat.child.family.channel) == (
            "ws-snorkelen",
            RegistrationStatus.CONFIRMED,
            "Daan",
            family.channel,
        )


def test_my_registrations_lists_it(family: Driver, engine: Engine) -> None:
    run(family, [*GREETING, *AGENDA, *REGISTER, *MINE])
    with engine.db.transaction() as session:
        assert len(session.scalars(select(Registration)).all()) == 1


def test_an_unknown_message_gets_the_fallback_with_ways_forward(
    family: Driver, engine: Engine
) -> None:
    run(family, [*GREETING, *FALLBACK])
    assert _families(engine, family.channel) == [(False, [])]
