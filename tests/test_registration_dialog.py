"""Registering in the chat: consent, children, confirm, waiting list, cancel, privacy."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar
from sqlalchemy import select

from bot.db.models import Child, Conversation, Family, Registration
from bot.engine.core import Engine
from tests.dialog import ChatUser, Step, check_dialog

SAXOFOON_WHEN = "woensdag 13 januari 2027, 14:00–15:00"
CONSENT = Step(
    press="Inschrijven",
    messages=1,
    says=["Voordat ik iets over je kind bewaar, vraag ik je toestemming.", "Ga je akkoord?"],
    buttons=["Akkoord", "Nee"],
)
AGREED = Step(
    press="Akkoord",
    messages=2,
    says=["Dank je wel!", "/privacy", "Wat is de voornaam van je kind?"],
    buttons=["Annuleren"],
)


def _open_saxofoon(user: ChatUser, spots: str | None = None) -> None:
    """A new parent opens the saxophone workshop; `spots` is what it says about places
    (checked when given: the fuzz test opens it too, at any moment)."""
    places = [spots] if spots else []
    check_dialog(
        user,
        [
            Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben ouder"]),
            Step(press="ouder", messages=2, says=["Waarmee kan ik je helpen?"]),
            Step(
                send="/agenda",
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=["Workshops voor kinderen (2)"],
            ),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=["Saxofoon spelen", *places],
                buttons=["wo 13 jan · Saxofoon spelen"],
            ),
            Step(
                press="Saxofoon spelen",
                messages=1,
                says=["✨ Saxofoon spelen", SAXOFOON_WHEN, *places],
                buttons=["📝 Inschrijven"],
            ),
        ],
    )


def _register_new_child(user: ChatUser, name: str, age: str, *, full: bool = False) -> None:
    """Consent, a first child, and the question to confirm (or to take the waiting list)."""
    if full:
        confirm = Step(
            send=age,
            messages=2,
            says=[
                f"{name} ({age}) is toegevoegd.",
                f"Saxofoon spelen is vol. Wil je {name} op de wachtlijst zetten?",
                SAXOFOON_WHEN,
            ],
            buttons=["Ja, op de wachtlijst", "Annuleren"],
            no_buttons=["Ja, inschrijven"],
        )
    else:
        confirm = Step(
            send=age,
            messages=2,
            says=[f"{name} ({age}) is toegevoegd.", f"{name} inschrijven voor:", "Klopt dat?"],
            buttons=["Ja, inschrijven", "Annuleren"],
            no_buttons=["wachtlijst"],
        )
    check_dialog(
        user,
        [
            CONSENT,
            AGREED,
            Step(send=name, messages=1, says=[f"Hoe oud is {name}?"], buttons=["10", "Annuleren"]),
            confirm,
        ],
    )


def _registered(name: str) -> Step:
    """'Ja, inschrijven': the confirmation with a calendar file, then the code for the door."""
    return Step(
        press="Ja, inschrijven",
        messages=2,
        says=[
            f"🎉 {name} staat ingeschreven voor Saxofoon spelen!",
            SAXOFOON_WHEN,
            "📍 Bibliotheek Teststad",
            f"Laat deze code bij de deur zien, dan staat {name} meteen op de lijst.",
        ],
        buttons=["Nog een kind inschrijven", "Mijn inschrijvingen"],
        files=["*.ics", "check-in.png"],
    )


def _children(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        return [c.first_name for c in session.scalars(select(Child).order_by(Child.id))]


def test_a_parent_registers_a_child_and_gets_a_calendar_file(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    _register_new_child(user, "Sam", "10")
    check_dialog(user, [_registered("Sam")])
    attachment = user.replies[0].attachment
    assert attachment is not None and attachment.filename.endswith(".ics")
    qr = user.replies[-1].attachment
    assert qr is not None and qr.content.startswith(b"\x89PNG")
    [entry] = Calendar.from_ical(attachment.content).walk("VEVENT")
    assert str(entry["summary"]) == "Saxofoon spelen"
    check_dialog(
        user,
        [
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Jullie inschrijvingen:", "Sam: Saxofoon spelen", "✅ ingeschreven"],
                buttons=["❌ Sam afmelden voor Saxofoon spelen"],
            )
        ],
    )


def test_siblings_one_after_the_other_then_the_waiting_list(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    _register_new_child(user, "Sam", "10")
    check_dialog(
        user,
        [
            _registered("Sam"),
            Step(
                press="Nog een kind inschrijven",
                messages=1,
                says=["Wie wil je inschrijven voor Saxofoon spelen?"],
                not_says=["toestemming"],  # consent was given once, for the family
                buttons=["🧒 Sam (10)", "Kind toevoegen"],
            ),
            Step(press="Kind toevoegen", messages=1, says=["Wat is de voornaam van je kind?"]),
            Step(send="lotte", messages=1, says=["Hoe oud is Lotte?"]),
            Step(
                press="11",
                messages=2,
                says=["Lotte (11) is toegevoegd.", "Lotte inschrijven voor:"],
                buttons=["Ja, inschrijven"],
            ),
            _registered("Lotte"),
            Step(
                press="Nog een kind inschrijven",
                messages=1,
                says=["Wie wil je inschrijven voor Saxofoon spelen?"],
                buttons=["🧒 Sam (10)", "🧒 Lotte (11)", "Kind toevoegen"],
            ),
            Step(press="Kind toevoegen", messages=1, says=["Wat is de voornaam van je kind?"]),
            Step(send="Noor", messages=1, says=["Hoe oud is Noor?"]),
            Step(
                send="9 jaar",
                messages=2,
                says=[
                    "Noor (9) is toegevoegd.",
                    "Saxofoon spelen is vol. Wil je Noor op de wachtlijst zetten?",
                ],
                buttons=["Ja, op de wachtlijst"],
                no_buttons=["Ja, inschrijven"],
            ),
            Step(
                press="Ja, op de wachtlijst",
                messages=1,  # no calendar file and no code for the door: there is no place yet
                says=["Noor staat op de wachtlijst, op plek 1", "krijg je een bericht"],
                not_says=["staat ingeschreven"],
            ),
        ],
    )
    assert _children(engine) == ["Sam", "Lotte", "Noor"]


def test_refused_consent_stores_nothing_about_the_child(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    check_dialog(
        user,
        [
            CONSENT,
            Step(
                press="Nee",
                messages=1,
                says=["Ik bewaar niets over je kind", "aan de balie"],
                not_says=["voornaam"],
                buttons=["Menu"],
                no_buttons=["Akkoord"],
            ),
            Step(
                send="Sam",  # not taken as a child's name
                messages=1,
                says=["Dat weet ik niet zeker"],
                not_says=["Sam (", "toegevoegd", "Hoe oud"],
            ),
        ],
    )
    assert _children(engine) == []
    with engine.db.transaction() as session:
        assert session.scalars(select(Family.consent_at)).one() is None


def test_a_kid_hands_the_phone_to_a_parent(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben een kind"]),
            Step(press="kind", messages=2, says=["Leuk dat je er bent!", "Wat wil je doen?"]),
            Step(send="/agenda", messages=1, says=["Wat wil je zien?"]),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=["Welke lijkt jou leuk?", "Snorkelen proberen"],
            ),
            Step(press="Snorkelen proberen", messages=1, says=["✨ Snorkelen proberen"]),
            Step(
                press="Inschrijven",
                messages=1,
                says=["Geef de telefoon even aan je ouder"],
                not_says=["toestemming"],  # the child is not asked to consent
                buttons=["Ik ben de ouder, ga verder", "Terug"],
                no_buttons=["Akkoord"],
            ),
            Step(
                press="Ik ben de ouder",
                messages=1,
                says=["Voordat ik iets over je kind bewaar", "Ga je akkoord?"],
                buttons=["Akkoord", "Nee"],
            ),
        ],
    )


def test_bad_names_and_ages_are_asked_again(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    check_dialog(
        user,
        [
            CONSENT,
            AGREED,
            Step(
                send="https://example.org",
                messages=1,
                says=["Dat lijkt geen voornaam"],
                not_says=["Hoe oud"],
                buttons=["Annuleren"],
            ),
            Step(send="Sam", messages=1, says=["Hoe oud is Sam?"]),
            Step(
                send="oud",
                messages=1,
                says=["Typ de leeftijd als getal"],
                not_says=["toegevoegd"],
            ),
            Step(
                send="99",
                messages=1,
                says=["Typ de leeftijd"],
                not_says=["toegevoegd"],
                # Not asserted: the reason. 99 is a number, yet the reply asks for the age
                # "als getal" (reported as a bug: no text for an age out of range).
            ),
            Step(
                send="7",
                messages=2,
                says=["Sam (7) is toegevoegd.", "Sam inschrijven voor:"],
                buttons=["Ja, inschrijven"],
            ),
            Step(
                press="Ja, inschrijven",
                messages=1,
                says=["Deze workshop is voor kinderen van 9 tot 12 jaar, en Sam is 7."],
                not_says=["staat ingeschreven"],
                buttons=["Agenda"],
                no_buttons=["Toch inschrijven"],  # this workshop allows no exception
            ),
        ],
    )
    assert _children(engine) == ["Sam"]


def test_double_tapping_confirm_registers_once(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    _register_new_child(user, "Sam", "10")
    token = user.button("Ja, inschrijven").token
    check_dialog(user, [_registered("Sam"), Step(token=token, ignored=True)])
    with engine.db.transaction() as session:
        assert len(session.scalars(select(Registration)).all()) == 1


def test_cancelling_gives_the_seat_to_the_waiting_list(engine: Engine) -> None:
    first, second = ChatUser(engine, "7001"), ChatUser(engine, "7002")
    _open_saxofoon(first, "Nog 2 plekken vrij")
    _register_new_child(first, "Ann", "10")
    first.press("✅ Ja")
    for step in ("Nog een kind inschrijven", "Kind toevoegen"):
        first.press(step)
    first.send("Bo")
    first.send("10")
    first.press("✅ Ja")
    _open_saxofoon(second, "Vol – er is een wachtlijst")
    _register_new_child(second, "Cas", "10", full=True)
    check_dialog(
        second,
        [
            Step(
                press="Ja, op de wachtlijst",
                messages=1,
                says=["Cas staat op de wachtlijst, op plek 1"],
            )
        ],
    )
    check_dialog(
        first,
        [
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Ann: Saxofoon spelen", "Bo: Saxofoon spelen", "✅ ingeschreven"],
                not_says=["Cas"],  # another family
                buttons=["Ann afmelden voor Saxofoon spelen", "Bo afmelden voor Saxofoon spelen"],
            ),
            Step(
                press="Ann afmelden",
                messages=1,
                says=["Ann afmelden voor Saxofoon spelen?"],
                buttons=["Ja, afmelden", "Nee, toch niet"],
            ),
            Step(
                press="Ja, afmelden",
                messages=2,
                says=[
                    "Ann is afgemeld voor Saxofoon spelen. De plek gaat naar de wachtlijst.",
                    "Bo: Saxofoon spelen",
                ],
                buttons=["Bo afmelden"],
                no_buttons=["Ann afmelden"],
            ),
        ],
    )
    check_dialog(
        second,
        [
            Step(
                send="/inschrijvingen",
                messages=1,
                says=[
                    "Cas: Saxofoon spelen",
                    "er is een plek vrij! Neem hem aan vóór woensdag 25 november",
                ],
                not_says=["Ann", "Bo:"],
                buttons=["Plek voor Cas aannemen: Saxofoon spelen", "Nee, bedankt"],
            ),
            Step(
                press="Plek voor Cas aannemen",
                messages=2,
                says=["De plek is van Cas: ingeschreven voor Saxofoon spelen!", "✅ ingeschreven"],
                no_buttons=["Plek voor Cas aannemen"],
                # Not asserted: the files. A place taken from the waiting list comes without
                # the calendar file and the code for the door (reported as a bug).
                files=None,
            ),
        ],
    )


def test_families_never_see_each_others_registrations(engine: Engine) -> None:
    first, second = ChatUser(engine, "8001"), ChatUser(engine, "8002")
    _open_saxofoon(first, "Nog 2 plekken vrij")
    _register_new_child(first, "Ann", "10")
    first.press("Ja, inschrijven")
    check_dialog(
        second,
        [
            Step(send="/start", messages=1, says=["Wie ben jij?"], not_says=["Ann"]),
            Step(press="ouder", messages=2, says=["Waarmee kan ik je helpen?"], not_says=["Ann"]),
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Je hebt nog geen inschrijvingen"],
                not_says=["Ann", "Saxofoon"],
                no_buttons=["Ann", "Afmelden"],
            ),
            Step(
                press="Mijn kinderen",
                messages=1,
                says=["Je hebt nog geen kinderen toegevoegd."],
                not_says=["Ann"],
                no_buttons=["Ann"],
            ),
        ],
    )
    with engine.db.transaction() as session:
        from bot.services.registrations import owned_registration

        family = session.scalars(select(Family).where(Family.external_id == "8002")).one()
        assert owned_registration(session, family, 1) is None


def test_children_can_be_renamed_given_another_age_and_removed(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    _register_new_child(user, "Sam", "10")
    check_dialog(
        user,
        [
            Step(
                send="/inschrijvingen",  # Sam was added, but not registered
                messages=1,
                says=["Je hebt nog geen inschrijvingen"],
                buttons=["Mijn kinderen"],
            ),
            Step(
                press="Mijn kinderen",
                messages=1,
                says=["Je kinderen. Kies een kind om iets te wijzigen:"],
                buttons=["✏️ Sam (10)", "Kind toevoegen"],
            ),
            Step(
                press="Sam (10)",
                messages=1,
                says=["Sam (10). Wat wil je doen?"],
                buttons=["Naam wijzigen", "Leeftijd wijzigen", "Verwijderen"],
            ),
            Step(press="Leeftijd wijzigen", messages=1, says=["Hoe oud is Sam nu?"]),
            Step(
                send="11",
                messages=2,
                says=["Opgeslagen: Sam (11)."],
                buttons=["✏️ Sam (11)"],
                no_buttons=["Sam (10)"],
            ),
            Step(press="Sam (11)", messages=1, says=["Sam (11). Wat wil je doen?"]),
            Step(press="Naam wijzigen", messages=1, says=["Wat is de nieuwe voornaam van Sam?"]),
            Step(
                send="Samira",
                messages=2,
                says=["Opgeslagen: Samira (11)."],
                buttons=["✏️ Samira (11)"],
                no_buttons=["Sam (11)"],
            ),
            Step(press="Samira", messages=1, says=["Samira (11). Wat wil je doen?"]),
            Step(
                press="Verwijderen",
                messages=1,
                says=["Weet je zeker dat je Samira wilt verwijderen?"],
                buttons=["Ja, verwijderen"],
            ),
            Step(
                press="Ja, verwijderen",
                messages=2,
                says=["Samira is verwijderd.", "Je hebt nog geen kinderen toegevoegd."],
                buttons=["Kind toevoegen"],
                no_buttons=["Samira"],
            ),
        ],
    )
    assert _children(engine) == []


def test_privacy_shows_everything_and_forgets_everything(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user, "Nog 2 plekken vrij")
    _register_new_child(user, "Sam", "10")
    user.press("Ja, inschrijven")
    privacy = Step(
        send="/privacy",
        messages=1,
        says=["🔒 Privacy", "bewaren we alleen de voornaam en leeftijd"],
        buttons=["Mijn gegevens", "Verwijder alles"],
    )
    check_dialog(
        user,
        [
            privacy,
            Step(
                press="Mijn gegevens",
                messages=1,
                says=["Dit weten we van je:", "Kinderen: Sam (10)", "Inschrijvingen: 1"],
                files=["mijn-gegevens.json"],
            ),
        ],
    )
    attachment = user.replies[-1].attachment
    assert attachment is not None
    data = json.loads(attachment.content)
    assert data["children"][0]["first_name"] == "Sam"
    assert data["registrations"][0]["event"] == "Saxofoon spelen"
    check_dialog(
        user,
        [
            privacy,
            Step(
                press="Verwijder alles",
                messages=1,
                says=["Weet je het zeker?", "Dit kan niet ongedaan worden gemaakt."],
                buttons=["Ja, verwijder alles", "Nee, terug"],
            ),
        ],
    )
    forget = user.button("Ja, verwijder alles").token
    check_dialog(
        user,
        [
            Step(
                token=forget,
                messages=1,
                says=["Alles is verwijderd."],
                not_says=["Sam ("],
            ),
        ],
    )
    with engine.db.transaction() as session:
        assert session.scalars(select(Family)).all() == []
        assert session.scalars(select(Conversation)).all() == []
        assert session.scalars(select(Registration.status)).all() == ["cancelled"]
    # A second and third tap on the same button: nothing is said, and nothing is stored.
    for _ in range(2):
        assert user.press_token(forget).ignored
    with engine.db.transaction() as session:
        assert session.scalars(select(Family)).all() == []
    check_dialog(
        user,
        [
            Step(
                send="hoi",  # a stranger again: the welcome
                messages=1,
                says=["Welkom bij de Talentenkwekerij", "Wie ben jij?"],
            )
        ],
    )


def test_a_question_left_by_an_old_button_takes_no_answer(engine: Engine) -> None:
    """Asked for a child's name, the parent goes elsewhere with an earlier button: what they
    type next is a question of its own, not the name of a child."""
    user = ChatUser(engine)
    _open_saxofoon(user)
    agenda = user.button("Agenda").token  # not pressed: still on the screen before
    check_dialog(user, [CONSENT, AGREED])
    check_dialog(
        user,
        [
            Step(token=agenda, messages=1, says=["Wat wil je bekijken?"], not_says=["voornaam"]),
            Step(
                send="welke workshops zijn er",
                messages=1,
                says=["Snorkelen proberen"],
                not_says=["toegevoegd", "Hoe oud is"],
            ),
        ],
    )
    assert _children(engine) == []


def test_a_kid_cannot_give_consent_for_a_child(engine: Engine) -> None:
    user = ChatUser(engine)
    check_dialog(
        user,
        [
            Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben een kind"]),
            Step(press="kind", messages=2, says=["Wat wil je doen?"]),
            Step(send="/inschrijvingen", messages=1, says=["Je staat nog nergens ingeschreven"]),
            Step(press="Mijn kinderen", messages=1, says=["kind"], buttons=["Kind toevoegen"]),
            Step(
                press="Kind toevoegen",
                messages=1,
                says=["Dit mag alleen je ouder doen", "Geef de telefoon even aan je ouder"],
                not_says=["toestemming", "Ga je akkoord?"],
                buttons=["Ik ben de ouder, ga verder"],
                no_buttons=["Akkoord"],
            ),
        ],
    )
    with engine.db.transaction() as session:
        assert session.scalars(select(Family.consent_at)).one() is None
    check_dialog(
        user,
        [
            Step(
                press="Ik ben de ouder",
                messages=1,
                says=["Voordat ik iets over je kind bewaar", "Ga je akkoord?"],
                buttons=["Akkoord", "Nee"],
            ),
            Step(press="Akkoord", messages=2, says=["Wat is de voornaam van je kind?"]),
        ],
    )
    with engine.db.transaction() as session:
        assert session.scalars(select(Family.consent_at)).one() is not None


def test_agreeing_on_a_second_consent_screen_still_asks_the_name(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two consent screens (Inschrijven tapped twice), Akkoord on each: the name is asked,
    and the name typed next is taken as the answer."""
    clock = iter(range(1_000_000, 2_000_000, 10))  # each press 10 s after the one before
    monkeypatch.setattr("bot.engine.core.time.time", lambda: float(next(clock)))
    user = ChatUser(engine)
    _open_saxofoon(user)
    signup = user.button("Inschrijven").token
    check_dialog(user, [CONSENT])
    first = user.button("Akkoord").token
    check_dialog(user, [Step(token=signup, messages=1, says=["Ga je akkoord?"])])
    second = user.button("Akkoord").token
    check_dialog(
        user,
        [
            Step(token=first, messages=2, says=["Wat is de voornaam van je kind?"]),
            Step(token=second, messages=2, says=["Wat is de voornaam van je kind?"]),
            Step(send="Emma", messages=1, says=["Hoe oud is Emma?"], not_says=["weet ik niet"]),
        ],
    )


@pytest.mark.parametrize("name", ["\u3164", "ᅟᅠ", "\u3164 \u3164"])
def test_a_name_that_shows_nothing_is_no_name(engine: Engine, name: str) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    check_dialog(user, [CONSENT, AGREED])
    check_dialog(
        user,
        [Step(send=name, messages=1, says=["Dat lijkt geen voornaam."], not_says=["Hoe oud"])],
    )
    with engine.db.transaction() as session:
        assert session.scalars(select(Child)).all() == []
