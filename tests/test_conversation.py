"""Conversations with the engine, as a parent, a kid and an English speaker would have them."""

from __future__ import annotations

from datetime import timedelta

from bot.app import build_engine
from bot.engine.core import Engine
from bot.engine.types import Incoming
from tests.conftest import settings_for
from tests.dialog import ChatUser, Press, verify_dialog


def test_parent_browses_the_agenda_to_a_workshop(engine: Engine) -> None:
    verify_dialog(
        ChatUser(engine),
        [
            ("/start", ["Welkom bij de Talentenkwekerij", "Wie ben jij?"]),
            (Press("ouder"), ["als ouder", "Waarmee kan ik je helpen?"]),
            (Press("Workshops en lezingen"), ["Wat wil je bekijken?"]),
            (Press("Workshops voor kinderen (2)"), ["Snorkelen proberen", "Saxofoon spelen"]),
            (
                Press("Snorkelen proberen"),
                [
                    "zaterdag 12 december, 14:00–15:30",
                    "Zwembad De Golf, Golfweg 2, Teststad",
                    "Door Sportbedrijf Teststad",
                    "9 tot 12 jaar",
                    "Gratis",
                    "Meenemen: Zwemkleding en een handdoek",
                    "Nog 10 plekken vrij",
                ],
            ),
        ],
    )


def test_workshop_next_year_shows_the_year_and_the_price(engine: Engine) -> None:
    user = ChatUser(engine)
    verify_dialog(
        user,
        [
            ("/agenda", ["Workshops voor kinderen"]),
            (Press("Workshops voor kinderen"), []),
            (
                Press("Saxofoon"),
                ["woensdag 13 januari 2027, 14:00–15:00", "€\u00a02,50", "Nog 2 plekken vrij"],
            ),
        ],
    )


def test_parent_lectures_show_topic_and_speaker(engine: Engine) -> None:
    verify_dialog(
        ChatUser(engine),
        [
            ("/agenda", []),
            (Press("Lezingen voor ouders (1)"), ["Schermtijd en social media"]),
            (
                Press("Schermtijd"),
                [
                    "donderdag 21 januari 2027, 19:30–21:00",
                    "Spreker: een pedagoog van Welzijn Teststad",
                    "Hoe maak je afspraken over schermtijd?",
                    "Nog 40 plekken vrij",
                ],
            ),
        ],
    )


def test_event_day_lists_its_rounds(engine: Engine) -> None:
    user = ChatUser(engine)
    verify_dialog(
        user,
        [
            ("/agenda", []),
            (Press("Talentendagen"), ["Talentendag", "zaterdag 13 maart 2027"]),
            (
                Press("Talentendag"),
                ["10:00–16:00", "Aanmelden per workshop", "Kies hieronder een workshop"],
            ),
        ],
    )
    labels = [b.label for b in user.buttons]
    assert "1. 10:30 · Schaken voor beginners" in labels
    assert "2. 12:30 · Snorkelen op de talentendag" in labels
    verify_dialog(user, [(Press("Schaken voor beginners"), ["10:30–11:30", "Nog 12 plekken"])])
    verify_dialog(user, [(Press("Naar de hele dag"), ["Talentendag"])])


def test_discover_by_kind_shows_partners_costs_workshops_and_loans(engine: Engine) -> None:
    verify_dialog(
        ChatUser(engine),
        [
            ("/hobby", ["Wat voor hobby zoekt je kind?"]),
            (Press("Zelf rondkijken per soort"), ["Kies een soort hobby"]),
            (Press("Sport en bewegen"), ["Snorkelen (8–12 jaar)"]),
            (
                Press("Snorkelen"),
                [
                    "Onder water kijken met een snorkel.",
                    "Bij: Sportbedrijf Teststad",
                    "Zwemclub ongeveer 15 euro per maand.",
                    "Lenen in de bieb:",
                    "Onder water (21 dagen)",
                    "Probeer het uit in een workshop:",
                ],
            ),
            (Press("12 dec"), ["Snorkelen proberen", "Nog 10 plekken vrij"]),
        ],
    )


def test_kid_mode_speaks_to_the_child(engine: Engine) -> None:
    verify_dialog(
        ChatUser(engine, user_id="2002"),
        [
            ("hoi", ["Wie ben jij?"]),
            (Press("kind"), ["Vraag je ouder", "Wat wil je doen?"]),
            (Press("Wat kan ik proberen?"), ["Waar word jij blij van?"]),
            ("/inschrijvingen", ["Je staat nog nergens ingeschreven"]),
            ("/menu", ["Wat wil je doen?"]),
            (Press("Ik ben ouder"), ["Fijn! Ik praat nu met jou als ouder", "Waarmee kan ik"]),
        ],
    )


def test_english_on_request(engine: Engine) -> None:
    verify_dialog(
        ChatUser(engine, user_id="3003"),
        [
            ("/start", ["Welkom"]),
            (Press("ouder"), []),
            ("/taal", ["Which language"]),
            (Press("English"), ["we'll speak English", "How can I help you?"]),
            (Press("Workshops and talks"), ["What would you like to see?"]),
            (Press("Workshops for kids"), ["Try snorkelling"]),
            (
                Press("Try snorkelling"),
                [
                    "Saturday 12 December, 14:00–15:30",
                    "Free",
                    "Swimwear and a towel",
                    "10 places left",
                ],
            ),
        ],
    )


def test_typed_words_find_their_way_despite_typos(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/start")
    user.press("ouder")
    verify_dialog(
        user,
        [
            ("welke workshopss zijn er", ["Dit vond ik voor workshops", "Snorkelen proberen"]),
            ("wanneer is de saxafoon workshop", ["Dit vond ik voor Saxofoon", "13 januari 2027"]),
            ("wat is de hoofdstad van frankrijk", ["Dat weet ik niet zeker",
                                                   "Vraag het een bibliothecaris"]),
            ("ik zoek een hobbie", ["Wat voor hobby zoekt je kind?"]),
        ],
    )


def test_a_forged_button_gets_a_friendly_answer_and_the_menu(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/start")
    user.press("ouder")
    verify_dialog(user, [])
    user.press_token("forged-token-123")
    assert "Deze knop werkt niet meer" in user.text
    assert "Waarmee kan ik je helpen?" in user.text


def test_another_users_button_does_not_work_for_me(engine: Engine) -> None:
    alice, mallory = ChatUser(engine, "4001"), ChatUser(engine, "4002")
    alice.send("/agenda")
    token = alice.button("Workshops voor kinderen").token
    mallory.send("/start")
    mallory.press_token(token)
    assert "Deze knop werkt niet meer" in mallory.text


def test_old_buttons_expire_after_a_few_replies(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/agenda")
    old = user.button("Workshops voor kinderen").token
    for _ in range(5):
        user.send("/menu")
    user.press_token(old)
    assert "Deze knop werkt niet meer" in user.text


def test_a_double_tap_acts_once(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/agenda")
    token = user.button("Workshops voor kinderen").token
    first = user.press_token(token)
    second = user.press_token(token)
    assert not first.ignored and "Snorkelen proberen" in first.replies[0].text
    assert second.ignored and second.replies == []


def test_stickers_photos_and_edits_get_a_short_friendly_answer(engine: Engine) -> None:
    user = ChatUser(engine)
    for kind, fragment in [
        ("sticker", "Leuke sticker"),
        ("photo", "geen foto's bekijken"),
        ("voice", "spraakberichten"),
        ("edited", "aangepast"),
        ("poll", "Daar kan ik helaas niets mee"),
    ]:
        user.deliver(Incoming("terminal", user.user_id, user.user_id, unsupported=kind))
        assert fragment in user.text


def test_huge_and_odd_messages_are_answered(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/start")
    user.press("ouder")
    for text in ["x" * 100_000, "\x00\x07\u202e", "   ", "/", "/onbekend", "🙂" * 5000]:
        user.send(text)
        assert user.replies, f"no answer to {text[:20]!r}"
        assert "er ging bij mij iets mis" not in user.text
    user.send("/onbekend")
    assert "Het commando /onbekend ken ik niet" in user.text


def test_a_restart_continues_the_conversation(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/agenda")
    token = user.button("Lezingen voor ouders").token
    restarted = build_engine(settings_for(engine.db.url), engine.db)
    user.engine = restarted
    user.press_token(token)
    assert "Schermtijd en social media" in user.text


def test_my_registrations_is_empty_at_first(engine: Engine) -> None:
    verify_dialog(ChatUser(engine), [("/inschrijvingen", ["Je hebt nog geen inschrijvingen"])])


def test_past_events_leave_the_agenda(engine: Engine) -> None:
    user = ChatUser(engine)
    user.now += timedelta(days=55)  # 18 January 2027: snorkelling and saxophone are over
    verify_dialog(user, [("/agenda", ["Wat wil je bekijken?"])])
    assert not any("Workshops voor kinderen" in b.label for b in user.buttons)
    verify_dialog(user, [(Press("Lezingen"), ["Schermtijd"])])


def test_conversation_works_on_each_database(any_engine: Engine) -> None:
    verify_dialog(
        ChatUser(any_engine),
        [
            ("/start", ["Wie ben jij?"]),
            (Press("ouder"), ["Waarmee kan ik je helpen?"]),
            (Press("Workshops en lezingen"), []),
            (Press("Workshops voor kinderen"), ["Snorkelen proberen"]),
            (Press("Snorkelen proberen"), ["zaterdag 12 december, 14:00–15:30"]),
        ],
    )


def test_with_several_libraries_a_family_chooses_theirs(engine: Engine) -> None:
    from bot.db.models import Family, Library

    with engine.db.transaction() as session:
        session.add(Library(id="anderstad", name="Bibliotheek Anderstad", city="Anderstad",
                            address="Marktplein 2"))
    user = ChatUser(engine, user_id="5150")
    verify_dialog(user, [("/start", []), (Press("ouder"), ["Bij welke bibliotheek hoor je?",
                                                           "📚 Anderstad", "📚 Teststad"]),
                         (Press("Teststad"), ["Waarmee kan ik je helpen?"])])
    with engine.db.transaction() as session:
        family = session.query(Family).filter_by(external_id="5150").one()
        assert family.library_id == "teststad"


def test_a_flood_from_one_user_is_slowed_down_and_others_are_not(engine: Engine) -> None:
    from datetime import timedelta

    flooder, other = ChatUser(engine, "9901"), ChatUser(engine, "9902")
    answered = 0
    for n in range(40):
        flooder.now += timedelta(seconds=1)
        if not flooder.send(f"bericht {n}").ignored:
            answered += 1
    assert answered == 31  # thirty answers, then one friendly notice, then quiet
    assert "dat zijn veel berichten" in flooder.text
    other.send("/menu")
    assert "Waarmee kan ik je helpen?" in other.text
    flooder.now += timedelta(seconds=61)
    flooder.send("/menu")
    assert "Waarmee kan ik je helpen?" in flooder.text
