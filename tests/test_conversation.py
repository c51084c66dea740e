"""Conversations with the engine, as a parent, a kid and an English speaker would have them."""

from __future__ import annotations

from datetime import timedelta

from bot.app import build_engine
from bot.engine.core import Engine
from bot.engine.types import Incoming
from tests.conftest import settings_for
from tests.dialog import ChatUser, Step, check_dialog

WELCOME = Step(
    send="/start",
    messages=1,
    says=["Welkom bij de Talentenkwekerij", "Wie ben jij?"],
    buttons=["Ik ben ouder of verzorger", "Ik ben een kind"],
)
AS_PARENT = Step(
    press="ouder",
    messages=2,
    says=["Fijn! Ik praat nu met jou als ouder of verzorger.", "Waarmee kan ik je helpen?"],
    buttons=["Ontdek een hobby", "Workshops en lezingen", "Mijn inschrijvingen", "Ik ben een kind"],
    no_buttons=["Ik ben ouder"],
)
# The agenda's first question, with the number of upcoming activities of each kind.
AGENDA = Step(
    send="/agenda",
    messages=1,
    says=["Wat wil je bekijken?"],
    buttons=["Workshops voor kinderen (2)", "Lezingen voor ouders (1)", "Talentendagen (1)"],
)


def test_parent_browses_the_agenda_to_a_workshop(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            WELCOME,
            AS_PARENT,
            Step(
                press="Workshops en lezingen",
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=[
                    "Workshops voor kinderen (2)",
                    "Lezingen voor ouders (1)",
                    "Talentendagen (1)",
                    "Menu",
                ],
            ),
            Step(
                press="Workshops voor kinderen (2)",
                messages=1,
                says=["Workshops om uit te proberen:", "Snorkelen proberen", "Saxofoon spelen"],
                # Only workshops: not the talk for parents, not the rounds of the talent day.
                not_says=["Schermtijd", "Talentendag", "Schaken voor beginners"],
                buttons=["za 12 dec · Snorkelen proberen", "wo 13 jan · Saxofoon spelen"],
            ),
            Step(
                press="Snorkelen proberen",
                messages=1,
                says=[
                    "✨ Snorkelen proberen",
                    "zaterdag 12 december, 14:00–15:30",
                    "Zwembad De Golf, Golfweg 2, Teststad",
                    "Door Sportbedrijf Teststad",
                    "9 tot 12 jaar",
                    "Gratis",
                    "Meenemen: Zwemkleding en een handdoek",
                    "Nog 10 plekken vrij",
                ],
                buttons=["📝 Inschrijven", "Meer over Snorkelen", "Agenda", "Menu"],
            ),
        ],
    )


def test_workshop_next_year_shows_the_year_and_the_price(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            AGENDA,
            Step(
                press="Workshops voor kinderen",
                messages=1,
                # This year's date goes without the year, next year's with it.
                says=["zaterdag 12 december, 14:00–15:30", "woensdag 13 januari 2027"],
                not_says=["2026"],
                buttons=["wo 13 jan · Saxofoon spelen"],
            ),
            Step(
                press="Saxofoon",
                messages=1,
                says=[
                    "✨ Saxofoon spelen",
                    "woensdag 13 januari 2027, 14:00–15:00",
                    "€\u00a02,50",
                    "Nog 2 plekken vrij",
                ],
                not_says=["Gratis"],
                buttons=["📝 Inschrijven"],
            ),
        ],
    )


def test_parent_lectures_show_topic_and_speaker(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            AGENDA,
            Step(
                press="Lezingen voor ouders (1)",
                messages=1,
                says=["Lezingen en bijeenkomsten voor ouders:", "Schermtijd en social media"],
                not_says=["Snorkelen", "Saxofoon"],
                buttons=["do 21 jan · Schermtijd en social media"],
            ),
            Step(
                press="Schermtijd",
                messages=1,
                says=[
                    "donderdag 21 januari 2027, 19:30–21:00",
                    "Spreker: een pedagoog van Welzijn Teststad",
                    "Onderwerp: Hoe maak je afspraken over schermtijd?",
                    "Nog 40 plekken vrij",
                ],
                not_says=["🎂"],  # a talk for parents has no children's ages
                buttons=["📝 Inschrijven"],
            ),
        ],
    )


def test_event_day_lists_its_rounds(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            AGENDA,
            Step(
                press="Talentendagen",
                messages=1,
                says=["Grote dagen vol workshops:", "Talentendag", "zaterdag 13 maart 2027"],
                buttons=["za 13 mrt · Talentendag"],
            ),
            Step(
                press="Talentendag",
                messages=1,
                says=["10:00–16:00", "Aanmelden per workshop", "Kies hieronder een workshop"],
                buttons=[
                    "1. 10:30 · Schaken voor beginners",
                    "1. 10:30 · Saxofoon op de talentendag",
                    "2. 12:30 · Snorkelen op de talentendag",
                ],
                no_buttons=["Inschrijven"],  # one registers per workshop, not for the day
            ),
            Step(
                press="Schaken voor beginners",
                messages=1,
                says=[
                    "✨ Schaken voor beginners",
                    "10:30–11:30",
                    "8 tot 12 jaar",
                    "Nog 12 plekken",
                ],
                buttons=["📝 Inschrijven", "Naar de hele dag"],
            ),
            Step(
                press="Naar de hele dag",
                messages=1,
                says=["✨ Talentendag", "Kies hieronder een workshop"],
                buttons=["1. 10:30 · Schaken voor beginners"],
            ),
        ],
    )


def test_discover_by_kind_shows_partners_costs_workshops_and_loans(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            Step(
                send="/hobby",
                messages=1,
                says=["Wat voor hobby zoekt je kind?", "Vraag 1 van 6"],
                buttons=["Zelf rondkijken per soort", "Verras me", "Overslaan"],
            ),
            Step(
                press="Zelf rondkijken per soort",
                messages=1,
                says=["Kies een soort hobby"],
                buttons=["Sport en bewegen", "Creatief en muziek", "Denken en ontdekken"],
                no_buttons=["Terug naar de ideeën"],  # there are no ideas yet to go back to
            ),
            Step(
                press="Sport en bewegen",
                messages=1,
                says=["Sport en bewegen:", "Snorkelen (8–12 jaar)"],
                not_says=["Saxofoon", "Schaken"],
                buttons=["Snorkelen", "Andere soort"],
            ),
            Step(
                press="Snorkelen",
                messages=1,
                says=[
                    "🌟 Snorkelen",
                    "Onder water kijken met een snorkel.",
                    "Bij: Sportbedrijf Teststad",
                    "Zwemclub ongeveer 15 euro per maand.",
                    "Lenen in de bieb:",
                    "Onder water (21 dagen)",
                    "Probeer het uit in een workshop:",
                ],
                buttons=[
                    "za 12 dec · Snorkelen proberen",
                    "za 13 mrt · Snorkelen op de talentendag",
                    "Meer 🏃 Sport en bewegen",
                ],
            ),
            Step(
                press="12 dec",
                messages=1,
                says=["✨ Snorkelen proberen", "Nog 10 plekken vrij"],
                buttons=["📝 Inschrijven"],
            ),
        ],
    )


def test_kid_mode_speaks_to_the_child(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine, user_id="2002"),
        [
            Step(
                send="hoi",
                messages=1,
                says=["Welkom bij de Talentenkwekerij", "Wie ben jij?"],
                buttons=["Ik ben een kind"],
            ),
            Step(
                press="kind",
                messages=2,
                says=["Leuk dat je er bent!", "Vraag je ouder", "Wat wil je doen?"],
                not_says=["als ouder", "Waarmee kan ik je helpen?"],
                buttons=["Wat kan ik proberen?", "Ik ben ouder"],
                no_buttons=["Ontdek een hobby", "Ik ben een kind"],
            ),
            Step(
                press="Wat kan ik proberen?",
                messages=1,
                says=["Waar word jij blij van?", "Hoe oud ben jij?"],
                not_says=["je kind"],
            ),
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Je staat nog nergens ingeschreven"],
                not_says=["Je hebt nog geen inschrijvingen"],
                buttons=["Workshops en lezingen"],
                # Consent behind "Mijn kinderen" is the parent's: test_registration_dialog.
            ),
            Step(
                send="/menu",
                messages=1,
                says=["Wat wil je doen?"],
                not_says=["Waarmee kan ik je helpen?"],
                buttons=["Ik ben ouder"],
            ),
            Step(
                press="Ik ben ouder",
                messages=2,
                says=["Fijn! Ik praat nu met jou als ouder", "Waarmee kan ik je helpen?"],
                not_says=["Wat wil je doen?"],
                buttons=["Ontdek een hobby", "Ik ben een kind"],
                no_buttons=["Wat kan ik proberen?"],
            ),
        ],
    )


def test_english_on_request(engine: Engine) -> None:
    dutch = ["Wat ", "Waarmee", "zaterdag", "plekken", "Gratis", "Meenemen", "Door "]
    check_dialog(
        ChatUser(engine, user_id="3003"),
        [
            WELCOME,
            AS_PARENT,
            Step(
                send="/taal",
                messages=1,
                says=["Welke taal wil je? / Which language do you prefer?"],
                buttons=["Nederlands", "English"],
            ),
            Step(
                press="English",
                messages=2,
                says=["Fine, we'll speak English.", "How can I help you?"],
                not_says=dutch,
                buttons=[
                    "Discover a hobby",
                    "Workshops and talks",
                    "My registrations",
                    "I'm a kid",
                ],
                no_buttons=["Ontdek", "Workshops en lezingen", "Mijn inschrijvingen", "Ik ben"],
            ),
            Step(
                press="Workshops and talks",
                messages=1,
                says=["What would you like to see?"],
                not_says=dutch,
                buttons=["Workshops for kids (2)", "Talks for parents (1)", "Talent days (1)"],
                no_buttons=["voor kinderen", "Lezingen", "Talentendagen"],
            ),
            Step(
                press="Workshops for kids",
                messages=1,
                # Activity titles come from the catalogue: Saxofoon spelen has no English one.
                says=[
                    "Workshops to try out:",
                    "Try snorkelling",
                    "Saturday 12 December",
                    "10 places",
                ],
                not_says=[*dutch, "Snorkelen proberen", "woensdag"],
                buttons=["Sat 12 Dec · Try snorkelling"],
                no_buttons=["za 12 dec"],
            ),
            Step(
                press="Try snorkelling",
                messages=1,
                says=[
                    "Saturday 12 December, 14:00–15:30",
                    "By Sportbedrijf Teststad",
                    "9 to 12 years",
                    "Free",
                    "Bring: Swimwear and a towel",
                    "10 places left",
                ],
                not_says=[*dutch, "Zwemkleding"],
                buttons=["Register", "More about Snorkelling"],
                no_buttons=["Inschrijven", "Meer over"],
            ),
        ],
    )


def test_typed_words_find_their_way_despite_typos(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            WELCOME,
            AS_PARENT,
            Step(
                send="welke workshopss zijn er",
                messages=1,
                says=["Deze workshops vond ik:", "Snorkelen proberen", "Saxofoon spelen"],
                not_says=["Schermtijd"],  # a talk is no workshop
                buttons=["za 12 dec · Snorkelen proberen", "Meer ▶"],
            ),
            Step(
                send="wanneer is de saxafoon workshop",
                messages=1,
                says=[
                    "Dit vond ik voor Saxofoon:",
                    "13 januari 2027",
                    "Saxofoon op de talentendag",
                ],
                not_says=["Snorkelen", "Schaken"],
                buttons=["wo 13 jan · Saxofoon spelen"],
            ),
            Step(
                send="wat is de hoofdstad van frankrijk",
                messages=1,
                says=["Dat weet ik niet zeker", "een medewerker van de bibliotheek"],
                buttons=["Vraag het een bibliothecaris"],
            ),
            Step(
                send="ik zoek een hobbie",
                messages=1,
                says=["Wat voor hobby zoekt je kind?", "Vraag 1 van 6"],
                buttons=["Verras me"],
            ),
        ],
    )


EXPIRED = ["Deze knop werkt niet meer. Hier is het menu.", "Waarmee kan ik je helpen?"]


def test_a_forged_button_gets_a_friendly_answer_and_the_menu(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine),
        [
            WELCOME,
            AS_PARENT,
            Step(
                token="forged-token-123",
                messages=2,
                says=EXPIRED,
                not_says=["er ging bij mij iets mis"],
                buttons=["Workshops en lezingen"],
            ),
        ],
    )


def test_another_users_button_does_not_work_for_me(engine: Engine) -> None:
    alice, mallory = ChatUser(engine, "4001"), ChatUser(engine, "4002")
    alice.send("/agenda")
    token = alice.button("Workshops voor kinderen").token
    check_dialog(
        mallory,
        [
            WELCOME,
            Step(token=token, messages=2, says=EXPIRED, not_says=["Snorkelen proberen"]),
        ],
    )


def test_old_buttons_expire_after_a_few_replies(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/agenda")
    old = user.button("Workshops voor kinderen").token
    for _ in range(5):
        user.send("/menu")
    check_dialog(user, [Step(token=old, messages=2, says=EXPIRED, not_says=["Snorkelen proberen"])])


def test_a_double_tap_acts_once(engine: Engine) -> None:
    user = ChatUser(engine)
    user.send("/agenda")
    token = user.button("Workshops voor kinderen").token
    check_dialog(
        user,
        [
            Step(token=token, messages=1, says=["Snorkelen proberen", "Saxofoon spelen"]),
            Step(token=token, ignored=True),
        ],
    )


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
    check_dialog(
        ChatUser(engine),
        [
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Je hebt nog geen inschrijvingen"],
                not_says=["Jullie inschrijvingen"],
                buttons=["Workshops en lezingen", "Menu"],
                no_buttons=["Afmelden"],
            )
        ],
    )


def test_past_events_leave_the_agenda(engine: Engine) -> None:
    user = ChatUser(engine)
    user.now += timedelta(days=55)  # 18 January 2027: snorkelling and saxophone are over
    check_dialog(
        user,
        [
            Step(
                send="/agenda",
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=["Lezingen voor ouders (1)", "Talentendagen (1)"],
                no_buttons=["Workshops voor kinderen"],
            ),
            Step(
                press="Lezingen",
                messages=1,
                # In 2027 a date in 2027 goes without the year.
                says=["Schermtijd en social media", "donderdag 21 januari, 19:30–21:00"],
                not_says=["2027", "Snorkelen", "Saxofoon"],
            ),
        ],
    )


def test_conversation_works_on_each_database(any_engine: Engine) -> None:
    check_dialog(
        ChatUser(any_engine),
        [
            WELCOME,
            AS_PARENT,
            Step(
                press="Workshops en lezingen",
                messages=1,
                says=["Wat wil je bekijken?"],
                buttons=["Workshops voor kinderen (2)"],
            ),
            Step(
                press="Workshops voor kinderen",
                messages=1,
                says=["Snorkelen proberen", "Nog 10 plekken vrij"],
                buttons=["za 12 dec · Snorkelen proberen"],
            ),
            Step(
                press="Snorkelen proberen",
                messages=1,
                says=["zaterdag 12 december, 14:00–15:30"],
                buttons=["📝 Inschrijven"],
            ),
        ],
    )


def test_with_several_libraries_a_family_chooses_theirs(engine: Engine) -> None:
    from bot.db.models import Family, Library

    with engine.db.transaction() as session:
        session.add(
            Library(
                id="anderstad",
                name="Bibliotheek Anderstad",
                city="Anderstad",
                address="Marktplein 2",
            )
        )
    check_dialog(
        ChatUser(engine, user_id="5150"),
        [
            WELCOME,
            Step(
                press="ouder",
                messages=2,
                says=["Ik praat nu met jou als ouder", "Bij welke bibliotheek hoor je?"],
                not_says=["Waarmee kan ik je helpen?"],  # the menu comes once it is chosen
                buttons=["📚 Anderstad", "📚 Teststad"],
            ),
            Step(
                press="Teststad",
                messages=1,
                says=["Waarmee kan ik je helpen?"],
                buttons=["Ontdek een hobby"],
                no_buttons=["📚"],
            ),
        ],
    )
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
