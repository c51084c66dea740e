"""What families asked in testing (issue 14), as they asked it, on the sample catalogue:
each message in a fresh chat of a parent, and what they must and must not see."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest

from bot.db import Database
from bot.engine.content import Content
from bot.engine.core import Engine
from bot.nlu import Understander
from tests.conftest import DIALOGS, SAMPLE_CATALOGUE, import_into
from tests.dialog import ChatUser, Step, check_dialog

_ids = count(7000)


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path: Path = tmp_path_factory.mktemp("sample") / "talentbot.sqlite3"
    database = Database(f"sqlite:///{path}")
    import_into(database, SAMPLE_CATALOGUE)
    with database.transaction() as session:
        understander = Understander.from_session(session, DIALOGS)
    yield Engine(database, Content.load(DIALOGS), understander)
    database.dispose()


def asker(engine: Engine, role: str = "ouder") -> ChatUser:
    user = ChatUser(engine, str(next(_ids)), channel="telegram")
    user.send("/start")
    user.press(role)
    return user


JUDO = ["Judo proberen", "16 januari"]
NOT_THE_QUIZ = ["Omdat je kind", "Vraag 1 van"]


@pytest.mark.parametrize(
    "send, says, not_says",
    [
        # A named hobby to try: its workshops, not the quiz's top three.
        ("judo proberen", JUDO, NOT_THE_QUIZ),
        ("kan mijn dochter judo proberen?", JUDO, NOT_THE_QUIZ),
        ("mag mijn zoon een keer judo uitproberen", JUDO, NOT_THE_QUIZ),
        ("ik wil saxofoon proberen", ["Proefles saxofoon", "9 december"], NOT_THE_QUIZ),
        # One workshop's facts, not the general answer.
        ("hoeveel kost kerstkoken?", ["Kerstkoken", "2,50"], ["zijn gratis, tenzij"]),
        ("wat moet je meenemen naar kerstkoken", ["Een bakje"], []),
        ("wat kost het kerstkoken eigenlijk", ["2,50"], ["zijn gratis, tenzij"]),
        # An age outside the programme is said at once.
        ("wat is er voor kinderen van 13?", ["geen workshops voor kinderen van 13 jaar"], []),
        # Dates around holidays, and words that only contain one.
        ("is er iets na de kerstvakantie", ["Programmeren voor beginners"], ["Kerstkoken"]),
        ("Anything for kids during the Christmas holidays?", ["Christmas cooking"], []),
        # A hobby found is kept, whatever vague words come with it.
        ("ik zoek een workshop programeren", ["Programmeren voor beginners"], NOT_THE_QUIZ),
        # Negation: no sport.
        ("geen sport, liever iets creatiefs", ["Creatief"], ["Judo", "Straatvoetbal"]),
        # Another shop's hours are not the library's.
        ("hoe laat is de Albert Heijn open", ["Dat weet ik niet zeker"], ["Openingstijden"]),
        ("hoe laat is de bieb open", ["Openingstijden"], []),
        ("wat doen jullie met mn naam", ["🔒 Privacy"], []),
        ("camera lenen om foto's te maken", ["Voor Fotografie kun je in de bieb lenen"], []),
        ("hebben jullie schaakborden", ["Schaakspel"], []),
        # The fallback always leads somewhere.
        ("mijn dochter is 10, wat kan ze doen?", ["Vraag 2 van"], ["een van deze?"]),
        ("ik wil gamen", ["Programmeren"], ["een van deze?"]),
    ],
)
def test_what_a_parent_asked_gets_what_they_meant(
    sample_engine: Engine, send: str, says: list[str], not_says: list[str]
) -> None:
    check_dialog(asker(sample_engine), [Step(send=send, messages=1, says=says, not_says=not_says)])


def test_a_kid_with_no_clear_wish_gets_the_quiz_in_kid_words(sample_engine: Engine) -> None:
    check_dialog(
        asker(sample_engine, "kind"),
        [Step(send="ik wil iets met dieren", messages=1, says=["Vraag 1 van", "Hoe oud ben jij?"])],
    )
