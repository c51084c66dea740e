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
from bot.engine.state import ConversationState
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import FIXTURES, NOW, import_into, settings_for
from tests.dialog import ChatUser, Step, check_dialog

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
    """The chat's state as stored, read the way the engine reads it (defaults filled in)."""
    with engine.db.transaction() as session:
        stored = session.scalars(select(Conversation)).one().state
    return ConversationState.from_stored(stored).model_dump(mode="json")


def stored_interests(engine: Engine) -> list[str]:
    with engine.db.transaction() as session:
        return list(session.scalars(select(Family)).one().interests)


def answers_held(engine: Engine) -> bool:
    return FLOW in stored_state(engine)["scratch"]


PARENT_QUIZ = [
    Step(
        press="Ontdek een hobby",
        messages=1,
        says=["Wat voor hobby zoekt je kind?", "Vraag 1 van 6", "Hoe oud is je kind?"],
        buttons=["10", "Overslaan", "Verras me", "Zelf rondkijken per soort"],
    ),
    Step(
        press="10",
        messages=1,
        says=["Vraag 2 van 6", "Wat doet je kind graag?"],
        buttons=["Tekenen en kunst", "Buiten zijn", "Overslaan"],
        no_buttons=["Verder"],  # nothing chosen yet: skip, not go on
    ),
    Step(
        press="Tekenen en kunst",
        messages=1,
        says=["Vraag 2 van 6", "Gekozen: 🎨 Tekenen en kunst"],
        buttons=["✅ 🎨 Tekenen en kunst", "▶ Verder"],
        no_buttons=["Overslaan"],
    ),
    Step(
        press="Buiten zijn",
        messages=1,
        says=["Gekozen: 🎨 Tekenen en kunst, 🌳 Buiten zijn"],
        buttons=["✅ 🎨 Tekenen en kunst", "✅ 🌳 Buiten zijn", "▶ Verder"],
    ),
    Step(
        press="Verder",
        messages=1,
        says=["Vraag 3 van 6", "alleen, samen met anderen of in een team?"],
        buttons=["Samen met anderen"],
    ),
    Step(
        press="Samen met anderen",
        messages=1,
        says=["Vraag 4 van 6", "rustigs of iets wilds"],
        buttons=["Rustig", "Wild en spannend"],
    ),
    Step(
        press="Overslaan",
        messages=1,
        says=["Vraag 5 van 6", "proefworkshop?"],
        buttons=["Woensdagmiddag"],
    ),
    Step(
        press="Woensdagmiddag",
        messages=1,
        says=["Vraag 6 van 6", "Mag dat?"],
        buttons=["Liefst gratis"],
    ),
    Step(
        press="Liefst gratis",
        messages=1,
        says=[
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
        ],
        not_says=[
            "4. ",
            "van 6",
            "inkomen",
            "Inkomen",
        ],  # three ideas, no question; never about income
        buttons=[
            "📅 wo 2 dec · Straatvoetbal proberen",
            "ℹ️ Straatvoetbal",
            "Meer ideeën",
            "Opnieuw",
            "Bewaar mijn interesses",
            "Zelf rondkijken per soort",
        ],
        no_buttons=["Stel me de vragen"],  # every question was asked
    ),
]


def test_parent_quiz_to_a_workshop_with_a_registration_button(engine: Engine) -> None:
    check_dialog(
        parent(engine),
        [
            *PARENT_QUIZ,
            Step(
                press="Street art proberen",
                messages=1,
                says=[
                    "✨ Street art proberen",
                    "zaterdag 5 december, 10:30–12:00",
                    "Nog 8 plekken",
                ],
                buttons=["📝 Inschrijven", "Meer over Street art"],
            ),
            Step(
                press="Inschrijven",  # the registration flow takes over: consent comes first
                messages=1,
                says=["vraag ik je toestemming", "Ga je akkoord?"],
                not_says=["Deze knop werkt niet meer"],
                buttons=["Akkoord", "Nee"],
            ),
        ],
    )


def test_kid_quiz_in_english_with_typed_answers(engine: Engine) -> None:
    user = kid(engine)
    user.send("/taal")
    user.press("English")
    parent_or_dutch = ["your child", "Vraag", "Omdat", "Proberen"]
    check_dialog(
        user,
        [
            Step(
                press="What can I try?",
                messages=1,
                says=["What makes you happy?", "Question 1 of 6", "How old are you? 🎂"],
                not_says=parent_or_dutch,
                buttons=["Skip", "Surprise me"],
                no_buttons=["Overslaan", "Verras me"],
            ),
            Step(
                send="I'm 11",
                messages=1,
                says=["Question 2 of 6", "What do you like? 😃"],
                not_says=parent_or_dutch,
                buttons=["Moving and sports", "Being outside"],
            ),
            Step(
                send="football and being outside",
                messages=1,
                says=["Question 3 of 6", "alone or together?"],
                buttons=["With others"],
            ),
            Step(
                send="with my friends",
                messages=1,
                says=["Question 4 of 6", "Calm or wild?"],
            ),
            Step(
                send="wild!",
                messages=1,
                says=["Question 5 of 6", "When do you have time to try something?"],
            ),
            Step(
                send="doesn't matter",  # a skip
                messages=1,
                says=["Question 6 of 6", "May it cost money"],
                buttons=["It may cost money"],
            ),
            Step(
                press="It may cost money",
                messages=1,
                says=[
                    "These could be just right for you!",
                    "1. Street football",
                    "💡 Because you like moving and being outside.",
                    "Try it: Wednesday 2 December, 14:00–15:30",
                    "Your parent can ask Welzijn Ontdekstad about it.",
                ],
                not_says=[*parent_or_dutch, "might suit"],
                buttons=["More ideas", "Save my interests", "Let me know: Skateboarding"],
                no_buttons=["Meer ideeën", "Bewaar"],
            ),
        ],
    )
    # Three of one kind: moving, outside and wild point clearly to sport.
    assert user.text.count("· 🏃 Sport and moving") == 3


def test_kid_mode_speaks_to_the_child_in_dutch(engine: Engine) -> None:
    check_dialog(
        kid(engine),
        [
            Step(
                press="Wat kan ik proberen?",
                messages=1,
                says=["Waar word jij blij van?", "Vraag 1 van 6", "Hoe oud ben jij?"],
                not_says=["je kind"],
            ),
            Step(
                press="9",
                messages=1,
                says=["Vraag 2 van 6", "Wat vind jij leuk?"],
                not_says=["je kind"],
            ),
            Step(
                send="ik hou van koken",
                messages=1,
                says=["Vraag 3 van 6", "Doe jij iets liever alleen of samen?"],
                not_says=["je kind"],
            ),
            Step(
                press="Verras me",
                messages=1,
                says=["Verrassing! Wat dacht je hiervan?", "1. Koken", "💡 Omdat je graag kookt."],
                not_says=["je kind", "Vraag ernaar bij"],
                buttons=["Laat het me weten: Koken"],
            ),
            Step(
                send="/hobby",
                messages=1,
                says=["Waar word jij blij van?", "Vraag 1 van 6", "Hoe oud ben jij?"],
                not_says=["je kind"],
            ),
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
    check_dialog(
        parent(engine),
        [
            Step(send="/hobby", messages=1, says=["Vraag 1 van 6"], buttons=["Verras me"]),
            Step(
                press="Verras me",
                messages=1,
                says=["Verrassing! Misschien is dit iets voor je kind:", "1. ", "2. ", "3. "],
                not_says=["4. ", "van 6"],
                # Nothing was answered: the questions can still be asked.
                buttons=["Stel me de vragen", "Meer ideeën"],
            ),
        ],
    )


def test_a_typed_sentence_gives_ideas_at_once(understanding_engine: Engine) -> None:
    check_dialog(
        parent(understanding_engine),
        [
            Step(
                send="ik hou van tekenen en buiten spelen",
                messages=1,
                says=[
                    "Deze hobby's passen misschien bij je kind:",
                    "1. Street art",
                    "💡 Omdat je kind graag tekent of iets moois maakt en buiten is.",
                ],
                not_says=["van 6"],
                buttons=["Stel me de vragen"],
            ),
            Step(
                press="Stel me de vragen",
                messages=1,
                says=["Vraag 1 van 6", "Hoe oud is je kind?"],
                buttons=["12"],
            ),
            Step(
                press="12",
                messages=1,
                says=["Vraag 3 van 6"],
                not_says=["Vraag 2 van 6"],  # what they like was said already
            ),
        ],
    )


def test_a_sentence_without_wishes_starts_the_quiz(understanding_engine: Engine) -> None:
    check_dialog(
        parent(understanding_engine),
        [
            Step(
                send="wat kan ik proberen?",
                messages=1,
                says=["Wat voor hobby zoekt je kind?", "Vraag 1 van 6"],
                not_says=["passen misschien"],
            ),
            Step(send="/menu", messages=1, says=["Waarmee kan ik je helpen?"]),
            Step(
                send="mijn zoon van 10 zoekt een nieuwe hobby",
                messages=1,
                says=["Wat voor hobby zoekt je kind?", "Vraag 2 van 6", "Wat doet je kind graag?"],
                not_says=["Hoe oud is je kind?"],  # the age was in the sentence
            ),
        ],
    )


def test_typed_answers_that_do_not_fit(engine: Engine) -> None:
    not_understood = "Dat begrijp ik niet helemaal"
    check_dialog(
        parent(engine),
        [
            Step(send="/hobby", messages=1, says=["Vraag 1 van 6"]),
            Step(send="honderd", messages=1, says=[not_understood, "Vraag 1 van 6"]),
            Step(
                send="weet ik niet", messages=1, says=["Vraag 2 van 6"], not_says=[not_understood]
            ),
            Step(send="tja", messages=1, says=[not_understood, "Vraag 2 van 6"]),
            Step(
                send="liefst gratis",  # an answer to question 6
                messages=1,
                says=["Genoteerd!", "Vraag 2 van 6"],
                not_says=[not_understood],
            ),
            Step(send="schaken en puzzels", messages=1, says=["Vraag 3 van 6"]),
            Step(press="Overslaan", messages=1, says=["Vraag 4 van 6"]),
            Step(press="Overslaan", messages=1, says=["Vraag 5 van 6"]),
            Step(
                press="Overslaan",  # question 6 was answered: the ideas
                messages=1,
                says=[
                    "1. Programmeren",
                    "💡 Omdat je kind graag puzzelt en nadenkt en er gratis mee verder kunt.",
                ],
                not_says=["Vraag 6 van 6"],
            ),
        ],
    )


def test_more_ideas_then_none_then_again(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(user, PARENT_QUIZ)
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
    check_dialog(
        user,
        [
            Step(
                press="Terug naar de ideeën",
                messages=1,
                says=["Nog meer ideeën:", "1. Judo"],  # the last batch
                not_says=["Meer ideeën heb ik niet"],
            ),
            Step(
                press="Opnieuw",
                messages=1,
                says=["Wat voor hobby zoekt je kind?", "Vraag 1 van 6"],
                not_says=["Nog meer ideeën"],
            ),
        ],
    )


def test_laat_het_me_weten_stores_the_hobby_only_after_yes(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(
        user,
        [
            *PARENT_QUIZ,
            Step(
                press="Meer ideeën",
                messages=1,
                says=["Nog meer ideeën:", "Tekenen en schilderen"],
                buttons=["Laat het me weten: Tekenen en schilderen"],
            ),
            Step(
                press="Laat het me weten: Tekenen",
                messages=1,
                says=[
                    "Dan bewaar ik Tekenen en schilderen bij je interesses",
                    "Verder bewaar ik niets",
                    "/privacy",
                ],
                buttons=["Ja, bewaar", "Terug naar de ideeën"],
            ),
        ],
    )
    assert stored_interests(engine) == []
    check_dialog(
        user,
        [
            Step(
                press="Ja, bewaar",
                messages=1,
                says=["Bewaard: Tekenen en schilderen."],
                buttons=["Verwijder mijn interesses"],
            )
        ],
    )
    assert stored_interests(engine) == ["tekenen"]
    check_dialog(
        user,
        [
            Step(
                press="Verwijder mijn interesses",
                messages=1,
                says=["Je interesses zijn verwijderd."],
                buttons=["Terug naar de ideeën"],
                no_buttons=["Verwijder"],
            )
        ],
    )
    assert stored_interests(engine) == []
    check_dialog(
        user,
        [
            Step(
                press="Terug naar de ideeën",
                messages=1,
                says=["Nog meer ideeën:", "Tekenen en schilderen"],
                buttons=["Laat het me weten: Tekenen en schilderen"],
                no_buttons=["Verwijder mijn interesses"],  # there is nothing left to remove
            )
        ],
    )


def test_bewaar_mijn_interesses_says_what_is_stored_and_can_be_undone(engine: Engine) -> None:
    user = parent(engine)
    interests = (
        "🏃 Sport en bewegen, 🎨 Creatief en muziek, 🧠 Denken en ontdekken, "
        "Straatvoetbal, Street art, Schaken"
    )
    check_dialog(
        user,
        [
            *PARENT_QUIZ,
            Step(
                press="Bewaar mijn interesses",
                messages=1,
                says=[
                    "onthoud ik alleen deze interesses:",
                    interests,
                    "Je antwoorden op de vragen, zoals de leeftijd, bewaar ik niet.",
                    "verwijderen",
                ],
                not_says=["Bewaard"],
                buttons=["Ja, bewaar", "Terug naar de ideeën"],
            ),
        ],
    )
    assert stored_interests(engine) == []
    check_dialog(
        user,
        [
            Step(
                press="Ja, bewaar",
                messages=1,
                says=[f"Bewaard: {interests}."],
                buttons=["Verwijder mijn interesses"],
            )
        ],
    )
    assert stored_interests(engine) == [
        "sportief",
        "creatief",
        "cognitief",
        "straatvoetbal",
        "street-art",
        "schaken",
    ]
    check_dialog(
        user,
        [
            Step(
                press="Terug naar de ideeën",
                messages=1,
                says=["Deze hobby's passen misschien bij je kind:", "1. Straatvoetbal"],
                buttons=["Verwijder mijn interesses", "Meer ideeën"],
            ),
            Step(
                press="Verwijder mijn interesses",
                messages=1,
                says=["Je interesses zijn verwijderd."],
                no_buttons=["Verwijder"],
            ),
        ],
    )
    assert stored_interests(engine) == []


def test_a_kid_asks_the_parent_before_anything_is_stored(engine: Engine) -> None:
    check_dialog(
        kid(engine),
        [
            Step(send="/hobby", messages=1, says=["Hoe oud ben jij?"], buttons=["Verras me"]),
            Step(
                press="Verras me",
                messages=1,
                says=["Verrassing! Wat dacht je hiervan?"],
                buttons=["Bewaar mijn interesses"],
            ),
            Step(
                press="Bewaar",
                messages=1,
                says=["Dit vraag ik aan je ouder", "Als je ouder op bewaren tikt"],
                buttons=["Ik ben de ouder: bewaar"],
                no_buttons=["Ja, bewaar"],  # not a button for the child
            ),
        ],
    )
    assert stored_interests(engine) == []


def test_answers_leave_the_state_when_the_family_leaves_discovery(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(user, PARENT_QUIZ)
    state = stored_state(engine)
    assert state["scratch"][FLOW]["age"] == 10
    assert state["scratch"][FLOW]["chosen"]["likes"] == ["art", "outside"]
    user.press("Street art proberen")  # the try-out: the agenda, not discovery any more
    assert not answers_held(engine)
    assert '"age"' not in json.dumps(stored_state(engine))
    check_dialog(
        user,
        [
            Step(
                press="Meer over Street art",
                messages=1,
                says=["🌟 Street art", "Probeer het uit in een workshop:"],
                buttons=["za 5 dec · Street art proberen"],
                no_buttons=["Terug naar de ideeën"],  # the ideas went with the answers
            )
        ],
    )
    # Nothing about the child is stored anywhere without "bewaar".
    assert stored_interests(engine) == []
    with engine.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Child)) == 0


def started_over(old_button: str) -> Step:
    """A button of a quiz that was left: the answers are gone, the quiz starts again."""
    return Step(
        token=old_button,
        messages=2,
        says=["Je antwoorden heb ik niet meer", "We beginnen opnieuw", "Vraag 1 van 6"],
        not_says=["Gekozen"],
    )


@pytest.mark.parametrize(
    "leave",
    [
        pytest.param(Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]), id="agenda"),
        pytest.param(Step(send="/menu", messages=1, says=["Waarmee kan ik je helpen?"]), id="menu"),
        pytest.param(
            Step(press="Menu", messages=1, says=["Waarmee kan ik je helpen?"]), id="menu-button"
        ),
    ],
)
def test_any_way_out_of_a_question_forgets_the_answers(engine: Engine, leave: Step) -> None:
    user = parent(engine)
    check_dialog(user, PARENT_QUIZ[:4])
    old = user.button("Koken").token
    assert answers_held(engine)
    check_dialog(user, [leave])
    assert not answers_held(engine), stored_state(engine)
    check_dialog(user, [started_over(old)])  # a button of the quiz from before


def test_typing_something_else_at_the_ideas_forgets_the_answers(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(
        user,
        [
            *PARENT_QUIZ,
            Step(
                send="welke workshops zijn er",
                messages=1,
                says=["Deze workshops vond ik:", "Straatvoetbal proberen"],
                not_says=["passen misschien"],
                no_buttons=["Terug naar de ideeën"],
            ),
        ],
    )
    assert not answers_held(engine)


def test_an_old_question_button_after_leaving_starts_over(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(user, PARENT_QUIZ[:2])
    old = user.button("Tekenen en kunst").token
    check_dialog(
        user,
        [
            Step(send="/agenda", messages=1, says=["Wat wil je bekijken?"]),
            started_over(old),
        ],
    )
    assert not stored_state(engine)["scratch"][FLOW]["chosen"]


def test_browsing_by_kind_from_the_ideas_and_back(engine: Engine) -> None:
    back = "Terug naar de ideeën"
    check_dialog(
        parent(engine),
        [
            *PARENT_QUIZ,
            Step(
                press="Zelf rondkijken",
                messages=1,
                says=["Kies een soort hobby"],
                buttons=["Sport en bewegen", back],
            ),
            Step(
                press="Sport en bewegen",
                messages=1,
                says=["Straatvoetbal (8–14 jaar)", "Judo (6–14 jaar)"],
                not_says=["Schaken"],
                buttons=["Judo", "Andere soort", back],
            ),
            Step(
                press="Judo",
                messages=1,
                says=["🌟 Judo", "De judoclub kost € 20 per maand.", "geen workshop"],
                buttons=[back],
            ),
            Step(
                press=back,
                messages=1,
                says=["Deze hobby's passen misschien bij je kind:", "1. Straatvoetbal"],
                not_says=["Judo"],
                buttons=["ℹ️ Schaken"],
            ),
            Step(
                press="ℹ️ Schaken",
                messages=1,
                says=["🌟 Schaken", "Lenen in de bieb:", "Schaakspel (14 dagen)"],
                buttons=["wo 9 dec · Schaken proberen", back],
            ),
            Step(press=back, messages=1, says=["1. Straatvoetbal", "3. Schaken"]),
        ],
    )


def test_the_age_question_offers_the_children_already_known(engine: Engine) -> None:
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "terminal", "5001", language="nl", now=NOW)
        give_consent(family, NOW)
        add_child(session, family, "Sam", 13, NOW)
    check_dialog(
        parent(engine),
        [
            Step(
                send="/hobby",
                messages=1,
                says=["Hoe oud is je kind?"],
                buttons=["🧒 Sam (13)", "10"],
            ),
            Step(press="Sam", messages=1, says=["Vraag 2 van 6", "Wat doet je kind graag?"]),
            Step(
                press="Koken",
                messages=1,
                says=["Gekozen: 🍳 Koken"],
                buttons=["✅ 🍳 Koken", "▶ Verder"],
            ),
            Step(press="Verder", messages=1, says=["Vraag 3 van 6"]),
            Step(
                press="Verras me",
                messages=1,
                says=["Verrassing!", "1. ", "3. "],
                not_says=["Koken", "Kleuterdans"],  # 8–12 and 4–7: not for Sam, who is 13
            ),
        ],
    )


def test_the_quiz_works_on_each_database(db: Database) -> None:
    import_into(db, CATALOGUE)
    check_dialog(parent(build_engine(settings_for(db.url, CATALOGUE), db)), PARENT_QUIZ)


def test_text_after_leaving_a_question_by_an_old_button_is_not_an_answer(engine: Engine) -> None:
    user = parent(engine)
    menu = user.button("Workshops en lezingen").token
    check_dialog(
        user,
        [
            *PARENT_QUIZ[:2],
            Step(
                token=menu,  # the menu from before the quiz
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=["Workshops voor kinderen"],
            ),
        ],
    )
    assert not answers_held(engine)
    check_dialog(
        user,
        [
            Step(
                send="welke workshops zijn er",
                messages=1,
                says=["Schaken proberen", "Programmeren proberen"],
                not_says=["van 6", "Genoteerd", "Dat begrijp ik", "Gekozen"],
            )
        ],
    )


def test_looking_around_from_the_first_question_drops_the_quiz(engine: Engine) -> None:
    user = parent(engine)
    check_dialog(
        user,
        [
            *PARENT_QUIZ[:2],
            Step(send="/hobby", messages=1, says=["Vraag 1 van 6"], not_says=["Gekozen"]),
            Step(
                press="Zelf rondkijken",
                messages=1,
                says=["Kies een soort hobby"],
                no_buttons=["Terug naar de ideeën"],
            ),
        ],
    )
    assert not answers_held(engine)


def test_an_earlier_button_of_the_same_feature_also_closes_the_question(engine: Engine) -> None:
    """Browsing by kind, then the quiz, then a kind button from before: the quiz question is
    closed, and a typed question gets its own answer."""
    user = parent(engine)
    check_dialog(user, [PARENT_QUIZ[0]])
    check_dialog(user, [Step(press="Zelf rondkijken", messages=1, says=["Kies een soort hobby"])])
    sport = user.button("Sport en bewegen").token
    check_dialog(
        user,
        [
            Step(send="/hobby", messages=1, says=["Vraag 1 van 6"]),
            Step(token=sport, messages=1, says=["Straatvoetbal"], not_says=["Vraag 1 van 6"]),
            Step(
                send="welke workshops zijn er",
                messages=1,
                says=["Schaken proberen", "Programmeren proberen"],
                not_says=["Vraag 1 van 6", "Dat begrijp ik"],
            ),
        ],
    )
