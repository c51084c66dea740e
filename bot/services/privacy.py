"""A family's data: what we hold (export), forgetting it, and retention.

Forgetting keeps only anonymous facts for reports: registrations lose their family and
child but keep event, status, age, attendance and rating. Seats still held go to the waiting
list first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Conversation,
    Event,
    Family,
    Feedback,
    OutboxMessage,
    Question,
    Registration,
)
from bot.db.states import ACTIVE_STATUSES, RegistrationStatus
from bot.services import feedback
from bot.services import registrations as regs
from bot.services.channel_data import forget_channel_data, web_chat_lines
from bot.services.handoff import withdraw_forwarded, withdraw_questions
from bot.timeutil import local


def export_family(session: Session, family: Family) -> dict[str, Any]:
    """Everything stored about one family, in plain JSON."""
    registrations = session.scalars(
        select(Registration).where(Registration.family_id == family.id).order_by(Registration.id)
    ).unique()
    return {
        "account": {
            "channel": family.channel,
            "id": family.external_id,
            "language": family.language,
            "library": family.library_id,
            "created_at": _iso(family.created_at),
            "last_active_at": _iso(family.last_active_at),
            "consent_given_at": _iso(family.consent_at),
            "announcements": family.announcements,
            "reminders": family.reminders,
            "rating_requests": family.rating_requests,
            "interests": list(family.interests or []),
            "news_outside_a_conversation_since": _iso(family.news_opt_in_at),
        },
        "web_chat_lines": web_chat_lines(session, family),
        "children": [
            {"first_name": c.first_name, "age": c.age, "birth_year": c.birth_year}
            for c in family.children
        ],
        "registrations": [_registration(r) for r in registrations],
        "questions": [
            {
                "question": q.text,
                "asked_at": _iso(q.asked_at),
                "answer": q.answer,
                "answered_at": _iso(q.answered_at),
            }
            for q in session.scalars(
                select(Question).where(Question.family_id == family.id).order_by(Question.id)
            )
        ],
        "feedback": [
            {
                "event": f.event.title.get("nl") if f.event else None,
                "text": f.text,
                "given_at": _iso(f.given_at),
            }
            for f in session.scalars(
                select(Feedback).where(Feedback.family_id == family.id).order_by(Feedback.id)
            )
        ],
    }


def registration_counts(session: Session, family: Family, now: datetime) -> dict[str, int]:
    """The family's registrations as "mijn gegevens" counts them: `active` still hold or wait
    for a seat at an event that has not ended, `cancelled` were ended (kept for the figures
    until the family is forgotten), `past` are the rest (events that are over)."""
    counts = {"active": 0, "past": 0, "cancelled": 0}
    rows = session.execute(
        select(Registration.status, Event.end)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.family_id == family.id)
    )
    for status, end in rows:
        if status == RegistrationStatus.CANCELLED:
            counts["cancelled"] += 1
        elif status in ACTIVE_STATUSES and end > now:
            counts["active"] += 1
        else:
            counts["past"] += 1
    return counts


def _registration(registration: Registration) -> dict[str, Any]:
    event = registration.event
    return {
        "event": event.title.get("nl"),
        "start": local(event.start).isoformat(),
        "who": registration.child.first_name if registration.child else "parent",
        "status": registration.status,
        "registered_at": _iso(registration.created_at),
        "rating": registration.rating,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else local(moment).isoformat()


def forget_family(session: Session, family: Family, now: datetime) -> int:
    """Delete all personal data of a family; returns how many seats went back."""
    active = session.scalars(
        select(Registration).where(
            Registration.family_id == family.id,
            Registration.status.in_(ACTIVE_STATUSES),
        )
    ).unique()
    freed = 0
    for registration in list(active):
        regs.cancel(session, registration, now, reason="forgotten")
        freed += 1
    session.execute(
        update(Registration)
        .where(Registration.family_id == family.id)
        .values(family_id=None, child_id=None)
    )
    for feedback_id in session.scalars(select(Feedback.id).where(Feedback.family_id == family.id)):
        key = feedback.forward_key(feedback_id)
        withdraw_forwarded(session, key, "feedback.withdrawn", feedback_id, now)
    session.execute(delete(Feedback).where(Feedback.family_id == family.id))
    withdraw_questions(session, family, now)
    forget_channel_data(session, family)
    session.execute(delete(OutboxMessage).where(OutboxMessage.family_id == family.id))
    # ORM deletes, so a conversation loaded for this very message knows it is gone.
    for conversation in session.scalars(
        select(Conversation).where(Conversation.family_id == family.id)
    ):
        session.delete(conversation)
    session.delete(family)
    session.flush()
    return freed


def purge_inactive(session: Session, now: datetime, inactive_for: timedelta) -> int:
    """Forget families inactive for `inactive_for` who have nothing coming up."""
    cutoff = now - inactive_for
    upcoming = (
        select(Registration.family_id)
        .join(Event, Event.id == Registration.event_id)
        .where(Event.end > now, Registration.family_id.is_not(None))
    )
    stale = session.scalars(
        select(Family).where(Family.last_active_at < cutoff, Family.id.not_in(upcoming))
    ).all()
    for family in stale:
        forget_family(session, family, now)
    return len(stale)
