"""Counts in what the bot says take the right plural, in Dutch and English: '1 gezin', never
'1 gezinnen' (the texts' {one:, other:} forms, chosen by the count)."""

from __future__ import annotations

from bot.engine.core import Engine
from bot.services import staff
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import register

LIBRARIAN = "9101"
START = Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben ouder"])
AS_PARENT = Step(press="ouder", messages=2, says=["Waarmee kan ik je helpen?"])
ENGLISH = [
    Step(send="/taal", messages=1, says=["Which language do you prefer?"], buttons=["English"]),
    Step(press="English", messages=2, says=["Fine, we'll speak English."]),
]


def _agenda(heading: str, *, english: bool = False) -> Step:
    return Step(
        send="/agenda",
        messages=1,
        says=["What would you like to see?" if english else "Wat wil je bekijken?"],
        buttons=[heading],
    )


def _register_for_snorkelling(user: ChatUser, name: str) -> None:
    register(user, name, event_label="Snorkelen proberen")
    assert f"{name} staat ingeschreven voor Snorkelen proberen" in user.text


def _one_family_for_snorkelling(engine: Engine) -> ChatUser:
    with engine.db.transaction() as session:
        staff.add_staff(session, LIBRARIAN, "staff", "teststad")
    _register_for_snorkelling(ChatUser(engine, "5010", channel="telegram"), "Sanne")
    return ChatUser(engine, LIBRARIAN, channel="telegram")


def test_staff_counts_of_one_are_singular_in_dutch(engine: Engine) -> None:
    librarian = _one_family_for_snorkelling(engine)
    check_dialog(
        librarian,
        [
            Step(send="/omroep", messages=1, says=["Wat wil je omroepen?"]),
            Step(send="Neem je zwemspullen mee!", messages=1, says=["Naar wie moet het bericht?"]),
            Step(
                press="Ingeschrevenen van een activiteit",
                messages=1,
                says=["Kies een activiteit:"],
            ),
            Step(
                press="Snorkelen proberen",
                messages=1,
                says=["Dit bericht gaat naar 1 gezin."],
                not_says=["1 gezinnen"],
            ),
            Step(
                press="Versturen",
                messages=1,
                says=["📣 1 bericht staat klaar. Het gaat zo snel"],
                not_says=["1 berichten"],
            ),
            Step(
                press="Voortgang",
                messages=1,
                says=["📣 1 bericht: 0 verstuurd, 1 nog bezig"],
                not_says=["1 berichten"],
            ),
            Step(
                send="/rapport",
                messages=1,
                says=["👧 1 kind bereikt · 📝 1 inschrijving"],
                not_says=["1 kinderen", "1 inschrijvingen"],
                files=["rapport.png"],
            ),
            Step(send="/deelnemers", messages=1, says=["Kies een activiteit:"]),
            Step(press="Snorkelen proberen", messages=1, says=["✅ Sanne (10)"]),
            Step(press="Wijzigen of afgelasten", messages=1, says=["Wat wil je doen?"]),
            Step(press="Verplaatsen", messages=1, says=["Wat is de nieuwe dag en begintijd?"]),
            Step(
                send="19-12-2026 14:00",
                messages=1,
                says=["📨 1 gezin krijgt bericht via Telegram."],
                not_says=["1 gezinnen"],
            ),
            Step(
                press="Ja, verplaatsen",
                messages=1,
                says=["1 gezin krijgt bericht."],
                not_says=["1 gezinnen"],
            ),
        ],
    )


def test_staff_counts_in_english(engine: Engine) -> None:
    librarian = _one_family_for_snorkelling(engine)
    check_dialog(
        librarian,
        [
            *ENGLISH,
            Step(
                send="/rapport",
                messages=1,
                says=["👧 1 child reached · 📝 1 registration", "(0 marks)"],
                not_says=["1 children", "1 registrations"],
                files=["rapport.png"],
            ),
            Step(send="/deelnemers", messages=1, says=["Choose an activity:"]),
            Step(press="Try snorkelling", messages=1, says=["✅ Sanne (10)"]),
            Step(press="Change or cancel", messages=1, says=["What would you like to do?"]),
            Step(
                press="❌ Cancel",
                messages=1,
                says=[
                    "Are you sure Try snorkelling is not going ahead?",
                    "📨 1 family is told via Telegram.",
                ],
                not_says=["1 families"],
            ),
            Step(
                press="Yes, cancel",
                messages=1,
                says=["Cancelled. 1 family is told"],
                not_says=["1 families"],
            ),
        ],
    )


def test_one_place_left_is_singular(engine: Engine) -> None:
    register(ChatUser(engine, "5020"), "Ann")  # Saxofoon spelen has two places
    user = ChatUser(engine, "5021")
    check_dialog(
        user,
        [
            START,
            AS_PARENT,
            _agenda("Workshops voor kinderen (2)"),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=["🪑 Nog 1 plek vrij!", "🪑 Nog 10 plekken vrij"],
                not_says=["1 plekken"],
            ),
            *ENGLISH,
            _agenda("Workshops for kids (2)", english=True),
            Step(
                press="Workshops for kids",
                messages=1,
                says=["🪑 Only 1 place left!", "🪑 10 places left"],
                not_says=["1 places"],
            ),
        ],
    )
