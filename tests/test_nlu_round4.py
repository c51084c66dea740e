"""Understanding, round 4 (issue 14): kinds of message the tuning set tune-2026-12e.yaml showed
were misread, each tested on phrasings of its own, not the set's messages. The moment is
Tuesday 24 November 2026, 10:00 (as in tests/test_nlu_dates.py).

- Dates that look back, for feedback on a workshop that was: "afgelopen/vorige/last
  zaterdag" is the last Saturday before today (a week ago on a Saturday), "vorige week" and
  "last week" Monday to Sunday of the week before, "afgelopen weekend" its Saturday and
  Sunday, "vorige maand" the month before; "eergisteren" two days ago.
- Going away is no date: "op vakantie", "on holiday" (but "in de vakantie" is the holiday).
- A word is a typo of a lexicon word only when it begins with the same letter, and ordinary
  words are known as themselves: "nummer" is not "summer", "zorgen" not "morgen".
- A hobby in a compound with a word like "club", "toernooi", "team" is that hobby.
- Negation reaches over "of"/"or" ("niet tekenen of schilderen" is neither) but stops at
  "niet of" (whether); a hobby just before a word of dislike ("stom", "niet leuk") is not
  wanted.
"""

from __future__ import annotations

import pytest

from bot.nlu import Understander
from tests.test_nlu import NOW
from tests.test_nlu_dates import Case, read

LOOKING_BACK: list[Case] = [
    ("de judo van afgelopen zaterdag was top", "2026-11-21", "2026-11-21"),
    ("vorige woensdag was het heel leuk", "2026-11-18", "2026-11-18"),
    ("afgelopen dinsdag was leuk", "2026-11-17", "2026-11-17"),
    ("my son loved last Saturday's workshop", "2026-11-21", "2026-11-21"),
    ("the workshop last saturday was great", "2026-11-21", "2026-11-21"),
    ("afgelopen za was saai", "2026-11-21", "2026-11-21"),
    ("vorige week was de lezing erg goed", "2026-11-16", "2026-11-22"),
    ("the talk last week was helpful", "2026-11-16", "2026-11-22"),
    ("het afgelopen weekend was super", "2026-11-21", "2026-11-22"),
    ("vorig weekend bij het koken was top", "2026-11-21", "2026-11-22"),
    ("vorige maand waren we bij schaken, super leuk", "2026-10-01", "2026-10-31"),
    ("eergisteren was het druk", "2026-11-22", "2026-11-22"),
    ("vorige week zaterdag was geweldig", "2026-11-21", "2026-11-21"),
    ("volgende zaterdag", "2026-12-05", "2026-12-05"),  # still next week's
    ("in the last week of January", "2027-01-25", "2027-01-31"),  # "last" of a month
    # told in the past tense: the weekday or the recent holiday that was
    ("zaterdag was super, ze wil nog een keer", "2026-11-21", "2026-11-21"),
    ("de dansles in de herfstvakantie vond ze top", "2026-10-10", "2026-10-18"),
    ("she loved the dance class in the autumn break", "2026-10-10", "2026-10-18"),
    # asked again, or asked ahead, it is the coming one
    ("hoe laat was het zaterdag ook alweer?", "2026-11-28", "2026-11-28"),
    ("wat is er in de kerstvakantie", "2026-12-19", "2027-01-03"),
]

NOT_A_TRIP: list[Case] = [
    ("mag ik een ukelele mee op vakantie nemen", None, None),
    ("can we take the camera on holiday", None, None),
    ("we gaan met vakantie, kan ik boeken lenen", None, None),
    ("is er iets te doen in de vakantie", "2026-12-19", "2027-01-03"),
]


@pytest.mark.parametrize(("text", "first", "last"), LOOKING_BACK + NOT_A_TRIP)
def test_dates_looking_back_and_trips(
    understander: Understander, text: str, first: str | None, last: str | None
) -> None:
    assert read(understander, text) == (first, last)


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [
        ("wat is jullie whatsapp nummer", "summer"),
        ("ik maak me zorgen over mijn zoon", "morgen"),
        ("moet ik een judopak kopen", "koken"),
        ("is dit gesprek prive", "price"),
        ("wat voor soort workshops zijn er", "sport"),
        ("moet hij een lange broek aan", "boek"),
    ],
)
def test_an_ordinary_word_is_no_typo(
    understander: Understander, text: str, not_read_as: str
) -> None:
    tokens = understander._reader.read(text)
    assert not any(not_read_as in t.words for t in tokens)


def test_a_typo_keeps_its_first_letter(understander: Understander) -> None:
    assert understander.understand("wanneer is de werkshop", NOW).intent == "event_search"
    assert understander.understand("wnr is de sxofoon les", NOW).activity == "saxofoon"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("zit er iemand van de judoclub bij", "judo"),
        ("wanneer is het schaaktoernooi", "schaken"),
        ("mijn dochter wil in een dansgroep", "dansen"),
        ("is er een voetbalteam voor meiden", "straatvoetbal"),
    ],
)
def test_a_hobby_in_a_compound(understander: Understander, text: str, slug: str) -> None:
    assert understander.understand(text, NOW).activity == slug


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("iets creatiefs, maar niet tekenen of schilderen", "creatief"),
        ("dansen vind ik stom, iets creatiefs lijkt me leuk", "creatief"),
        ("judo vindt hij niet leuk, hij wil iets sportiefs", "sportief"),
    ],
)
def test_a_disliked_hobby_is_not_searched_for(
    understander: Understander, text: str, category: str
) -> None:
    got = understander.understand(text, NOW)
    assert (got.intent, got.activity, got.category) == ("discover", None, category)


def test_a_disliked_hobby_is_still_the_one_a_rating_is_about(understander: Understander) -> None:
    got = understander.understand("de judo vond ik echt stom", NOW)
    assert (got.intent, got.activity) == ("feedback", "judo")


def test_not_whether_is_no_negation(understander: Understander) -> None:
    assert understander.understand("ik weet niet of ik judo wil", NOW).activity == "judo"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hallo, is er iemand aanwezig?", "greet"),
        ("is daar een mens of een bot? hallo", "greet"),
        ("is theater geschikt voor een jongen die niet graag praat?", "discover"),
        ("is voetbal ook wat voor meisjes?", "discover"),
        (
            "mijn zoon zit de hele dag te tekenen in zijn kamer, wat voor hobby past bij hem?",
            "discover",
        ),
        ("wat is er voor een kind dat graag liedjes schrijft", "discover"),
        ("dansen lijkt me heel leuk, wat doe je daar allemaal?", "discover"),
        ("mijn dochter is goed in rekenen en puzzels, wat kan ze doen", "discover"),
        ("kunnen mijn zus en ik samen ingeschreven worden voor het koken?", "register"),
        ("ik wil graag samen met mijn vriend aangemeld worden voor freerunning", "register"),
        ("schrijf mijn zoon uit voor de robotworkshop", "cancel"),
        ("wilt u ons uitschrijven voor dansen, het lukt niet", "cancel"),
        ("heeft de bieb boeken voor ouders over pesten", "borrow"),
        ("kan ik woensdag de vlogcamera ophalen", "borrow"),
        ("when can I pick up the ukulele", "borrow"),
        ("tip: organiseer eens een workshop voor jongere kinderen", "feedback"),
        ("hoe zet ik de reminders uit?", "unsubscribe"),
        ("haal mijn mailadres van de verzendlijst", "unsubscribe"),
        ("is this conversation private", "privacy"),
        ("hoeveel kost een nieuwe laptop", "unknown"),
        ("wat kost een kaartje voor de dierentuin", "unknown"),
    ],
)
def test_kinds_the_tuning_set_showed(understander: Understander, text: str, intent: str) -> None:
    """Paraphrases, not in the examples or the sets: whether a hobby suits a child, what a
    child does all day, being signed up together, "schrijf ... uit voor", books for parents,
    collecting a loan, a tip for next time, turning messages off, a private chat, the price
    of unrelated things."""
    assert understander.understand(text, NOW).intent == intent
