"""Finding a hobby in a chat: the quiz, typed answers, the ideas, and what is (not) stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import build_engine
from bot.db import Database
from bot.db.models import Child, Conversation, Family
from bot.engine.core import Engine
from bot.engine.flows.discover.held_answers import FLOW
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import FIXTURES, NOW, import_into, settings_for
from tests.dialog import ChatUser, Press, verify_dialog

CATALOGUE = FIXTURES / "discovery"


@pytest.fixture
def engine(sqlite_db: Database) -> Engine:
    import_into(sqlite_db, CATALOGUE)
    return build_engine(settings_for(sqlite_db.url, CATALOGUE), sqlite_db)


@pytest.fixture
def understanding_engine(engine: Engine) -> Engine:
    """Typed sentences reach discovery through the real understanding step."""
    return engine


def parent(engine: Engine, user_id: str = "5001") -> ChatUser:
    user = ChatUser(engine, user_id)
    user.send("/start")
    user.press("ouder")
    return user


def kid(engine: Engine, user_id: str = "5002") -> ChatUser:
    user = ChatUser(engine, user_id)
    user.send("/start")
    user.press("kind")
    return user


def stored_state(engine: Engine) -> dict[str, Any]:
    with engine.db.transaction() as session:
        return dict(session.scalars(select(Conversation)).one().state)


def stored_interests(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        return list(session.scalars(select(Family)).one().interests)


def answers_held(engine: Engine) -> bool:
    return FLOW in stored_state(engine)["scratch"]


PARENT_QUIZ = [
    (
        Press("Ontdek een hobby"),
        ["Wat voor hobby zoekt je kind?", "Vraag 1 van 6", "Hoe oud is je kind?", "Verras me"],
    ),
    (Press("10"), ["Vraag 2 van 6", "Wat doet je kind graag?", "Overslaan"]),
    (Press("Tekenen en kunst"), ["Gekozen: 🎨 Tekenen en kunst", "✅ 🎨 Tekenen en kunst"]),
    (Press("Buiten zijn"), ["Gekozen: 🎨 Tekenen en kunst, 🌳 Buiten zijn", "▶ Verder"]),
    (Press("Verder"), ["Vraag 3 van 6", "alleen, samen met anderen of in een team?"]),
    (Press("Samen met anderen"), ["Vraag 4 van 6", "rustigs of iets wilds"]),
    (Press("Overslaan"), ["Vraag 5 van 6", "proefworkshop?"]),
    (Press("Woensdagmiddag"), ["Vraag 6 van 6", "Mag dat?"]),
    (
        Press("Liefst gratis"),
        [
            "Deze hobby's passen misschien bij je kind:",
            "1. Straatvoetbal · 🏃 Sport en bewegen",
            "💡 Omdat je kind graag buiten is en samen met anderen speelt.",
            "🤝 Bij: Sportbedrijf Ontdekstad",
            "📅 Proberen: woensdag 2 december, 14:00–15:30, Trapveld Noord. 🪑 Nog 12 plekken",
            "2. Street art · 🎨 Creatief en muziek",
            "💡 Omdat je kind graag tekent of iets moois maakt en buiten is.",
            "📚 Lenen in de bieb: Schetsboekset",
            "3. Schaken · 🧠 Denken en ontdekken",
            "er een proefworkshop op woensdagmiddag is",
            "Jeugdfonds Sport & Cultuur kan helpen. Vraag ernaar bij Welzijn Ontdekstad",
            "📅 wo 2 dec · Straatvoetbal proberen",
            "Meer ideeën",
            "Opnieuw",
            "Bewaar mijn interesses",
            "Zelf rondkijken per soort",
        ],
    ),
]


def test_parent_quiz_to_a_workshop_with_a_registration_button(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    assert "inkomen" not in user.text.lower()  # never asks about income
    verify_dialog(
        user,
        [(Press("Street art proberen"), ["Street art proberen", "Nog 8 plekken vrij"])],
    )
    user.press("Inschrijven")  # the registration flow takes over: consent comes first
    assert "toestemming" in user.text and "Deze knop werkt niet meer" not in user.text


def test_kid_quiz_in_english_with_typed_answers(engine: Engine) -> None:
    user = kid(engine)
    user.send("/taal")
    user.press("English")
    verify_dialog(
        user,
        [
            (Press("What can I try?"), ["What makes you happy?", "How old are you? 🎂"]),
            ("I'm 11", ["Question 2 of 6", "What do you like? 😃"]),
            ("football and being outside", ["Question 3 of 6", "alone or together?"]),
            ("with my friends", ["Question 4 of 6", "Calm or wild?"]),
            ("wild!", ["Question 5 of 6"]),
            ("doesn't matter", ["Question 6 of 6", "May it cost money"]),
            (
                Press("It may cost money"),
                [
                    "These could be just right for you!",
                    "1. Street football",
                    "💡 Because you like moving and being outside.",
                    "Try it: Wednesday 2 December, 14:00–15:30",
                    "Your parent can ask Welzijn Ontdekstad about it.",
                    "More ideas",
                    "Save my interests",
                ],
            ),
        ],
    )
    # Three of one kind: moving, outside and wild point clearly to sport.
    assert user.text.count("· 🏃 Sport and moving") == 3


def test_kid_mode_speaks_to_the_child_in_dutch(engine: Engine) -> None:
    verify_dialog(
        kid(engine),
        [
            (Press("Wat kan ik proberen?"), ["Waar word jij blij van?", "Hoe oud ben jij?"]),
            (Press("9"), ["Wat vind jij leuk?"]),
            ("ik hou van koken", ["Doe jij iets liever alleen of samen?"]),
            (Press("Verras me"), ["Verrassing! Wat dacht je hiervan?", "1. Koken"]),
            ("/hobby", ["Hoe oud ben jij?"]),
        ],
    )


def test_skipping_every_question_still_gives_three_ideas(engine: Engine) -> None:
    user = parent(engine)
    user.send("/hobby")
    for number in range(1, 7):
        assert f"Vraag {number} van 6" in user.text
        user.press("Overslaan")
    assert "Deze hobby's passen misschien bij je kind:" in user.text
    assert all(f"{n}. " in user.text for n in (1, 2, 3)) and "4. " not in user.text
    assert "Er is binnenkort een proefworkshop." in user.text
    assert "Stel me de vragen" not in user.visible  # every question was behind us


def test_verras_me_at_once(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, [("/hobby", []), (Press("Verras me"), ["Verrassing!", "1. ", "3. "])])
    assert "4. " not in user.text


def test_a_typed_sentence_gives_ideas_at_once(understanding_engine: Engine) -> None:
    user = parent(understanding_engine)
    verify_dialog(
        user,
        [
            (
                "ik hou van tekenen en buiten spelen",
                [
                    "Deze hobby's passen misschien bij je kind:",
                    "1. Street art",
                    "💡 Omdat je kind graag tekent of iets moois maakt en buiten is.",
                    "Stel me de vragen",
                ],
            ),
            (Press("Stel me de vragen"), ["Vraag 1 van 6", "Hoe oud is je kind?"]),
            (Press("12"), ["Vraag 3 van 6"]),  # what they like was said already
        ],
    )


def test_a_sentence_without_wishes_starts_the_quiz(understanding_engine: Engine) -> None:
    user = parent(understanding_engine)
    verify_dialog(user, [("wat kan ik proberen?", ["Wat voor hobby zoekt je kind?", "Vraag 1"])])
    user.send("/menu")
    verify_dialog(user, [("mijn zoon van 10 zoekt een nieuwe hobby", ["Vraag 2 van 6"])])


def test_typed_answers_that_do_not_fit(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(
        user,
        [
            ("/hobby", ["Vraag 1 van 6"]),
            ("honderd", ["Dat begrijp ik niet helemaal", "Vraag 1 van 6"]),
            ("weet ik niet", ["Vraag 2 van 6"]),
            ("tja", ["Dat begrijp ik niet helemaal", "Vraag 2 van 6"]),
            ("liefst gratis", ["Genoteerd!", "Vraag 2 van 6"]),  # an answer to question 6
            ("schaken en puzzels", ["Vraag 3 van 6"]),
            (Press("Overslaan"), ["Vraag 4 van 6"]),
            (Press("Overslaan"), ["Vraag 5 van 6"]),
            (
                Press("Overslaan"),  # question 6 was answered: the ideas
                ["1. Programmeren", "Omdat je kind graag puzzelt en nadenkt en er gratis mee"],
            ),
        ],
    )


def test_more_ideas_then_none_then_again(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    seen = {line for line in user.text.splitlines() if line[:2] in ("1.", "2.", "3.")}
    shown = 3
    while True:
        user.press("Meer ideeën")
        if "Meer ideeën heb ik niet" in user.text:
            break
        assert "Nog meer ideeën:" in user.text
        batch = {line for line in user.text.splitlines() if line[:2] in ("1.", "2.", "3.")}
        assert not batch & seen
        seen |= batch
        shown += len(batch)
    assert shown == 10  # every hobby for a child of 10 (not the toddler dance, not vlogging)
    verify_dialog(user, [(Press("Terug naar de ideeën"), ["Nog meer ideeën:"])])
    verify_dialog(user, [(Press("Opnieuw"), ["Vraag 1 van 6"])])


def test_laat_het_me_weten_stores_the_hobby_only_after_yes(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    user.press("Meer ideeën")
    verify_dialog(
        user,
        [
            (
                Press("Laat het me weten: Tekenen"),
                ["Dan bewaar ik Tekenen en schilderen bij je interesses", "/privacy"],
            ),
        ],
    )
    assert stored_interests(engine) == []
    verify_dialog(user, [(Press("Ja, bewaar"), ["Bewaard: Tekenen en schilderen"])])
    assert stored_interests(engine) == ["tekenen"]
    verify_dialog(user, [(Press("Verwijder mijn interesses"), ["zijn verwijderd"])])
    assert stored_interests(engine) == []
    verify_dialog(user, [(Press("Terug naar de ideeën"), ["Nog meer ideeën:"])])


def test_bewaar_mijn_interesses_says_what_is_stored_and_can_be_undone(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    verify_dialog(
        user,
        [
            (
                Press("Bewaar mijn interesses"),
                [
                    "onthoud ik alleen deze interesses:",
                    "🏃 Sport en bewegen, 🎨 Creatief en muziek, 🧠 Denken en ontdekken, "
                    "Straatvoetbal, Street art, Schaken",
                    "Je antwoorden op de vragen, zoals de leeftijd, bewaar ik niet.",
                    "verwijderen",
                ],
            )
        ],
    )
    assert stored_interests(engine) == []
    verify_dialog(user, [(Press("Ja, bewaar"), ["Bewaard:", "Verwijder mijn interesses"])])
    assert stored_interests(engine) == [
        "sportief",
        "creatief",
        "cognitief",
        "straatvoetbal",
        "street-art",
        "schaken",
    ]
    verify_dialog(user, [(Press("Terug naar de ideeën"), ["Verwijder mijn interesses"])])
    user.press("Verwijder mijn interesses")
    assert stored_interests(engine) == []


def test_a_kid_asks_the_parent_before_anything_is_stored(engine: Engine) -> None:
    user = kid(engine)
    user.send("/hobby")
    user.press("Verras me")
    verify_dialog(
        user,
        [(Press("Bewaar"), ["Dit vraag ik aan je ouder", "Ik ben de ouder: bewaar"])],
    )
    assert stored_interests(engine) == []


def test_answers_leave_the_state_when_the_family_leaves_discovery(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    state = stored_state(engine)
    assert state["scratch"][FLOW]["age"] == 10
    assert state["scratch"][FLOW]["chosen"]["likes"] == ["art", "outside"]
    user.press("Street art proberen")  # the try-out: the agenda, not discovery any more
    assert not answers_held(engine)
    assert '"age"' not in json.dumps(stored_state(engine))
    verify_dialog(
        user,
        [(Press("Meer over Street art"), ["Street art"])],
    )
    # Nothing about the child is stored anywhere without "bewaar".
    assert stored_interests(engine) == []
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Child)) == 0


@pytest.mark.parametrize("leave", ["/agenda", "/menu", Press("Menu")])
def test_any_way_out_of_a_question_forgets_the_answers(engine: Engine, leave: str | Press) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ[:4])
    old = user.button("Koken").token
    assert answers_held(engine)
    verify_dialog(user, [(leave, [])])
    assert not answers_held(engine), stored_state(engine)
    user.press_token(old)  # a button of the quiz from before
    assert "Je antwoorden heb ik niet meer" in user.text and "Vraag 1 van 6" in user.text


def test_typing_something_else_at_the_ideas_forgets_the_answers(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    verify_dialog(user, [("welke workshops zijn er", ["Dit vond ik voor workshops"])])
    assert not answers_held(engine)


def test_an_old_question_button_after_leaving_starts_over(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ[:2])
    old = user.button("Tekenen en kunst").token
    user.send("/agenda")
    user.press_token(old)
    assert "Je antwoorden heb ik niet meer" in user.text
    assert not stored_state(engine)["scratch"][FLOW]["chosen"]


def test_browsing_by_kind_from_the_ideas_and_back(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, PARENT_QUIZ)
    verify_dialog(
        user,
        [
            (Press("Zelf rondkijken"), ["Kies een soort hobby", "Terug naar de ideeën"]),
            (Press("Sport en bewegen"), ["Straatvoetbal (8–14 jaar)", "Judo (6–14 jaar)"]),
            (Press("Judo"), ["De judoclub kost € 20 per maand.", "geen workshop"]),
            (Press("Terug naar de ideeën"), ["1. Straatvoetbal"]),
            (Press("ℹ️ Schaken"), ["Lenen in de bieb:", "Schaakspel (14 dagen)"]),
            (Press("Terug naar de ideeën"), ["1. Straatvoetbal"]),
        ],
    )


def test_the_age_question_offers_the_children_already_known(engine: Engine) -> None:
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "terminal", "5001", language="nl", now=NOW)
        give_consent(family, NOW)
        add_child(session, family, "Sam", 13, NOW)
    user = parent(engine)
    verify_dialog(
        user,
        [
            ("/hobby", ["Hoe oud is je kind?", "🧒 Sam (13)"]),
            (Press("Sam"), ["Vraag 2 van 6"]),
            (Press("Koken"), []),
            (Press("Verder"), []),
        ],
    )
    user.press("Verras me")
    assert "Koken" not in user.text and "Kleuterdans" not in user.text  # 8–12 and 4–7


def test_the_quiz_works_on_each_database(db: Database) -> None:
    import_into(db, CATALOGUE)
    user = parent(build_engine(settings_for(db.url, CATALOGUE), db))
    verify_dialog(user, PARENT_QUIZ)


def test_text_after_leaving_a_question_by_an_old_button_is_not_an_answer(engine: Engine) -> None:
    user = parent(engine)
    menu = user.button("Workshops en lezingen").token
    verify_dialog(user, PARENT_QUIZ[:2])
    user.press_token(menu)  # the menu from before the quiz
    assert "Wat wil je bekijken?" in user.text and not answers_held(engine)
    verify_dialog(user, [("wat is de hoofdstad van frankrijk", ["Sorry, dat begrijp ik"])])


def test_looking_around_from_the_first_question_drops_the_quiz(engine: Engine) -> None:
    user = parent(engine)
    verify_dialog(user, [*PARENT_QUIZ[:2], ("/hobby", []), (Press("Zelf rondkijken"), [])])
    assert "Terug naar de ideeën" not in user.visible
    assert not answers_held(engine)
