"""Understanding, round 13 (issue 14): dates read with the clause they are in, as tuning sets
U, P and R showed families write them. Phrasings of our own; the moment is Tuesday 24
November 2026, 10:00.

- A day that does not suit ("9 december kan ik niet", "dan zijn we weg") is not the day asked
  about, when another clause asks.
- Of dates in several clauses, the question's: "op tweede kerstdag zijn we bij opa, is er iets
  op de 29e december?"
- "daarvoor nog" after a date told is before it; "daarvoor opgeven" is for it.
- A weekday in a clause with "altijd", "meestal", "usually" is a habit, no date.
"""

from __future__ import annotations

import pytest

from bot.nlu import Understander
from tests.test_nlu import NOW


def _days(understander: Understander, text: str) -> tuple[str, str]:
    got = understander.understand(text, NOW)
    return str(got.date_from), str(got.date_to)


@pytest.mark.parametrize(
    "text",
    [
        "16 januari kan hij niet, hij heeft een toernooi. Is er nog een andere judoles?",
        "op 9 december heeft ze training, is er een andere keer saxofoon?",
        "in de meivakantie zijn we weg, wanneer is er nog meer?",
        "we're away in March, is there another chess afternoon?",
    ],
)
def test_a_day_that_does_not_suit_is_not_asked_about(understander: Understander, text: str) -> None:
    assert _days(understander, text) == ("None", "None")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (
            "op tweede kerstdag zijn we bij opa, is er iets op 29 december?",
            "2026-12-29",
            "2026-12-29",
        ),
        (
            "Van 20 tot 27 december zitten we in Spanje. Wat is er op 30 december?",
            "2026-12-30",
            "2026-12-30",
        ),
        ("pas in april 😩 is er in januari niks?", "2027-01-01", "2027-01-31"),
        ("is het in februari? tot de 8e zijn we weg", "2027-02-01", "2027-02-28"),
        ("zaterdag kunnen we niet, kan het ook zondag?", "2026-11-29", "2026-11-29"),
    ],
)
def test_the_question_names_the_day(
    understander: Understander, text: str, first: str, last: str
) -> None:
    assert _days(understander, text) == (first, last)


def test_a_day_without_another_question_stays(understander: Understander) -> None:
    """Cancelling names the day: "zeg 27/1 maar af, dan zijn we weg" is that day."""
    assert _days(understander, "zeg schaken op 27/1 maar af, dan zijn we weg") == (
        "2027-01-27",
        "2027-01-27",
    )


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (
            "in de voorjaarsvakantie gaan we skien, is er daarvoor nog iets met koken?",
            "2026-11-24",
            "2027-02-12",
        ),
        ("het schaken is pas 27 januari, is er nog iets ervoor?", "2026-11-24", "2027-01-26"),
        (
            "Dat schaken op 27 januari lijkt hem leuk. Kan ik hem daarvoor opgeven?",
            "2027-01-27",
            "2027-01-27",
        ),
    ],
)
def test_before_that(understander: Understander, text: str, first: str, last: str) -> None:
    assert _days(understander, text) == (first, last)


@pytest.mark.parametrize(
    "text",
    [
        "op woensdagmiddag heeft ze altijd tijd, wat is er voor haar?",
        "Wanneer is er judo? Zaterdags kunnen we meestal wel.",
        "op zaterdag kunnen wij altijd",
        "she usually has Wednesday afternoons free, what is there?",
    ],
)
def test_a_weekday_told_as_a_habit_is_no_date(understander: Understander, text: str) -> None:
    assert _days(understander, text) == ("None", "None")


def test_a_weekday_asked_about_is_a_date(understander: Understander) -> None:
    assert _days(understander, "wat is er zaterdag? en zondag?") == ("2026-11-28", "2026-11-29")


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("pas in april? jammer. kan ik dan alvast een boek lenen?", "None", "None"),
        ("mei is zo ver weg, kan hij de ukelele zolang lenen?", "None", "None"),
        (
            "Is er in december al iets met koken? Februari is te ver weg.",
            "2026-12-01",
            "2026-12-31",
        ),
        ("is er pas in februari iets met snorkelen?", "2027-02-01", "2027-02-28"),
    ],
)
def test_a_date_told_back_as_too_late(
    understander: Understander, text: str, first: str, last: str
) -> None:
    assert _days(understander, text) == (first, last)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("hoe laat komt sinterklaas naar de bieb", "None"),
        ("wat doen jullie met sinterklaas?", "2026-12-05"),
    ],
)
def test_the_saint_is_no_date_but_his_day_is(
    understander: Understander, text: str, first: str
) -> None:
    assert _days(understander, text)[0] == first


@pytest.mark.parametrize(
    "text",
    [
        "Kan mijn zoon met zijn rolstoel naar binnen bij de judo?",
        "my son has a nut allergy, can he join the cooking class?",
    ],
)
def test_a_question_for_a_person_is_for_the_librarian(
    understander: Understander, text: str
) -> None:
    got = understander.understand(text, NOW)
    assert (got.intent, got.topic, got.personal) == ("faq", "contact", True)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("ze wil graag met zwemvliezen en een duikbril zwemmen", "snorkelen"),
        ("hij maakt de hele dag spelletjes bouwen op de laptop", "programmeren"),
        ("ik hou van plaatjes schieten met mn telefoon", "fotografie"),
        ("ik wil filmpjes voor mijn kanaal maken", "vloggen"),
        ("kan ik zo'n mini gitaartje leren spelen", "ukelele"),
        ("hij gooit altijd ballen in de ring", "basketbal"),
    ],
)
def test_hobbies_by_description(understander: Understander, text: str, slug: str) -> None:
    assert understander.understand(text, NOW).activity == slug
