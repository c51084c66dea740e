"""The questions inbox of the back-office: a family's question from the chat, answered on the
web, reaches the family through the outbox exactly as an answer from the staff chat; one
answer per question; partners, other libraries and forgotten families get a 404. On SQLite
and PostgreSQL."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.db.models import AuditEntry, Family, Library, OutboxMessage, Question
from bot.engine.core import Engine
from bot.services import handoff
from tests.dialog import ChatUser
from tests.office import NOW, add_member, form_token, office_client, sign_in
from tests.test_notifications import RecordingChannel, dispatch

LIBRARIAN, COLLEAGUE, PARTNER = "7100", "7110", "7200"
ASK = "Vraag het een bibliothecaris"


@pytest.fixture
def office(any_engine: Engine) -> Engine:
    add_member(any_engine, LIBRARIAN, "staff")
    add_member(any_engine, COLLEAGUE, "admin")
    add_member(any_engine, PARTNER, "partner", "sportbedrijf")
    return any_engine


def family_asks(engine: Engine, user_id: str, text: str, english: bool = False) -> ChatUser:
    """A parent on Telegram asks a librarian, the way the chat offers it."""
    user = ChatUser(engine, user_id, channel="telegram")
    user.send("/start")
    user.press("ouder")
    if english:
        user.send("/taal")
        user.press("English")
    user.send("ik heb een vraag" if not english else "who is the mayor of this town?")
    user.press("Ask a librarian" if english else ASK)
    user.send(text)
    waiting = "Your question is waiting for the library." if english else "Je vraag staat klaar"
    assert waiting in user.text, user.text  # no staff chat here: it waits for the inbox
    return user


def question_id(engine: Engine, text: str) -> int:
    with engine.db.transaction() as session:
        return session.scalars(select(Question.id).where(Question.text == text)).one()


def librarian(engine: Engine, telegram_id: str = LIBRARIAN) -> TestClient:
    client, _ = office_client(engine)
    sign_in(client, engine, telegram_id)
    return client


def answer(client: TestClient, number: int, text: str, token: str | None = None):  # type: ignore[no-untyped-def]
    token = token or form_token(client.get(f"/beheer/vragen/{number}").text)
    return client.post(f"/beheer/vragen/{number}", data={"csrf_token": token, "answer": text})


def answers_in_outbox(engine: Engine) -> list[OutboxMessage]:
    with engine.db.transaction() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "librarian_answer")
        return list(session.scalars(query))


def test_a_question_from_the_chat_is_answered_on_the_web_and_reaches_the_family(
    office: Engine,
) -> None:
    asker = family_asks(office, "6001", "Is er een lift in de bieb?")
    number = question_id(office, "Is er een lift in de bieb?")
    client = librarian(office)
    inbox = client.get("/beheer/vragen")
    assert inbox.status_code == 200
    assert "1 vraag wacht op antwoord." in inbox.text
    assert f'href="/beheer/vragen/{number}">Is er een lift in de bieb?</a>' in inbox.text
    assert "6001" not in inbox.text  # staff see the question, not who asked

    page = client.get(f"/beheer/vragen/{number}")
    assert f"Vraag #{number}" in page.text and "Is er een lift in de bieb?" in page.text
    assert "dinsdag 24 november 2026, 10:00" in page.text and "Nederlands" in page.text
    assert '<textarea id="answer" name="answer"' in page.text

    sent = answer(client, number, "  Ja, naast de ingang.  ")
    assert sent.status_code == 303
    assert sent.headers["location"] == (
        f"/beheer/vragen/{number}?melding=office_questions.notice.sent"
    )
    shown = client.get(sent.headers["location"]).text
    assert "Je antwoord is verstuurd. Het gezin krijgt het in de chat." in shown
    assert "Ja, naast de ingang." in shown
    assert "Jij hebt deze vraag beantwoord op dinsdag 24 november 2026, 10:00." in shown
    assert '<textarea id="answer"' not in shown

    with office.db.transaction() as session:
        question = session.get(Question, number)
        assert (question.answer, question.answered_by) == ("Ja, naast de ingang.", LIBRARIAN)
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.target) == (
            f"web:{LIBRARIAN}",
            "question.answer",
            str(number),
        )
        assert entry.library_id == "teststad"
    [queued] = answers_in_outbox(office)
    assert queued.chat_id == "6001" and queued.payload == {"question_id": number}

    channel = RecordingChannel()
    dispatch(office, channel, NOW)
    delivered = channel.texts("6001")
    assert "Antwoord van de bibliotheek op je vraag “Is er een lift in de bieb?”" in delivered
    assert "Ja, naast de ingang." in delivered
    # The chat's own list of open questions no longer has it.
    staff_chat = ChatUser(office, LIBRARIAN, channel="telegram")
    staff_chat.send("/vragen")
    assert "Er staan geen open vragen." in staff_chat.text
    assert "0 vragen wachten op antwoord." in client.get("/beheer/vragen").text
    assert asker.user_id not in client.get("/beheer/vragen").text


def test_a_second_answer_sends_nothing_and_says_who_answered(office: Engine) -> None:
    family_asks(office, "6002", "Mag mijn zoon zijn eigen snorkel meenemen?")
    number = question_id(office, "Mag mijn zoon zijn eigen snorkel meenemen?")
    client = librarian(office)
    colleague = librarian(office, COLLEAGUE)
    stale = colleague.get(f"/beheer/vragen/{number}").text  # the form, opened before
    assert answer(client, number, "Ja, graag!").status_code == 303
    again = answer(client, number, "Ja, graag!")  # pressed twice
    assert again.status_code == 409
    assert "Je hebt deze vraag al beantwoord op dinsdag 24 november 2026, 10:00." in again.text
    assert "Je antwoord is niet nog eens verstuurd" in again.text

    late = answer(colleague, number, "Nee, die hebben wij.", form_token(stale))
    assert late.status_code == 409
    assert f"al beantwoord door medewerker {LIBRARIAN} op dinsdag 24 november 2026" in late.text
    assert "Je antwoord is niet verstuurd" in late.text
    assert "Ja, graag!" in late.text and '<textarea id="answer"' not in late.text
    assert len(answers_in_outbox(office)) == 1
    with office.db.transaction() as session:
        assert session.get(Question, number).answer == "Ja, graag!"
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions == ["question.answer"]
    channel = RecordingChannel()
    dispatch(office, channel, NOW)
    assert channel.texts("6002").count("Antwoord van de bibliotheek") == 1
    assert "Nee, die hebben wij." not in channel.texts("6002")


def test_a_question_answered_in_the_chat_is_answered_on_the_web_too(office: Engine) -> None:
    family_asks(office, "6003", "Is er parkeerplaats?")
    number = question_id(office, "Is er parkeerplaats?")
    staff_chat = ChatUser(office, LIBRARIAN, channel="telegram")
    staff_chat.send("/vragen")
    staff_chat.press(f"Beantwoord #{number}")
    staff_chat.send("Ja, achter de bieb.")
    assert f"Je antwoord op #{number} is verstuurd" in staff_chat.text
    client = librarian(office, COLLEAGUE)
    page = client.get(f"/beheer/vragen/{number}").text
    assert "Ja, achter de bieb." in page
    assert f"Beantwoord door medewerker {LIBRARIAN} op dinsdag 24 november 2026, 10:00." in page
    token = form_token(client.get("/beheer/vragen").text)
    refused = answer(client, number, "Nee.", token)
    assert refused.status_code == 409 and "Je antwoord is niet verstuurd" in refused.text
    assert len(answers_in_outbox(office)) == 1


def test_the_chat_cannot_answer_again_after_the_web(office: Engine) -> None:
    family_asks(office, "6004", "Zijn er toiletten?")
    number = question_id(office, "Zijn er toiletten?")
    staff_chat = ChatUser(office, LIBRARIAN, channel="telegram")
    staff_chat.send("/vragen")
    staff_chat.press(f"Beantwoord #{number}")  # the chat asks for the text ...
    assert answer(librarian(office, COLLEAGUE), number, "Ja, beneden.").status_code == 303
    staff_chat.send("Ja, op de eerste verdieping.")  # ... which comes after the web's answer
    assert f"Vraag #{number} is al beantwoord." in staff_chat.text
    with office.db.transaction() as session:
        question = session.get(Question, number)
        assert (question.answer, question.answered_by) == ("Ja, beneden.", COLLEAGUE)
    assert len(answers_in_outbox(office)) == 1


def test_two_answers_at_the_same_moment_send_one(office: Engine) -> None:
    """The second librarian answers while the first one's transaction is still open: on
    PostgreSQL they read the question as open, their UPDATE waits for the first commit and
    then finds it answered; SQLite queues the whole second transaction."""
    family_asks(office, "6010", "Is de zaal koud?")
    number = question_id(office, "Is de zaal koud?")
    first_answered, results = threading.Event(), {}

    def second_librarian() -> None:
        first_answered.wait()
        with office.db.transaction() as session:
            question = session.get(Question, number)  # PostgreSQL: still open, as committed
            results["second"] = handoff.answer_question(session, question, "Nee.", COLLEAGUE, NOW)

    thread = threading.Thread(target=second_librarian)
    thread.start()
    with office.db.transaction() as session:
        question = session.get(Question, number)
        results["first"] = handoff.answer_question(session, question, "Ja.", LIBRARIAN, NOW)
        first_answered.set()
        time.sleep(0.5)  # the second one is now waiting for this transaction
    thread.join(timeout=60)
    assert results == {"first": True, "second": False}
    with office.db.transaction() as session:
        assert session.get(Question, number).answer == "Ja."
    assert len(answers_in_outbox(office)) == 1


def test_open_questions_come_first_then_answered_ones_a_page_at_a_time(office: Engine) -> None:
    family_asks(office, "6005", "Vraag 00")
    first_id = question_id(office, "Vraag 00")
    with office.db.transaction() as session:
        family = session.scalars(select(Family).where(Family.external_id == "6005")).one()
        asked = [session.get(Question, first_id)]
        for n in range(1, 25):
            asked.append(handoff.ask_question(session, family, f"Vraag {n:02}", NOW))
            asked[-1].asked_at = NOW + timedelta(minutes=n)
        # Three answered, the latest answer on top: 03 (answered last), 02, 01.
        for n in (1, 2, 3):
            handoff.answer_question(session, asked[n], "Ja.", LIBRARIAN, NOW + timedelta(hours=n))
    client = librarian(office)
    first = client.get("/beheer/vragen").text
    assert "22 vragen wachten op antwoord." in first
    shown = re.findall(r">(Vraag \d\d)</a>", first)
    assert shown == ["Vraag 00", *(f"Vraag {n:02}" for n in range(4, 23))]
    assert "Pagina 1 van 2" in first and 'href="/beheer/vragen?pagina=2"' in first
    second = client.get("/beheer/vragen", params={"pagina": "2"}).text
    assert re.findall(r">(Vraag \d\d)</a>", second) == [
        "Vraag 23",
        "Vraag 24",
        "Vraag 03",
        "Vraag 02",
        "Vraag 01",
    ]
    assert "Beantwoord op dinsdag 24 november 2026, 13:00" in second
    assert "Pagina 2 van 2" in second
    beyond = client.get("/beheer/vragen", params={"pagina": "99"}).text
    assert "Pagina 2 van 2" in beyond and ">Vraag 24</a>" in beyond


def test_partners_and_other_libraries_get_a_404(office: Engine) -> None:
    family_asks(office, "6006", "Heeft mijn dochter zwemdiploma A nodig?")
    number = question_id(office, "Heeft mijn dochter zwemdiploma A nodig?")
    with office.db.transaction() as session:
        session.add(Library(id="elders", name="Bieb Elders", city="Elders", address="Weg 1"))
        session.flush()
        family = session.scalars(select(Family).where(Family.external_id == "6006")).one()
        elsewhere = Question(
            family_id=family.id, library_id="elders", text="Geheime vraag elders", asked_at=NOW
        )
        session.add(elsewhere)
        session.flush()
        elsewhere_id = elsewhere.id

    partner = librarian(office, PARTNER)
    agenda = partner.get("/beheer").text
    assert 'href="/beheer/vragen"' not in agenda
    token = form_token(agenda)
    assert partner.get("/beheer/vragen").status_code == 404
    assert partner.get(f"/beheer/vragen/{number}").status_code == 404
    forced = answer(partner, number, "Nee.", token)
    assert forced.status_code == 404 and "zwemdiploma" not in forced.text

    client = librarian(office)
    assert 'href="/beheer/vragen"' in client.get("/beheer").text
    assert "Geheime vraag elders" not in client.get("/beheer/vragen").text
    assert client.get(f"/beheer/vragen/{elsewhere_id}").status_code == 404
    own_token = form_token(client.get("/beheer").text)
    assert answer(client, elsewhere_id, "Nee.", own_token).status_code == 404
    for path in ("/beheer/vragen/abc", "/beheer/vragen/99999999999", "/beheer/vragen/0"):
        assert client.get(path).status_code == 404, path
    with office.db.transaction() as session:
        assert session.scalar(select(func.count()).where(Question.answered_at.is_not(None))) == 0
    assert answers_in_outbox(office) == []


def test_a_forgotten_familys_question_is_gone(office: Engine) -> None:
    asker = family_asks(office, "6007", "Mijn zoon heeft epilepsie, kan hij meedoen?")
    number = question_id(office, "Mijn zoon heeft epilepsie, kan hij meedoen?")
    client = librarian(office)
    token = form_token(client.get(f"/beheer/vragen/{number}").text)
    asker.send("/privacy")
    asker.press("Verwijder alles")
    asker.press("Ja, verwijder alles")
    assert client.get(f"/beheer/vragen/{number}").status_code == 404
    assert "epilepsie" not in client.get("/beheer/vragen").text
    refused = answer(client, number, "Ja hoor.", token)
    assert refused.status_code == 404 and "epilepsie" not in refused.text
    assert answers_in_outbox(office) == []


def test_family_text_is_shown_as_text_and_an_english_family_is_said(office: Engine) -> None:
    text = "<script>alert(1)</script> Can my kid bring <b>a friend</b>?"
    family_asks(office, "6008", text, english=True)
    number = question_id(office, text)
    client = librarian(office)
    for page in (client.get("/beheer/vragen").text, client.get(f"/beheer/vragen/{number}").text):
        assert "<script>alert" not in page and "<b>a friend" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Engels" in page
    assert "Het gezin gebruikt de bot in het Engels" in client.get(f"/beheer/vragen/{number}").text
    assert answer(client, number, "Yes, <i>of course</i>!").status_code == 303
    shown = client.get(f"/beheer/vragen/{number}").text
    assert "Yes, &lt;i&gt;of course&lt;/i&gt;!" in shown
    channel = RecordingChannel()
    dispatch(office, channel, NOW)
    assert "The library's answer to your question" in channel.texts("6008")
    assert "Yes, <i>of course</i>!" in channel.texts("6008")  # as typed: the chat is no page


def test_an_empty_or_forged_answer_changes_nothing(office: Engine) -> None:
    family_asks(office, "6009", "Hoe laat begint het?")
    number = question_id(office, "Hoe laat begint het?")
    client = librarian(office)
    empty = answer(client, number, "   ")
    assert empty.status_code == 422 and "Typ eerst je antwoord." in empty.text
    too_long = answer(client, number, "x" * (handoff.MAX_ANSWER + 1))
    assert too_long.status_code == 422 and "hoogstens 3000 tekens" in too_long.text
    forged = answer(client, number, "Om twee uur.", token="forged")
    assert forged.status_code == 403 and "Dit formulier is verlopen" in forged.text
    with office.db.transaction() as session:
        question = session.get(Question, number)
        assert question.answered_at is None and question.answer is None
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    assert answers_in_outbox(office) == []
    assert "1 vraag wacht op antwoord." in client.get("/beheer/vragen").text
