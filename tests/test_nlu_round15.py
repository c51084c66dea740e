"""Understanding, round 15 (issue 14): what tuning sets ZC (hobbies) and ZD (dates) showed.
Phrasings of our own; the moment is Tuesday 24 November 2026, 10:00.

- A hobby refused is refused where it was said before ("papa wil dat ik op judo ga, maar ik wil geen
  judo"), and a negation ends with its sentence.
- A talk for parents or a greeting names no hobby to search for.
- A day told that does not suit ("woensdag liever niet") is no date, unless the message
  cancels it; a question for "een andere keer" is not about the day told.
- "voor kerst" is before Christmas; a date inside another one narrows it; "the weekend after
  next"; "na de voorjaarsvakantie" is the rest of February; an essay keeps opening and end.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu import Understander
from bot.nlu.evaluate import load_labelled
from bot.yamlsource import ContentError
from tests.test_nlu import NOW, days_asked


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("papa wil dat ik op judo ga, maar ik wil echt geen judo. wat anders?", None),
        ("liever hiphop, geen ballet", "dansen"),  # two words for dancing: one refused
        ("ik zit al op voetbal dus dat hoeft niet. Is er ook skateboarden?", "skateboarden"),
        ("Mijn dochter speelt geen saxofoon maar wil saxofoon leren", "saxofoon"),
        ("geen idee of hij judo leuk vindt, is er een judo proefles?", "judo"),
        ("voetbal liever niet, iets met muziek?", None),
        ("ze wil slagroom spuiten op taarten, is er een bakworkshop?", "koken"),
        ("Sam is not into football at all. What else is there?", None),
        ("ze heeft de vlogworkshop al gedaan, wat kan ze nu proberen?", None),
        ("ik wil tegen muren op rennen en over hekken springen", "freerunning"),
        ("kan hij ergens leren zelf een game te maken?", "programmeren"),
        ("is there a workshop for braiding hair?", "beauty"),
        ("verf op een muur spuiten, kan dat ergens?", "street-art"),
        ("mag ze haar spiegelreflex meenemen?", "fotografie"),
        ("trucjes op een plankje met vier wieltjes, is daar iets voor?", "skateboarden"),
    ],
)
def test_the_hobby_meant(understander: Understander, text: str, activity: str | None) -> None:
    assert understander.understand(text, NOW).activity == activity


@pytest.mark.parametrize(
    "text",
    ["is er ook een lezing over sport en bewegen voor ouders?", "doei, tot bij het judo!"],
)
def test_talks_and_goodbyes_name_no_hobby(understander: Understander, text: str) -> None:
    assert understander.understand(text, NOW).activity is None


@pytest.mark.parametrize(
    "text",
    [
        "thanks, see you on friday",
        "dinsdag heeft ze altijd turnen, dus liever niet op dinsdag. wat kan ze proberen?",
        "op 13 januari heeft ze zwemles, is er nog een andere keer programmeren?",
        "maart is nog ver, kan ik in de tussentijd een schaakbord lenen?",
    ],
)
def test_a_day_told_is_not_asked_about(understander: Understander, text: str) -> None:
    assert days_asked(understander, text) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("wij kunnen woensdag niet komen, kunt u ons afmelden?", ("2026-11-25", "2026-11-25")),
        ("hebben jullie voor kerst nog iets met muziek?", ("2026-11-24", "2026-12-24")),
        ("in februari, in de voorjaarsvakantie, is er dan iets?", ("2027-02-13", "2027-02-21")),
        ("the weekend after next, anything on?", ("2026-12-12", "2026-12-13")),
        ("is er na de voorjaarsvakantie nog iets?", ("2027-02-22", "2027-02-28")),
        ("Hij is zaterdag jarig, ik zoek een leuke workshop", ("2026-11-28", "2026-11-28")),
        ("Is er een andere dag, bijvoorbeeld woensdag 9 december?", ("2026-12-09", "2026-12-09")),
        ("Is er vandaag of deze week nog iets?", ("2026-11-24", "2026-11-29")),
        ("Hij zit al op voetbal, is er zaterdag iets?", ("2026-11-28", "2026-11-28")),
        ("De workshop op zaterdag is lang, mag ik eerder weg?", ("2026-11-28", "2026-11-28")),
    ],
)
def test_days_asked_about(understander: Understander, text: str, days: tuple[str, str]) -> None:
    assert days_asked(understander, text) == days


def test_a_cancel_keeps_the_day_it_cancels(understander: Understander) -> None:
    got = understander.understand("wij kunnen woensdag niet komen, kunt u ons afmelden?", NOW)
    assert got.intent == "cancel"


def test_labels_may_leave_dates_unquoted(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text(
        '- {text: "iets op 13 maart?", intent: event_search, date_from: 2027-03-13,'
        " date_to: 2027-03-13}\n- {text: x, intent: greet, date_from: 2027-02-30}\n"
    )
    with pytest.raises(ContentError) as error:
        load_labelled(labels)
    assert "labels.yaml" in str(error.value) and ":2:" in str(error.value)
    labels.write_text(labels.read_text().splitlines()[0] + "\n")
    assert str(load_labelled(labels)[0].date_from) == "2027-03-13"


def test_an_essay_keeps_its_opening_and_its_question(understander: Understander) -> None:
    middle = " ".join(["We hebben thuis van alles geprobeerd en niets bleef hangen."] * 30)
    essay = f"Hallo, mijn zoon van 10 wil heel graag judo doen. {middle} Wat raden jullie aan?"
    got = understander.understand(essay, NOW)
    assert (got.activity, got.age) == ("judo", 10)


def test_a_long_story_keeps_the_question_at_its_end(understander: Understander) -> None:
    story = (
        "Goedenavond! Ik ben de oom van Sem en ik schrijf u omdat zijn ouders het erg druk "
        "hebben met werk en de verbouwing van hun huis. Sem is 11, hij zit in groep acht en "
        "gaat na de zomer naar de middelbare school. Hij heeft al heel wat geprobeerd, van "
        "hockey tot zwemmen, maar niets bleef echt hangen, en eerlijk gezegd zit hij nu vooral "
        "binnen met zijn spelcomputer. Volgende week is hij jarig en ik zou hem graag iets "
        "leuks geven in plaats van weer een spelletje. Is er in januari iets met koken?"
    )
    got = understander.understand(story, NOW)
    assert len(story.split()) > 60
    assert (got.activity, str(got.date_from), str(got.date_to)) == (
        "koken",
        "2027-01-01",
        "2027-01-31",
    )


def test_the_days_of_a_habit_told_after_it_are_no_date(understander: Understander) -> None:
    text = "Hij zit al jaren op judo, op dinsdag en vrijdag. Wat kan hij nog meer proberen?"
    assert days_asked(understander, text) is None
