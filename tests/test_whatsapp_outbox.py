"""The outbox for WhatsApp families against the emulator: a reminder inside the 24-hour
window as the normal message, outside it as its utility template; an announcement outside
the window only as a marketing template to a family that opted in to news, else skipped and
counted in the broadcast report; a blocked user marked unreachable; 130429 tried again;
status webhooks (delivered, read, failed) on the outbox rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.models import Family, OutboxMessage
from bot.db.states import OutboxKind, OutboxState
from bot.engine.core import Engine
from bot.services import broadcasts, registrations
from bot.services.families import add_child, get_or_create_family, give_consent
from tests.conftest import NOW
from tests.whatsapp import dispatch, register_templates, whatsapp_bot
from whatsapp_emulator import WhatsAppEmulator

PARENT, OTHER = "31612345678", "31687654321"


@pytest.fixture
def api() -> Iterator[WhatsAppEmulator]:
    with WhatsAppEmulator() as emulator:
        emulator.add_user(PARENT, "Ouder")
        emulator.add_user(OTHER, "Ander")
        register_templates(emulator)
        yield emulator


def _registered(engine: Engine, wa_id: str, wrote: datetime | None) -> datetime:
    """A WhatsApp family with Daan (10) on the saxophone workshop, who last wrote at `wrote`;
    returns when the day-before reminder is due."""
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "whatsapp", wa_id, language="nl", now=NOW)
        give_consent(family, NOW)
        child = add_child(session, family, "Daan", 10, NOW)
        registrations.register(session, event_id="ws-saxofoon", family=family, child=child, now=NOW)
        family.last_incoming_at = wrote
        session.flush()
        due = session.scalars(
            select(OutboxMessage.due_at)
            .where(OutboxMessage.family_id == family.id, OutboxMessage.kind == OutboxKind.REMINDER)
            .order_by(OutboxMessage.due_at)
        ).first()
    assert due is not None
    return due


def _rows(engine: Engine, kind: str) -> list[tuple[str, str | None]]:
    with engine.db.transaction() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
        ).all()
        return [(row.state, row.last_error) for row in rows]


def _reminder_states(engine: Engine) -> list[str]:
    return [state for state, _ in _rows(engine, OutboxKind.REMINDER)]


def _only_due_reminder(engine: Engine, due: datetime) -> None:
    """Leave the day-before reminder due (the two-hours one is later anyway)."""
    with engine.db.transaction() as session:
        for row in session.scalars(select(OutboxMessage)):
            if row.kind != OutboxKind.REMINDER or row.due_at != due:
                row.state = OutboxState.CANCELLED


def test_a_reminder_inside_the_window_is_the_normal_message(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    due = _registered(any_engine, PARENT, wrote=None)
    with any_engine.db.transaction() as session:
        family = session.scalars(select(Family)).one()
        family.last_incoming_at = due - timedelta(hours=3)
    _only_due_reminder(any_engine, due)
    api.user(PARENT).last_inbound_at = api.world.clock()
    report = dispatch(any_engine, api, due)
    (sent,) = api.messages_to(PARENT)
    assert (report.sent, sent.kind) == (1, "interactive")
    assert "Saxofoon spelen" in sent.text
    assert sent.payload["interactive"]["type"] == "button"
    assert [title for _, title, _ in sent.choices][:2] == ["✅ Ik kom", "❌ Ik kan niet"]
    assert _reminder_states(any_engine).count(OutboxState.SENT) == 1


def test_a_reminder_outside_the_window_is_the_utility_template(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    due = _registered(any_engine, PARENT, wrote=NOW)
    _only_due_reminder(any_engine, due)
    api.close_window(PARENT)
    report = dispatch(any_engine, api, due)
    (sent,) = api.messages_to(PARENT)
    assert (report.sent, sent.kind) == (1, "template")
    template = sent.payload["template"]
    assert (template["name"], template["language"]) == ("talentbot_herinnering", {"code": "nl"})
    assert sent.template is not None and sent.template.category == "utility"
    assert sent.text == (
        "Herinnering: Saxofoon spelen is woensdag 13 januari, 14:00–15:00 in "
        "Bibliotheek Teststad. Stuur ons een bericht om je plek te bekijken of af te melden."
    )
    assert _reminder_states(any_engine).count(OutboxState.SENT) == 1


def _family(engine: Engine, wa_id: str, *, wrote: datetime | None, news: bool) -> None:
    with engine.db.transaction() as session:
        family, _ = get_or_create_family(session, "whatsapp", wa_id, language="nl", now=NOW)
        family.last_incoming_at = wrote
        family.news_opt_in_at = NOW if news else None


def test_an_announcement_outside_the_window_goes_only_to_who_opted_in(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    later = NOW + timedelta(days=3)
    _family(any_engine, PARENT, wrote=NOW, news=False)
    _family(any_engine, OTHER, wrote=NOW, news=True)
    api.close_window(PARENT)
    api.close_window(OTHER)
    with any_engine.db.transaction() as session:
        broadcast = broadcasts.create_broadcast(
            session,
            audience="all",
            text="Zaterdag is er een\nopen dag in de bieb!",
            library_id="teststad",
            created_by="staff",
            now=later,
        )
        broadcast_id = broadcast.id
    report = dispatch(any_engine, api, later)
    assert api.messages_to(PARENT) == []
    (news,) = api.messages_to(OTHER)
    assert (news.kind, news.payload["template"]["name"]) == ("template", "talentbot_nieuws")
    assert news.template is not None and news.template.category == "marketing"
    assert news.text == "Nieuws van De Talentenkwekerij: Zaterdag is er een open dag in de bieb!"
    assert report.sent == 1
    with any_engine.db.transaction() as session:
        status = broadcasts.broadcast_status(session, broadcast_id)
    assert status is not None
    assert {k: status[k] for k in ("sent", "skipped", "pending", "failed")} == {
        "sent": 1,
        "skipped": 1,
        "pending": 0,
        "failed": 0,
    }
    assert sorted(_rows(any_engine, OutboxKind.BROADCAST)) == [
        (OutboxState.SENT, None),
        (OutboxState.SKIPPED, "outside the WhatsApp 24-hour window; no opt-in to news"),
    ]


def test_a_user_who_blocked_the_business_is_marked_unreachable(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    due = _registered(any_engine, PARENT, wrote=None)
    _only_due_reminder(any_engine, due)
    api.block(PARENT)
    report = dispatch(any_engine, api, due)
    assert (report.blocked, api.messages_to(PARENT)) == (1, [])
    assert _reminder_states(any_engine).count(OutboxState.BLOCKED) == 1
    with any_engine.db.transaction() as session:
        family = session.scalars(select(Family)).one()
        assert family.unreachable_at == due


def test_throughput_errors_are_tried_again_after_a_pause(
    any_engine: Engine, api: WhatsAppEmulator
) -> None:
    due = _registered(any_engine, PARENT, wrote=None)
    _only_due_reminder(any_engine, due)
    api.fail_next(130429)
    first = dispatch(any_engine, api, due)
    assert (first.retried, api.messages_to(PARENT)) == (1, [])
    assert (
        _rows(any_engine, OutboxKind.REMINDER).count((OutboxState.PENDING, "retry after 5.0s")) == 1
    )
    too_soon = dispatch(any_engine, api, due + timedelta(seconds=2))
    assert (too_soon.sent, too_soon.retried) == (0, 0)
    again = dispatch(any_engine, api, due + timedelta(seconds=6))
    (sent,) = api.messages_to(PARENT)
    assert (again.sent, sent.kind) == (1, "template")


def test_status_webhooks_update_the_outbox_row(any_engine: Engine, api: WhatsAppEmulator) -> None:
    due = _registered(any_engine, PARENT, wrote=None)
    _only_due_reminder(any_engine, due)
    dispatch(any_engine, api, due)
    (sent,) = api.messages_to(PARENT)

    def row() -> OutboxMessage:
        with any_engine.db.transaction() as session:
            found = session.scalars(
                select(OutboxMessage).where(OutboxMessage.delivered_ids.is_not(None))
            ).one()
            session.expunge(found)
            return found

    assert row().delivered_ids == [sent.wamid]
    with whatsapp_bot(any_engine, api):
        assert api.send_status(sent.wamid, "read").status_code == 200
        assert api.send_status(sent.wamid, "delivered").status_code == 200  # late, stays read
        read = row()
        refused = api.send_status(sent.wamid, "failed", signed=False)
        errors = [{"code": 131026, "title": "Message undeliverable"}]
        api.send_status(sent.wamid, "failed", errors=errors)
        failed = row()
    assert (read.state, read.delivery_status) == (OutboxState.SENT, "read")
    assert refused.status_code == 403
    assert (failed.state, failed.delivery_status) == (OutboxState.BLOCKED, "failed")
    with any_engine.db.transaction() as session:
        assert session.scalars(select(Family)).one().unreachable_at is not None
