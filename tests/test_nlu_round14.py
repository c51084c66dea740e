"""Understanding, round 14 (issue 14): what tuning sets ZA and ZB showed families write.
Phrasings of our own; the moment is Tuesday 24 November 2026, 10:00.

- Days gone by are only kept for feedback ("de judo van vorige week was top"): "hij is
  vorige maand 10 geworden" asks about no day.
- A birthday told in one clause is not the day asked about in another, unless the question
  points back at it ("is er die dag iets?", "in die week").
- "na 10 januari" is the rest of January; "voor de kerst" is until Christmas Eve.
- A camera alone names no hobby (vlog or photo?); a privacy question names none.
- A hobby the child has done for years ("zit al twee jaar op judo") is not the one sought.
"""

from __future__ import annotations

import pytest

from bot.nlu import Understander
from tests.test_nlu import NOW, days_asked


@pytest.mark.parametrize(
    "text",
    [
        "mijn zoon is vorige maand 10 geworden, wat kan hij proberen?",
        "ik heb hem gisteren opgegeven voor schaken, is dat goed gegaan?",
        "last week my daughter turned 11, is she too old for the workshops?",
        "Mijn dochter is 20 december jarig. Is er iets met dansen voor haar?",
        "Hij viert op 12 december zijn verjaardag, mag hij een speaker lenen?",
        "we zijn dat weekend weg",
    ],
)
def test_a_day_told_in_passing_is_not_asked_about(understander: Understander, text: str) -> None:
    assert days_asked(understander, text) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("de judo van afgelopen zaterdag was echt top", ("2026-11-21", "2026-11-21")),
        ("over vier dagen is ze jarig, is er die dag iets leuks?", ("2026-11-28", "2026-11-28")),
        ("Hij is 9 december jarig. Is er in die week een workshop?", ("2026-12-07", "2026-12-13")),
        ("Op 12 december is ze jarig, wat is er dan te doen?", ("2026-12-12", "2026-12-12")),
        ("mijn zoon zit op de basisschool en wil zaterdag iets doen", ("2026-11-28", "2026-11-28")),
        ("Vrijdag hebben de kinderen vrij, is er dan iets?", ("2026-11-27", "2026-11-27")),
        ("is er iets voor de kerst?", ("2026-11-24", "2026-12-24")),
        ("anything on before Christmas?", ("2026-11-24", "2026-12-24")),
        ("en in de kerstvakantie?", ("2026-12-19", "2027-01-03")),
        ("is er na 10 januari nog iets?", ("2027-01-11", "2027-01-31")),
        ("wat is er na de zomervakantie", ("2027-08-23", "2027-08-31")),
    ],
)
def test_days_asked_about(understander: Understander, text: str, days: tuple[str, str]) -> None:
    assert days_asked(understander, text) == days


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("kan ik een camera lenen voor een weekje", None),
        ("mag ik de vlogcamera lenen", "vloggen"),
        ("hij wil iets met een camera en een microfoon", "vloggen"),
        ("ze wil met een camera foto's maken", "fotografie"),
        ("komen er foto's van mijn dochter op jullie instagram?", None),
        ("hij zit al twee jaar op judo, wat kan hij nog meer proberen?", None),
        ("ze zit al jaren op voetbal maar wil nu bewegen op muziek", "dansen"),
        ("wie is beter messi of ronaldo", None),
        ("ik wil met zo'n buisje onder water de vissen zien", "snorkelen"),
        ("ze is soms een echte drama queen haha, wat past bij haar?", None),
        ("Dochter 11 jaar op zoek naar schaken in december", "schaken"),
        ("de kelder staat onder water, gaat de workshop zaterdag door?", None),
    ],
)
def test_the_hobby_meant(understander: Understander, text: str, activity: str | None) -> None:
    assert understander.understand(text, NOW).activity == activity


def test_a_privacy_question_stays_privacy(understander: Understander) -> None:
    got = understander.understand("komen er foto's van mijn dochter op jullie instagram?", NOW)
    assert (got.intent, got.activity) == ("privacy", None)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("bedankt voor alles en tot 13 maart!", None),  # a goodbye, not "until 13 March"
        ("zijn broer gaat al naar voetbal op donderdag, wat kan hij zelf doen?", None),
        ("over 3 wk nog iets?", ("2026-12-14", "2026-12-20")),
        ("is er volgende wk iets met koken", ("2026-11-30", "2026-12-06")),
    ],
)
def test_days_in_passing_and_short(
    understander: Understander, text: str, days: tuple[str, str] | None
) -> None:
    assert days_asked(understander, text) == days


def test_an_age_after_a_month_is_no_day(understander: Understander) -> None:
    got = understander.understand("mijn dochter is in september 11 geworden", NOW)
    assert got.age == 11
    assert got.date_from is None or got.date_from.day == 1  # the month at most, not 11 September


def test_a_long_story_is_understood_by_its_question(understander: Understander) -> None:
    text = (
        "Goedemiddag, ik ben de buurvrouw van Mats. Hij is 10 en zijn moeder werkt veel. "
        "Hij bakt thuis graag koekjes en wil later kok worden. "
        "Is er in januari iets met koken waar ik met hem heen kan?"
    )
    got = understander.understand(text, NOW)
    assert (got.intent, got.activity) == ("event_search", "koken")


def test_the_loan_period_is_about_borrowing(understander: Understander) -> None:
    assert understander.understand("wat is de leentermijn?", NOW).intent == "borrow"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        (
            "ik zie hem alleen om het weekend, de volgende keer is 12 en 13 december. wat is er?",
            ("2026-12-12", "2026-12-13"),
        ),
        ("wat heb ik allemaal aangemeld voor februari", ("2027-02-01", "2027-02-28")),
    ],
)
def test_habits_and_months_booked(
    understander: Understander, text: str, days: tuple[str, str] | None
) -> None:
    assert days_asked(understander, text) == days
