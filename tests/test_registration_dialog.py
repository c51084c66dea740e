"""Registering in the chat: consent, children, confirm, waiting list, cancel, privacy."""

from __future__ import annotations

import json

from icalendar import Calendar
from sqlalchemy import select

from bot.db.models import Child, Conversation, Family, Registration
from bot.engine.core import Engine
from tests.dialog import ChatUser, Press, verify_dialog


def _open_saxofoon(user: ChatUser) -> None:
    verify_dialog(
        user,
        [
            ("/start", []),
            (Press("ouder"), []),
            ("/agenda", []),
            (Press("Workshops voor kinderen"), []),
            (Press("Saxofoon spelen"), ["📝 Inschrijven"]),
        ],
    )


def _register_new_child(user: ChatUser, name: str, age: str) -> None:
    verify_dialog(
        user,
        [
            (Press("Inschrijven"), ["Voordat ik iets over je kind bewaar", "Ga je akkoord?"]),
            (Press("Akkoord"), ["Wat is de voornaam van je kind?"]),
            (name, [f"Hoe oud is {name}?"]),
            (age, [f"{name} ({age}) is toegevoegd"]),
        ],
    )


def _children(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        return [c.first_name for c in session.scalars(select(Child).order_by(Child.id))]


def test_a_parent_registers_a_child_and_gets_a_calendar_file(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    assert "Nog 2 plekken vrij" in user.text
    _register_new_child(user, "Sam", "10")
    assert "Sam inschrijven voor:" in user.text and "Klopt dat?" in user.text
    verify_dialog(
        user,
        [
            (
                Press("Ja, inschrijven"),
                [
                    "🎉 Sam staat ingeschreven voor Saxofoon",
                    "woensdag 13 januari 2027, 14:00–15:00",
                ],
            )
        ],
    )
    attachment = user.replies[0].attachment
    assert attachment is not None and attachment.filename.endswith(".ics")
    qr = user.replies[-1].attachment
    assert qr is not None and qr.content.startswith(b"\x89PNG")
    assert "Laat deze code bij de deur zien" in user.replies[-1].text
    [entry] = Calendar.from_ical(attachment.content).walk("VEVENT")
    assert str(entry["summary"]) == "Saxofoon spelen"
    verify_dialog(user, [("/inschrijvingen", ["Sam: Saxofoon spelen", "✅ ingeschreven"])])


def test_siblings_one_after_the_other_then_the_waiting_list(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    _register_new_child(user, "Sam", "10")
    user.press("Ja, inschrijven")
    verify_dialog(
        user,
        [
            (Press("Nog een kind inschrijven"), ["Wie wil je inschrijven", "Sam (10)"]),
            (Press("Kind toevoegen"), ["voornaam"]),
            ("lotte", ["Hoe oud is Lotte?"]),
            (Press("11"), ["Lotte (11) is toegevoegd"]),
            (Press("Ja, inschrijven"), ["Lotte staat ingeschreven"]),
            (Press("Nog een kind inschrijven"), []),
            (Press("Kind toevoegen"), []),
            ("Noor", []),
            ("9 jaar", ["Saxofoon spelen is vol. Wil je Noor op de wachtlijst zetten?"]),
            (Press("Ja, op de wachtlijst"), ["Noor staat op de wachtlijst, op plek 1"]),
        ],
    )
    assert _children(engine) == ["Sam", "Lotte", "Noor"]


def test_refused_consent_stores_nothing_about_the_child(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    verify_dialog(
        user,
        [
            (Press("Inschrijven"), ["Ga je akkoord?"]),
            (Press("Nee"), ["Ik bewaar niets over je kind", "balie"]),
            ("Sam", []),
        ],
    )
    assert _children(engine) == []
    with engine.db.transaction() as session:
        assert session.scalars(select(Family.consent_at)).one() is None


def test_a_kid_hands_the_phone_to_a_parent(engine: Engine) -> None:
    user = ChatUser(engine)
    verify_dialog(
        user,
        [
            ("/start", []),
            (Press("kind"), []),
            ("/agenda", []),
            (Press("Workshops voor kinderen"), []),
            (Press("Snorkelen proberen"), []),
            (Press("Inschrijven"), ["Geef de telefoon even aan je ouder"]),
            (Press("Ik ben de ouder"), ["Ga je akkoord?"]),
        ],
    )


def test_bad_names_and_ages_are_asked_again(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    verify_dialog(
        user,
        [
            (Press("Inschrijven"), []),
            (Press("Akkoord"), []),
            ("https://example.org", ["Dat lijkt geen voornaam"]),
            ("Sam", []),
            ("oud", ["als getal"]),
            ("99", ["als getal"]),
            ("7", ["Sam (7) is toegevoegd"]),
            (Press("Ja, inschrijven"), ["tot 12 jaar, en Sam is 7"]),
        ],
    )


def test_double_tapping_confirm_registers_once(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    _register_new_child(user, "Sam", "10")
    token = user.button("Ja, inschrijven").token
    user.press_token(token)
    second = user.press_token(token)
    assert second.ignored
    with engine.db.transaction() as session:
        assert len(session.scalars(select(Registration)).all()) == 1


def test_cancelling_gives_the_seat_to_the_waiting_list(engine: Engine) -> None:
    first, second = ChatUser(engine, "7001"), ChatUser(engine, "7002")
    for user, names in ((first, ("Ann", "Bo")), (second, ("Cas",))):
        _open_saxofoon(user)
        _register_new_child(user, names[0], "10")
        user.press("✅ Ja")
        for name in names[1:]:
            for step in ("Nog een kind inschrijven", "Kind toevoegen"):
                user.press(step)
            user.send(name)
            user.send("10")
            user.press("✅ Ja")
    assert "wachtlijst, op plek 1" in second.text
    verify_dialog(
        first,
        [
            ("/inschrijvingen", ["Ann: Saxofoon spelen", "Bo: Saxofoon spelen"]),
            (Press("Afmelden: Ann"), ["Ann afmelden voor Saxofoon spelen?"]),
            (Press("Ja, afmelden"), ["Ann is afgemeld", "De plek gaat naar de wachtlijst"]),
        ],
    )
    verify_dialog(
        second,
        [
            ("/inschrijvingen", ["er is een plek vrij! Neem hem aan vóór woensdag 25 november"]),
            (Press("Plek aannemen"), ["De plek is van Cas", "✅ ingeschreven"]),
        ],
    )


def test_families_never_see_each_others_registrations(engine: Engine) -> None:
    first, second = ChatUser(engine, "8001"), ChatUser(engine, "8002")
    _open_saxofoon(first)
    _register_new_child(first, "Ann", "10")
    first.press("Ja, inschrijven")
    second.send("/start")
    second.press("ouder")
    verify_dialog(second, [("/inschrijvingen", ["Je hebt nog geen inschrijvingen"])])
    assert "Ann" not in second.visible
    second.press("Mijn kinderen")
    assert "Ann" not in second.visible
    with engine.db.transaction() as session:
        from bot.services.registrations import owned_registration

        family = session.scalars(select(Family).where(Family.external_id == "8002")).one()
        assert owned_registration(session, family, 1) is None


def test_children_can_be_renamed_given_another_age_and_removed(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    _register_new_child(user, "Sam", "10")
    verify_dialog(
        user,
        [
            ("/inschrijvingen", []),
            (Press("Mijn kinderen"), ["Je kinderen", "Sam (10)"]),
            (Press("Sam (10)"), ["Wat wil je doen?"]),
            (Press("Leeftijd wijzigen"), ["Hoe oud is Sam nu?"]),
            ("11", ["Opgeslagen: Sam (11)"]),
            (Press("Sam (11)"), []),
            (Press("Naam wijzigen"), []),
            ("Samira", ["Opgeslagen: Samira (11)"]),
            (Press("Samira"), []),
            (Press("Verwijderen"), ["Weet je zeker"]),
            (Press("Ja, verwijderen"), ["Samira is verwijderd", "Je hebt nog geen kinderen"]),
        ],
    )
    assert _children(engine) == []


def test_privacy_shows_everything_and_forgets_everything(engine: Engine) -> None:
    user = ChatUser(engine)
    _open_saxofoon(user)
    _register_new_child(user, "Sam", "10")
    user.press("Ja, inschrijven")
    verify_dialog(
        user,
        [
            ("/privacy", ["Privacy", "Mijn gegevens", "Verwijder alles"]),
            (Press("Mijn gegevens"), ["Kinderen: Sam (10)", "Inschrijvingen: 1"]),
        ],
    )
    attachment = user.replies[-1].attachment
    assert attachment is not None
    data = json.loads(attachment.content)
    assert data["children"][0]["first_name"] == "Sam"
    assert data["registrations"][0]["event"] == "Saxofoon spelen"
    verify_dialog(
        user,
        [
            ("/privacy", []),
            (Press("Verwijder alles"), ["Weet je het zeker?"]),
            (Press("Ja, verwijder alles"), ["Alles is verwijderd"]),
        ],
    )
    with engine.db.transaction() as session:
        assert session.scalars(select(Family)).all() == []
        assert session.scalars(select(Conversation)).all() == []
        assert session.scalars(select(Registration.status)).all() == ["cancelled"]
    verify_dialog(user, [("hoi", ["Welkom bij de Talentenkwekerij"])])
