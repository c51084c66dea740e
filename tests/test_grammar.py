"""The grammar of what the bot says, in Dutch and English: a parent registered themself is
spoken to ('Je staat ingeschreven', never 'Jij staat' or 'You is'), a search without a subject
has none ('voor workshops'), button labels are short and cut between words, and the waiting
list is named only when someone is on it."""

from __future__ import annotations

from bot.db.models import Event
from bot.engine.core import Engine
from bot.engine.views import LABEL_LENGTH
from tests.dialog import ChatUser, Step, check_dialog
from tests.test_notifications import (
    RecordingChannel,
    dispatch,
    local_time,
    register,
    telegram_user,
)

DUTCH_SELF = ["Jij inschrijven", "Jij staat", "staat Jij", "Jijzelf:", "{who}"]
ENGLISH_SELF = ["You is", "Register You", "You has", "{who}"]
START = Step(send="/start", messages=1, says=["Wie ben jij?"], buttons=["Ik ben ouder"])
AS_PARENT = Step(press="ouder", messages=2, says=["Waarmee kan ik je helpen?"])
ENGLISH = [
    Step(send="/taal", messages=1, says=["Which language do you prefer?"], buttons=["English"]),
    Step(press="English", messages=2, says=["Fine, we'll speak English."]),
]


def _agenda(heading: str, *, english: bool = False) -> Step:
    return Step(
        send="/agenda",
        messages=1,
        says=["What would you like to see?" if english else "Wat wil je bekijken?"],
        buttons=[heading],
    )


def test_a_parent_registering_themself_is_spoken_to_in_dutch(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine, "5001"),
        [
            START,
            AS_PARENT,
            _agenda("Lezingen voor ouders (1)"),
            Step(press="Lezingen voor ouders", messages=1, says=["Schermtijd en social media"]),
            Step(
                press="Schermtijd en social media",
                messages=1,
                says=["🎤 Spreker: een pedagoog van Welzijn Teststad"],
                not_says=["educationalist"],
            ),
            Step(
                press="Inschrijven",
                messages=1,
                says=["Jezelf inschrijven voor:\nSchermtijd en social media", "Klopt dat?"],
                not_says=DUTCH_SELF,
            ),
            Step(
                press="Ja, inschrijven",
                messages=2,
                says=[
                    "🎉 Je staat ingeschreven voor Schermtijd en social media!",
                    "dan sta je meteen op de lijst.",
                ],
                not_says=DUTCH_SELF,
                files=["*.ics", "check-in.png"],
            ),
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Jijzelf: Schermtijd en social media"],
                buttons=["❌ Afmelden voor Schermtijd en social media"],
                no_buttons=["Afmelden: Jijzelf", "Jij"],
            ),
            Step(
                press="Afmelden voor Schermtijd",
                messages=1,
                says=["Wil je je afmelden voor Schermtijd en social media?"],
                not_says=DUTCH_SELF,
            ),
            Step(
                press="Ja, afmelden",
                messages=2,
                says=["Je bent afgemeld voor Schermtijd en social media."],
                # nobody is waiting: no word about a waiting list
                not_says=[*DUTCH_SELF, "wachtlijst"],
            ),
        ],
    )


def test_a_parent_registering_themself_is_spoken_to_in_english(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine, "5002"),
        [
            START,
            AS_PARENT,
            *ENGLISH,
            _agenda("Talks for parents (1)", english=True),
            Step(press="Talks for parents", messages=1, says=["Screen time and social media"]),
            Step(
                press="Screen time and social media",
                messages=1,
                says=["🎤 Speaker: an educationalist of Welzijn Teststad"],
                not_says=["een pedagoog", "Spreker"],
            ),
            Step(
                press="Register",
                messages=1,
                says=["Register yourself for:\nScreen time and social media", "Is that right?"],
                not_says=ENGLISH_SELF,
            ),
            Step(
                press="Yes, register",
                messages=2,
                says=[
                    "🎉 You are registered for Screen time and social media!",
                    "and you are on the list straight away.",
                ],
                not_says=ENGLISH_SELF,
                files=["*.ics", "check-in.png"],
            ),
            Step(
                send="/registrations",
                messages=1,
                says=["You: Screen time and social media"],
                buttons=["❌ Cancel Screen time and social media"],
                no_buttons=["Cancel: You", "Afmelden"],
            ),
            Step(
                press="Cancel Screen time",
                messages=1,
                says=["Cancel your registration for Screen time and social media?"],
                not_says=ENGLISH_SELF,
            ),
            Step(
                press="Yes, cancel",
                messages=2,
                says=["Your registration for Screen time and social media has been cancelled."],
                not_says=[*ENGLISH_SELF, "waiting list"],
            ),
        ],
    )


def _register_myself_for_the_talk(user: ChatUser, english: bool = False) -> None:
    user.send("/start")
    user.press("ouder")
    if english:
        user.send("/taal")
        user.press("English")
    user.send("/agenda")
    user.press("Talks for parents" if english else "Lezingen voor ouders")
    user.press("Screen time and social media" if english else "Schermtijd en social media")
    user.press("Register" if english else "Inschrijven")
    user.press("Yes, register" if english else "Ja, inschrijven")
    assert ("You are registered" if english else "Je staat ingeschreven") in user.text


def test_a_reminder_of_a_self_registration_speaks_to_the_parent(engine: Engine) -> None:
    channel = RecordingChannel()
    _register_myself_for_the_talk(telegram_user(engine, "5003"))
    _register_myself_for_the_talk(telegram_user(engine, "5013"), english=True)
    # The talk: Thursday 21 January 2027, 19:30; the first reminder the evening before.
    assert dispatch(engine, channel, local_time(2027, 1, 20, 17, 0)).sent == 2
    dutch, english = channel.texts("5003"), channel.texts("5013")
    assert "⏰ Herinnering: je gaat naar Schermtijd en social media" in dutch
    assert "⏰ Reminder: you are going to Screen time and social media" in english
    assert not [w for w in DUTCH_SELF if w in dutch], dutch
    assert not [w for w in ENGLISH_SELF if w in english], english


def _register_for_snorkelling(user: ChatUser, name: str) -> None:
    register(user, name, event_label="Snorkelen proberen")
    assert f"{name} staat ingeschreven voor Snorkelen proberen" in user.text


def test_cancelling_a_child_names_the_waiting_list_only_when_someone_is_on_it(
    engine: Engine,
) -> None:
    user = ChatUser(engine, "5004")
    _register_for_snorkelling(user, "Sanne")
    check_dialog(
        user,
        [
            Step(
                send="/inschrijvingen",
                messages=1,
                says=["Sanne: Snorkelen proberen"],
                buttons=["❌ Sanne afmelden voor Snorkelen proberen"],
                no_buttons=["Afmelden: Sanne:"],
            ),
            Step(
                press="Sanne afmelden",
                messages=1,
                says=["Sanne afmelden voor Snorkelen proberen?"],
            ),
            Step(
                press="Ja, afmelden",
                messages=2,
                says=["Sanne is afgemeld voor Snorkelen proberen."],
                not_says=["wachtlijst"],  # ten places, nobody waiting
            ),
        ],
    )


def test_cancelling_a_child_in_english(engine: Engine) -> None:
    user = ChatUser(engine, "5005")
    _register_for_snorkelling(user, "Sanne")
    check_dialog(
        user,
        [
            *ENGLISH,
            Step(
                send="/registrations",
                messages=1,
                says=["Sanne: Try snorkelling"],
                buttons=["❌ Cancel Sanne for Try snorkelling"],
                no_buttons=["Cancel: Sanne:"],
            ),
            Step(
                press="Cancel Sanne",
                messages=1,
                says=["Cancel Sanne for Try snorkelling?"],
            ),
            Step(
                press="Yes, cancel",
                messages=2,
                says=["Sanne has been cancelled for Try snorkelling."],
                not_says=["waiting list"],
            ),
        ],
    )


def test_a_search_without_a_subject_has_none(engine: Engine) -> None:
    check_dialog(
        ChatUser(engine, "5006"),
        [
            START,
            AS_PARENT,
            Step(
                send="welke workshops zijn er",
                messages=1,
                says=["Deze workshops vond ik:", "Snorkelen proberen"],
                not_says=["voor workshops"],
            ),
            Step(
                send="welke workshops zijn er in juli",
                messages=1,
                says=["Ik vond nu geen workshops."],
                not_says=["voor workshops", "workshop voor"],
            ),
            Step(
                send="welke workshops zijn er voor mijn dochter van 10",
                messages=1,
                says=["Dit vond ik voor kinderen van 10 jaar:", "Snorkelen proberen"],
                not_says=["voor workshops"],
            ),
            Step(
                send="snorkelen voor mijn zoon van 10",
                messages=1,
                says=["Snorkelen proberen"],
                not_says=["voor workshops"],
            ),
            *ENGLISH,
            Step(
                send="which workshops are there",
                messages=1,
                says=["These are the workshops I found:", "Try snorkelling"],
                not_says=["for workshops"],
            ),
            Step(
                send="which workshops are there in july",
                messages=1,
                says=["I found no workshops right now."],
                not_says=["for workshops", "workshop for"],
            ),
        ],
    )


LONG_TITLE = {
    "nl": "Schermtijd en social media: van basisschool naar middelbare school",
    "en": "Screen time and social media: from primary school to secondary school",
}


def _cut_between_words(label: str, whole: str) -> bool:
    """A shortened label ends with '…' right after a whole word of `whole`."""
    shown = label.rsplit(" · ", 1)[-1].removesuffix("…")
    return whole.startswith(shown) and whole[len(shown)] in " :,"


def test_long_titles_are_shortened_between_words(engine: Engine) -> None:
    with engine.db.transaction() as session:
        session.get(Event, "lezing-schermtijd").title = LONG_TITLE
    user = ChatUser(engine, "5007")
    check_dialog(
        user,
        [
            START,
            AS_PARENT,
            _agenda("Lezingen voor ouders (1)"),
            Step(
                press="Lezingen voor ouders",
                messages=1,
                says=[LONG_TITLE["nl"]],  # the text has the whole title
                buttons=["do 21 jan · Schermtijd en social media: van basisschool…"],
                no_buttons=["naar", "middelbare"],
            ),
        ],
    )
    label = next(b.label for b in user.buttons if b.label.startswith("do 21 jan"))
    assert len(label) <= LABEL_LENGTH and _cut_between_words(label, LONG_TITLE["nl"]), label
    check_dialog(
        user,
        [
            Step(press="do 21 jan", messages=1, says=[LONG_TITLE["nl"]], buttons=["Inschrijven"]),
            Step(press="Inschrijven", messages=1, says=["Jezelf inschrijven voor:"]),
            Step(press="Ja, inschrijven", messages=2, says=["Je staat ingeschreven"], files=None),
            Step(
                send="/inschrijvingen",
                messages=1,
                says=[f"Jijzelf: {LONG_TITLE['nl']}"],
                buttons=["❌ Afmelden voor Schermtijd en social media: van basisschool…"],
            ),
            *ENGLISH,
            Step(
                send="/registrations",
                messages=1,
                says=[f"You: {LONG_TITLE['en']}"],
                buttons=["❌ Cancel Screen time and social media: from primary school…"],
            ),
        ],
    )
    for button in user.buttons:
        assert len(button.label) <= LABEL_LENGTH, button.label
        if button.label.startswith("❌"):
            title = button.label.removeprefix("❌ Cancel ")
            assert _cut_between_words(title, LONG_TITLE["en"]), button.label
