"""Message understanding (bot/nlu): intents, hobbies, dates, the lexicon, `talentbot nlu`."""

from __future__ import annotations

import json
import re
import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.catalogue.importer import import_catalogue
from bot.catalogue.loader import load_catalogue
from bot.config import REPO_ROOT
from bot.db import Database
from bot.engine.asides import OFF_TOPIC
from bot.nlu import INTENTS, Understander
from bot.nlu.lexicon import Lexicon
from bot.timeutil import AMSTERDAM
from bot.yamlsource import ContentError
from tests.cli import Ran, talentbot

SAMPLE = REPO_ROOT / "data"
DIALOGS = REPO_ROOT / "dialogs"
LABELLED = Path(__file__).parent / "fixtures" / "nlu"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=AMSTERDAM)  # a Tuesday


def days_asked(understander: Understander, text: str) -> tuple[str, str] | None:
    """The days a message asks about, as ISO dates; None when it names none."""
    got = understander.understand(text, NOW)
    return (str(got.date_from), str(got.date_to)) if got.date_from else None


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=AMSTERDAM)


# --- intents ----------------------------------------------------------------------------

INTENT_CASES = [
    ("hallo!", "greet"),
    ("goedemiddag bot", "greet"),
    ("hoi hoi", "greet"),
    ("help", "help"),
    ("hoe werkt deze bot?", "help"),
    ("what can you do", "help"),
    ("welke hobby past bij mijn zoon", "discover"),
    ("ik verveel me", "discover"),
    ("suggest a hobby for my daughter", "discover"),
    ("wanneer is de judo workshop", "event_search"),
    ("wat is er dit weekend te doen", "event_search"),
    ("when is the chess workshop", "event_search"),
    ("zijn er lezingen voor ouders", "lecture_search"),
    ("any talks for parents about screen time", "lecture_search"),
    ("ik wil mijn dochter inschrijven voor koken", "register"),
    ("sign me up for dancing", "register"),
    ("ik wil me afmelden voor judo", "cancel"),
    ("we kunnen zaterdag niet komen", "cancel"),
    ("mijn inschrijvingen", "my_registrations"),
    ("waar sta ik voor ingeschreven", "my_registrations"),
    ("kan ik een ukelele lenen", "borrow"),
    ("boeken over schaken", "borrow"),
    ("wat kost het", "faq"),
    ("hoe laat is de bieb open", "faq"),
    ("het was super leuk!", "feedback"),
    ("ik geef het een 9", "feedback"),
    ("stop met berichten sturen", "unsubscribe"),
    ("afmelden voor de nieuwsbrief", "unsubscribe"),
    ("wat doen jullie met mijn gegevens", "privacy"),
    ("delete my data", "privacy"),
    ("wat is de hoofdstad van frankrijk", "unknown"),
    ("hoeveel is 7 keer 8", "unknown"),
]


@pytest.mark.parametrize(("text", "intent"), INTENT_CASES)
def test_intent(understander: Understander, text: str, intent: str) -> None:
    assert understander.understand(text, NOW).intent == intent


def test_every_intent_is_covered() -> None:
    assert {intent for _, intent in INTENT_CASES} == set(INTENTS)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("is het gratis?", "cost"),
        ("waar is de bibliotheek", "location"),
        ("wat moet ik meenemen", "bring"),
        ("vanaf welke leeftijd mag je meedoen", "age"),
        ("hoe kan ik jullie bereiken", "contact"),
        ("openingstijden", "opening_hours"),
    ],
)
def test_faq_topic(understander: Understander, text: str, topic: str) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.topic) == ("faq", topic)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("welke sport is leuk voor een meisje van 11", "sportief"),
        ("iets creatiefs voor mijn dochter", "creatief"),
        ("iets waar je over moet nadenken, zoals puzzelen", "cognitief"),
    ],
)
def test_discover_category(understander: Understander, text: str, category: str) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.category) == ("discover", category)


def test_a_request_beats_a_named_hobby(understander: Understander) -> None:
    """A hobby alone asks about its workshops; with a request, the request decides."""
    assert understander.understand("judo", NOW).intent == "event_search"
    assert understander.understand("de judo workshop was geweldig", NOW).intent == "feedback"
    free_running = understander.understand("free running in de kerstvakantie", NOW)
    assert (free_running.intent, free_running.topic) == ("event_search", None)


# --- hobbies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("wanneer is de saxafoon workshop", "saxofoon"),  # typo
        ("snorkle les", "snorkelen"),  # letters swapped
        ("straat voetbal", "straatvoetbal"),  # written apart
        ("vlogen", "vloggen"),  # kid spelling
        ("programeren workshop", "programmeren"),
        ("basketbaal", "basketbal"),
        ("dansles zaterdag", "dansen"),  # compound
        ("kookworkshop", "koken"),
        ("voetbal", "straatvoetbal"),  # synonyms from dialogs/nlu.yaml
        ("filmen", "vloggen"),
        ("skaten", "skateboarden"),
        ("coderen", "programmeren"),
        ("robots", "robotica"),
        ("graffiti", "street-art"),
        ("street art", "street-art"),
        ("toneel", "theater"),
        ("playing the saxophone", "saxofoon"),  # English names
        ("when is the photography workshop", "fotografie"),
        ("sign up my son for programming", "programmeren"),
        ("ze bakt de hele dag koekjes", "koken"),  # things kids do and use for a hobby
        ("zijn er workshops met een kwast en verf?", "tekenen"),
        ("hij tekent strips", "strips"),  # the more precise hobby
        ("ze tekent graag", "tekenen"),
        ("ik wil graag dansuh", "dansen"),  # -en said as "uh"
        ("he draws a lot", "tekenen"),
        ("she draws comics all day", "strips"),
        ("ze maakt slijm in de keuken", "wetenschap"),
        ("mag ik een uke mee naar huis", "ukelele"),
        ("hij wil net als messi worden", "straatvoetbal"),
        ("Lucas draws little comics about his hamster", "strips"),  # drawing gives way
        ("ze wil henna tekenen op haar handen", "beauty"),
        ("What age is the hip hop workshop for?", "dansen"),
        ("he watches the Bake Off and wants to bake everything", "koken"),
        ("ik wil een personage spelen, net als in een film", "theater"),
        ("welk stuk zet je eerst, een pion of het paard?", "schaken"),
    ],
)
def test_activity(understander: Understander, text: str, slug: str) -> None:
    assert understander.understand(text, NOW).activity == slug


@pytest.mark.parametrize(
    "text",
    [
        "ik heb een nieuwe fiets",
        "komen jullie ook",
        "hoe laat is het",
        "tekst",
        "kan ik een schildersezel lenen",  # a thing to borrow names no hobby (dev.yaml)
        "wat voor proefworkshops zijn er",  # a try-out, not science
        "wat gebeurt er met mijn filmpjes en mijn naam",
        "hoe lang moet ik een ei koken",  # a hobby word meaning something else
        "moet ik tekenen voor ontvangst van het pakket",
        "worden er foto's van de kinderen gemaakt?",
        "ben jij een robot?",
    ],
)
def test_no_made_up_activity(understander: Understander, text: str) -> None:
    assert understander.understand(text, NOW).activity is None


@pytest.mark.parametrize("name", ["Sam", "Lotte", "Bram"])
def test_a_first_name_alone_is_not_understood(understander: Understander, name: str) -> None:
    assert understander.understand(name, NOW).intent == "unknown"


def test_pas_is_no_easter(understander: Understander) -> None:
    got = understander.understand("hij is pas 8 maar kan al goed schaken, mag hij mee?", NOW)
    assert (got.date_from, got.activity) == (None, "schaken")


def test_discover_keeps_the_liked_hobby(understander: Understander) -> None:
    result = understander.understand("ik hou van tekenen, wat past bij mij?", NOW)
    assert (result.intent, result.activity) == ("discover", "tekenen")


# --- dates ------------------------------------------------------------------------------

DATE_CASES = [
    ("vandaag", NOW, "2026-11-24", "2026-11-24"),
    ("morgen", NOW, "2026-11-25", "2026-11-25"),
    ("overmorgen", NOW, "2026-11-26", "2026-11-26"),
    ("zaterdag", NOW, "2026-11-28", "2026-11-28"),
    ("op maandag", NOW, "2026-11-30", "2026-11-30"),
    ("zaterdag", at(2026, 11, 28), "2026-11-28", "2026-11-28"),  # today is Saturday
    ("dit weekend", NOW, "2026-11-28", "2026-11-29"),
    ("volgend weekend", NOW, "2026-12-05", "2026-12-06"),
    ("deze week", NOW, "2026-11-24", "2026-11-29"),  # today to Sunday
    ("volgende week", NOW, "2026-11-30", "2026-12-06"),
    ("volgende week zaterdag", NOW, "2026-12-05", "2026-12-05"),
    ("volgende week", at(2027, 3, 24), "2027-03-29", "2027-04-04"),  # clocks go forward 28th
    ("in december", NOW, "2026-12-01", "2026-12-31"),
    ("in januari", at(2026, 12, 20), "2027-01-01", "2027-01-31"),  # the year turns
    ("in november", NOW, "2026-11-01", "2026-11-30"),  # this month
    ("12 december", NOW, "2026-12-12", "2026-12-12"),
    ("op 5 januari 2027", NOW, "2027-01-05", "2027-01-05"),
    ("in de kerstvakantie", NOW, "2026-12-19", "2027-01-03"),
    ("meivakantie", NOW, "2027-04-24", "2027-05-02"),
    ("voorjaarsvakantie", NOW, "2027-02-13", "2027-02-21"),  # region noord (lexicon)
    ("herfstvakantie", at(2026, 9, 1), "2026-10-10", "2026-10-18"),
    ("in de vakantie", NOW, "2026-12-19", "2027-01-03"),  # the next one
    ("today", NOW, "2026-11-24", "2026-11-24"),
    ("tomorrow", NOW, "2026-11-25", "2026-11-25"),
    ("this weekend", NOW, "2026-11-28", "2026-11-29"),
    ("next week", NOW, "2026-11-30", "2026-12-06"),
    ("on saturday", NOW, "2026-11-28", "2026-11-28"),
    ("in december", NOW, "2026-12-01", "2026-12-31"),
    ("christmas holiday", NOW, "2026-12-19", "2027-01-03"),
    # the grammar around dates
    ("na de kerstvakantie", NOW, "2027-01-04", "2027-01-31"),  # the rest of that month
    ("after christmas", NOW, "2027-01-04", "2027-01-31"),
    ("vanaf januari", NOW, "2027-01-01", "2027-01-31"),
    ("voordat de kerstvakantie begint", NOW, "2026-11-24", "2026-12-18"),
    ("over twee weken", NOW, "2026-12-07", "2026-12-13"),  # that week, Monday to Sunday
    ("in 3 dagen", NOW, "2026-11-27", "2026-11-27"),
    ("over een maand", NOW, "2026-12-01", "2026-12-31"),
    ("in de week van 9 december", NOW, "2026-12-07", "2026-12-13"),
    ("het weekend van 12 december", NOW, "2026-12-12", "2026-12-13"),
    ("the weekend of 10 december", NOW, "2026-12-12", "2026-12-13"),  # a Thursday: that weekend
    ("vanmiddag", NOW, "2026-11-24", "2026-11-24"),
    ("dinsdagmiddag", at(2026, 11, 25), "2026-12-01", "2026-12-01"),
]


@pytest.mark.parametrize(
    "text",
    [
        "hoeveel kost kerstkoken?",
        "is er een taster",
        "de kerstboom",
        "paashaas",
        "How much is the Christmas cooking class?",  # a workshop's title, no day
    ],
)
def test_words_that_only_contain_a_date_are_none(understander: Understander, text: str) -> None:
    result = understander.understand(text, NOW)
    assert (result.date_from, result.date_to) == (None, None)


def test_a_day_beside_a_title_with_a_holiday_is_that_day(understander: Understander) -> None:
    result = understander.understand("christmas cooking on 23 december", NOW)
    assert (result.activity, result.date_from, result.date_to) == (
        "koken",
        date(2026, 12, 23),
        date(2026, 12, 23),
    )


@pytest.mark.parametrize(
    "text",
    [
        "he watches TV all day",  # no "wat" + "chess"
        "wat kopen we voor sinterklaas",  # an ordinary word, no typo of "koken"
    ],
)
def test_an_ordinary_word_is_no_typo(understander: Understander, text: str) -> None:
    assert understander.understand(text, NOW).activity is None


def test_dates_are_kept_whatever_the_intent(understander: Understander) -> None:
    result = understander.understand("wat is het weer morgen", NOW)
    assert result.intent == "unknown"
    assert result.date_from == date(2026, 11, 25)


AGE_CASES = [
    ("wat is er voor kinderen van 13?", 13),
    ("mijn zoon van 11 wil sporten", 11),
    ("ik ben 10, wat kan ik doen", 10),
    ("ik ben tien", 10),
    ("is 8 te jong voor judo", 8),
    ("workshops voor 12 jaar", 12),
    ("my daughter is 9", 9),
    ("a boy of eleven", 11),
    ("om 10 uur", None),
    ("op 12 december", None),
    ("kost het 10 euro", None),
    ("over 2 jaar", None),
    ("we zijn met 4", None),
]


@pytest.mark.parametrize(("text", "age"), AGE_CASES)
def test_age(understander: Understander, text: str, age: int | None) -> None:
    assert understander.understand(text, NOW).age == age


def test_negated_kind_is_not_the_kind_asked_for(understander: Understander) -> None:
    result = understander.understand("geen sport, liever iets creatiefs", NOW)
    assert (result.intent, result.category) == ("discover", "creatief")
    assert understander.understand("niet iets sportiefs", NOW).category is None


def test_negated_hobby_gives_way_to_the_wanted_one(understander: Understander) -> None:
    assert understander.understand("geen voetbal maar judo", NOW).activity == "judo"
    assert understander.understand("ik wil geen voetbal", NOW).activity is None


@pytest.mark.parametrize(
    "text", ["i dont want anything with a ball", "he doesnt like football, any ideas?"]
)
def test_not_wanting_a_hobby_names_none(understander: Understander, text: str) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.activity) == ("discover", None)


def test_a_wave_is_a_greeting(understander: Understander) -> None:
    assert understander.understand("👋👋", NOW).intent == "greet"
    result = understander.understand("👋 wanneer is judo", NOW)
    assert (result.intent, result.activity) == ("event_search", "judo")


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("oekelele pas in juni??", "ukelele"),
        ("avonturenverhaal 17 februari wil ik doen!!", "creatief-schrijven"),
        ("is er iets waar hij zelf games leert maken?", "programmeren"),
    ],
)
def test_kid_spellings_and_compounds_name_the_hobby(
    understander: Understander, text: str, activity: str
) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.activity) == ("event_search", activity)


def test_the_spring_break_is_the_spring_half_term(understander: Understander) -> None:
    result = understander.understand("science stuff in the spring break?", NOW)
    assert (result.activity, result.date_from, result.date_to) == (
        "wetenschap",
        date(2027, 2, 13),
        date(2027, 2, 21),
    )


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is de schaakmiddag geschikt voor een meisje van 11 jaar?", "faq"),
        ("kunnen andere kinderen zien dat ik ingeschreven ben?", "privacy"),
        ("ik skate elke dag na school op mn skateboard", "discover"),
    ],
)
def test_age_fit_privacy_and_a_daily_hobby(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text, NOW).intent == intent


def test_a_word_of_several_hobbies_gives_way_to_a_precise_one(
    understander: Understander,
) -> None:
    result = understander.understand("camera lenen om foto's te maken", NOW)
    assert (result.intent, result.activity) == ("borrow", "fotografie")


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("judo proberen", "judo"),
        ("kan mijn dochter judo proberen?", "judo"),
        ("ik wil saxofoon proberen", "saxofoon"),
        ("try judo", "judo"),
    ],
)
def test_a_named_hobby_to_try_is_a_search_for_it(
    understander: Understander, text: str, activity: str
) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.activity) == ("event_search", activity)


def test_trying_without_a_hobby_is_discovery(understander: Understander) -> None:
    assert understander.understand("wat kan ik proberen?", NOW).intent == "discover"
    assert understander.understand("ik wil iets nieuws proberen", NOW).intent == "discover"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("hoeveel kost kerstkoken?", "cost"),
        ("wat moet je meenemen naar kerstkoken", "bring"),
        ("mijn zoon zit in een rolstoel, kan hij meedoen met judo?", "contact"),
    ],
)
def test_a_question_about_one_workshop_keeps_its_hobby(
    understander: Understander, text: str, topic: str
) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.topic) == ("faq", topic)
    assert result.activity is not None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("de hele dag", "unknown"),
        ("hoe laat is de Albert Heijn open", "unknown"),
        ("mijn inschrijving weghalen", "cancel"),
        ("welke workshops heb ik", "my_registrations"),
        ("wat doen jullie met mn naam", "privacy"),
        ("complimenten aan de juf", "feedback"),
        ("Anything for kids during the Christmas holidays?", "event_search"),
        ("42", "unknown"),
    ],
)
def test_clear_words_outweigh_vague_ones(
    understander: Understander, text: str, intent: str
) -> None:
    assert understander.understand(text, NOW).intent == intent


@pytest.mark.parametrize(("text", "now", "first", "last"), DATE_CASES)
def test_date(understander: Understander, text: str, now: datetime, first: str, last: str) -> None:
    result = understander.understand(f"workshops {text}", now)
    assert (result.date_from, result.date_to) == (
        date.fromisoformat(first),
        date.fromisoformat(last),
    )


def test_today_is_the_day_in_amsterdam(understander: Understander) -> None:
    late_utc = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # already the 25th in Amsterdam
    assert understander.understand("vandaag", late_utc).date_from == date(2026, 11, 25)


@pytest.mark.parametrize("text", ["goedemorgen", "10/10 zou weer gaan", "ik ben 12 jaar"])
def test_not_a_date(understander: Understander, text: str) -> None:
    assert understander.understand(text, NOW).date_from is None


# --- unknown, confidence, language ------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["asdfghjkl", "wat is 12 plus 30", "who won the world cup", "ik heb een hond"]
)
def test_unknown(understander: Understander, text: str) -> None:
    result = understander.understand(text, NOW)
    assert (result.intent, result.activity, result.date_from) == ("unknown", None, None)


def test_unsure_is_unknown_with_low_confidence(understander: Understander) -> None:
    result = understander.understand("ik ga morgen naar oma", NOW)
    assert result.intent == "unknown"
    # Not sure enough to count as clearly off-topic (what a flow does with an "unknown").
    assert result.confidence < OFF_TOPIC
    assert understander.understand("ik wil me afmelden", NOW).confidence > 0.7


def test_language_guess(understander: Understander) -> None:
    assert understander.understand("when is the workshop", NOW).language == "en"
    assert understander.understand("wanneer is de workshop", NOW).language == "nl"


# --- construction -----------------------------------------------------------------------


def test_from_session_reads_the_same_catalogue(tmp_path: Path, understander: Understander) -> None:
    db = Database(f"sqlite:///{tmp_path / 'nlu.sqlite3'}")
    with db.transaction() as session:
        import_catalogue(session, load_catalogue(SAMPLE))
    with db.transaction() as session:
        from_db = Understander.from_session(session, DIALOGS)
    db.dispose()
    assert from_db.activity_slugs == understander.activity_slugs
    for text in ("saxafoon in de kerstvakantie", "boeken over voetbal", "volgende week koken"):
        assert from_db.understand(text, NOW) == understander.understand(text, NOW)


def test_messages_use_the_indexes_built_once(
    understander: Understander, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_loading(*_: object) -> None:
        raise AssertionError("understand() must not load the lexicon again")

    monkeypatch.setattr(Lexicon, "load", no_loading)
    spent = []
    for text, _ in INTENT_CASES * 5:
        start = time.perf_counter()
        understander.understand(text, NOW)
        spent.append(time.perf_counter() - start)
    assert sorted(spent)[len(spent) // 2] < 0.002  # the goal: ≤ 2 ms median


def test_long_or_odd_input_stays_fast(understander: Understander) -> None:
    odd = ["", "🙂🌵", "x" * 5000, " ".join(["qwrtzpkl" * 4] * 300), "hoi " * 2000]
    start = time.perf_counter()
    results = [understander.understand(text, NOW) for text in odd]
    assert time.perf_counter() - start < 0.5
    assert [r.intent for r in results[:4]] == ["unknown"] * 4


def test_staff_add_a_synonym_without_code(tmp_path: Path) -> None:
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    text = (DIALOGS / "nlu.yaml").read_text(encoding="utf-8")
    text = text.replace("activities:\n", "activities:\n  klimmen: [freerunning]\n", 1)
    (dialogs / "nlu.yaml").write_text(text, encoding="utf-8")
    extended = Understander.from_catalogue(load_catalogue(SAMPLE), dialogs)
    assert extended.understand("is er klimmen in december", NOW).activity == "freerunning"


def test_lexicon_mistakes_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "nlu.yaml").write_text(
        "intents:\n  greet:\n    strong: [hoi]\n  chitchat:\n    strong: [lol]\n"
        "  help:\n    cues: [NOCLASS + help]\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        Understander.from_catalogue(load_catalogue(SAMPLE), tmp_path)
    assert "nlu.yaml:4: intents.chitchat: unknown name" in str(caught.value)


def test_unknown_word_class_is_reported(tmp_path: Path) -> None:
    text = (DIALOGS / "nlu.yaml").read_text(encoding="utf-8")
    text = text.replace("cues: [help,", "cues: [NOCLASS, help,", 1)
    (tmp_path / "nlu.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"nlu\.yaml:\d+: help: unknown word class NOCLASS"):
        Understander.from_catalogue(load_catalogue(SAMPLE), tmp_path)


# --- `talentbot nlu`, in-process through the CLI's main(argv) ------------------------------


def run_nlu(*args: str, tmp_path: Path, stdin: str = "") -> Ran:
    """`talentbot nlu ARGS` run from the repository root on a fresh SQLite file."""
    database_url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    return talentbot(
        "nlu", *args, database_url=database_url, input=stdin, cwd=REPO_ROOT, catalogue=SAMPLE
    )


def percent(label: str, output: str) -> float:
    match = re.search(rf"^{label} accuracy: ([\d.]+)%", output, re.MULTILINE)
    assert match, output
    return float(match.group(1))


def test_eval_dev_set_from_the_database(tmp_path: Path) -> None:
    done = run_nlu("--eval", str(LABELLED / "dev.yaml"), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "confusions" in done.stdout
    assert percent("intent", done.stdout) >= 95
    assert percent("activity", done.stdout) >= 95


@pytest.mark.parametrize("name", ["heldout.yaml", "fresh.yaml"])
def test_eval_held_out_sets(name: str, tmp_path: Path) -> None:
    done = run_nlu(
        "--eval", str(LABELLED / name), "--catalogue", "data", "--jsonl", tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["items"] >= (150 if name == "heldout.yaml" else 80)
    assert report["intent_accuracy"] >= 0.95
    assert report["activity_accuracy"] >= 0.95
    assert report["dates_accuracy"] >= 0.95


def test_jsonl_output_shape(tmp_path: Path) -> None:
    lines = "wanneer is de saxafoon workshop in de kerstvakantie\n\nasdfghjkl\n"
    done = run_nlu(
        "--jsonl",
        "--catalogue",
        "data",
        "--now",
        "2026-11-24T10:00",
        stdin=lines,
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 2  # the empty line is skipped
    keys = ["text", "intent", "activity", "category", "topic", "date_from", "date_to"]
    assert all(list(row) == [*keys, "confidence", "age"] for row in rows)
    first, second = rows
    assert first["intent"] == "event_search"
    assert first["activity"] == "saxofoon"
    assert (first["date_from"], first["date_to"]) == ("2026-12-19", "2027-01-03")
    assert second["intent"] == "unknown"
    assert second["date_from"] is None
    assert all(0.0 <= row["confidence"] <= 1.0 for row in rows)


def test_table_output(tmp_path: Path) -> None:
    done = run_nlu(
        "--catalogue",
        "data",
        "--now",
        "2026-11-24T10:00",
        stdin="morgen judo?\n",
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()
    assert header.split()[:3] == ["intent", "conf", "activity"]
    assert row.split()[:5] == ["event_search", row.split()[1], "judo", "-", "2026-11-25"]


# --- the learned model and its examples --------------------------------------------------


def _dialogs_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "dialogs"
    shutil.copytree(DIALOGS, copy)
    return copy


def test_an_unknown_label_in_the_examples_names_file_and_line(tmp_path: Path) -> None:
    dialogs = _dialogs_copy(tmp_path)
    (dialogs / "examples" / "staff.yaml").write_text(
        "register:\n  - ik wil me opgeven\nregistreren:\n  - zet me erop\n", encoding="utf-8"
    )
    with pytest.raises(ContentError) as raised:
        Understander.from_catalogue(load_catalogue(SAMPLE), dialogs)
    assert "staff.yaml:3" in str(raised.value)
    assert "registreren" in str(raised.value)


def test_a_phrasing_added_by_staff_is_learned(tmp_path: Path) -> None:
    dialogs = _dialogs_copy(tmp_path)
    message = "blorp blorp flurbel"
    before = Understander.from_catalogue(load_catalogue(SAMPLE), dialogs).understand(message, NOW)
    assert before.intent == "unknown"
    (dialogs / "examples" / "staff.yaml").write_text(
        "borrow:\n" + "".join(f"  - {message} {n}\n" for n in ("a", "b", "c", "d")),
        encoding="utf-8",
    )
    after = Understander.from_catalogue(load_catalogue(SAMPLE), dialogs).understand(message, NOW)
    assert after.intent == "borrow"
