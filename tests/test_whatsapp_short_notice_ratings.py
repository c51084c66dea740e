"""Two rating templates waiting at once (Daan went to two workshops; the family last wrote
days before): both are kept. A bare mark asks which activity it is about, with a button per
activity; the mark lands on the one tapped, and the other still waits for its own mark. Over
the real web app and the emulator."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db.models import OutboxMessage, Registration
from bot.db.states import OutboxKind, OutboxState
from bot.engine.core import Engine
from bot.services import registrations
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import NOW
from tests.whatsapp import api_with, dispatch, say, tap, whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

PARENT = "31611113333"
EVENTS = ("ws-snorkelen", "ws-saxofoon")


api = api_with(PARENT)


def _went_to_both(engine: Engine, rated: tuple[str, ...] = EVENTS) -> datetime:
    """Daan (10) went to both workshops; only the rating requests for `rated` are left to
    send, due at one moment (as after a talent day), and the family last wrote 25 hours
    before. Returns when they are due."""
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "whatsapp", PARENT, language="nl", now=NOW)
        give_consent(family, NOW)
        child = add_child(session, family, "Daan", 10, NOW)
        for event in EVENTS:
            registrations.register(session, event_id=event, family=family, child=child, now=NOW)
        session.flush()
        rows = list(session.scalars(select(OutboxMessage)))
        ratings = [r for r in rows if r.kind == OutboxKind.RATING]
        assert len(ratings) == 2
        due = max(r.due_at for r in ratings)
        for row in rows:
            if row in ratings and session.get(Registration, row.registration_id).event_id in rated:
                row.due_at = due
            else:
                row.state = OutboxState.CANCELLED
        family.last_incoming_at = due - timedelta(hours=25)
    return due


def _ratings(engine: Engine) -> dict[str, int | None]:
    with engine.db.transaction() as session:
        return {r.event_id: r.rating for r in session.scalars(select(Registration))}


def test_a_mark_with_two_rating_templates_waiting_asks_which_activity(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    api.close_window(PARENT)
    assert dispatch(any_engine, api, _went_to_both(any_engine)).sent == 2  # both due
    sent = api.messages_to(PARENT)
    assert [m.payload["template"]["name"] for m in sent] == ["talentbot_cijfer"] * 2
    with whatsapp_bot(any_engine, api) as bot:
        (question,) = say(api, bot, PARENT, "8")
        assert question.text == "Over welke activiteit gaat je cijfer?"
        assert [title for _, title, _ in question.choices] == [
            "Snorkelen proberen",
            "Saxofoon spelen",
        ]
        assert _ratings(any_engine) == {"ws-snorkelen": None, "ws-saxofoon": None}
        (thanks,) = tap(api, bot, PARENT, "Saxofoon")
        assert "Dank je wel voor je 8!" in thanks.text
        assert _ratings(any_engine) == {"ws-snorkelen": None, "ws-saxofoon": 8}
        # The other one still waits: after the comment, the next mark is its own.
        (stored,) = say(api, bot, PARENT, "De juf was heel aardig")
        assert "Dank je wel voor je reactie over Saxofoon spelen!" in stored.text
        (thanks,) = say(api, bot, PARENT, "6")
        assert "Dank je wel voor je 6!" in thanks.text
    assert _ratings(any_engine) == {"ws-snorkelen": 6, "ws-saxofoon": 8}


def test_the_other_button_after_the_mark_went_asks_its_own_mark(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    api.close_window(PARENT)
    dispatch(engine, api, _went_to_both(engine))
    with whatsapp_bot(engine, api) as bot:
        say(api, bot, PARENT, "een 9!")
        menus = [m for m in api.messages_to(PARENT) if m.kind == "interactive"]
        tap(api, bot, PARENT, "Saxofoon")
        # The question's other button, tapped after all: no second 9, its own request instead.
        (snorkel,) = [c for c in menus[-1].choices if "Snorkelen" in c[1]]
        assert api.reply(PARENT, menus[-1], *snorkel).status_code == 200
        bot.answered(api.inbound[-1]["id"])
        (request,) = api.messages_to(PARENT)[-1:]
    assert request.text == "Hoe vond Daan Snorkelen proberen? Geef een cijfer van 1 tot 10!"
    assert _ratings(engine) == {"ws-snorkelen": None, "ws-saxofoon": 9}


def test_one_rating_template_waiting_still_rates_at_once(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    due = _went_to_both(engine, rated=("ws-snorkelen",))
    api.close_window(PARENT)
    assert dispatch(engine, api, due).sent == 1
    with whatsapp_bot(engine, api) as bot:
        (thanks,) = say(api, bot, PARENT, "7")
    assert "Dank je wel voor je 7!" in thanks.text
    assert _ratings(engine) == {"ws-snorkelen": 7, "ws-saxofoon": None}


def test_after_no_comment_the_other_still_waits_for_its_mark(
    engine: Engine, api: WhatsAppEmulator
) -> None:
    api.close_window(PARENT)
    dispatch(engine, api, _went_to_both(engine))
    with whatsapp_bot(engine, api) as bot:
        say(api, bot, PARENT, "8")
        tap(api, bot, PARENT, "Snorkelen")
        tap(api, bot, PARENT, "Nee, dank je")
        (thanks,) = say(api, bot, PARENT, "cijfer 7")
    assert "Dank je wel voor je 7!" in thanks.text
    assert _ratings(engine) == {"ws-snorkelen": 8, "ws-saxofoon": 7}
