"""Feedback from families: stored with the event it is about, forwarded to the staff chat,
read back in the staff report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Family, Feedback, Library, Registration
from bot.db.states import SEATED_STATUSES, OutboxKind
from bot.outbox import write as outbox
from bot.services.report_types import Comment

MAX_FEEDBACK = 500
# Typed feedback is about an event the family had a seat for and that ended this recently.
RECENT = timedelta(days=21)
REPORTED = 100  # comments in a report, newest first


def recent_events(session: Session, family: Family, now: datetime) -> list[Event]:
    """Events of the family's seats that ended in the last three weeks, newest first."""
    return list(
        session.scalars(
            select(Event)
            .join(Registration, Registration.event_id == Event.id)
            .where(
                Registration.family_id == family.id,
                Registration.status.in_(SEATED_STATUSES),
                Event.end <= now,
                Event.end > now - RECENT,
            )
            .order_by(Event.end.desc())
        ).unique()
    )


def give_feedback(
    session: Session, family: Family, text: str, now: datetime, event: Event | None = None
) -> Feedback:
    """Store it, and forward it to the library's staff chat when the library has one."""
    library_id = event.library_id if event is not None else family.library_id
    feedback = Feedback(
        family_id=family.id,
        library_id=library_id,
        event_id=event.id if event is not None else None,
        text=text.strip()[:MAX_FEEDBACK],
        given_at=now,
    )
    session.add(feedback)
    session.flush()
    if (chat_id := _staff_chat(session, library_id)) is not None:
        outbox.to_staff_chat(
            session,
            kind=OutboxKind.STAFF_FEEDBACK,
            chat_id=chat_id,
            dedup_key=forward_key(feedback.id),
            payload={"feedback_id": feedback.id},  # staff see what was said, not who said it
            now=now,
        )
    return feedback


def forward_key(feedback_id: int) -> str:
    """The outbox key of feedback's message to the staff chat."""
    return f"staff_feedback:{feedback_id}"


def forwarded_to_staff(session: Session, feedback: Feedback) -> bool:
    return _staff_chat(session, feedback.library_id) is not None


def _staff_chat(session: Session, library_id: str | None) -> str | None:
    library = session.get(Library, library_id) if library_id else None
    return library.staff_chat_id if library is not None and library.staff_chat_id else None


def comments_about(
    session: Session, events: Sequence[Event], library_id: str | None = None
) -> tuple[Comment, ...]:
    """The newest feedback on these events, and with a library the feedback it got about no
    event in particular, for the staff report (not who gave it)."""
    titles = {e.id: e.title.get("nl") for e in events}
    about = Feedback.event_id.in_(list(titles))
    if library_id is not None:
        about = or_(about, (Feedback.event_id.is_(None)) & (Feedback.library_id == library_id))
    rows = session.scalars(
        select(Feedback)
        .where(about)
        .order_by(Feedback.given_at.desc(), Feedback.id.desc())
        .limit(REPORTED)
    )
    return tuple(
        Comment(f.event_id, titles.get(f.event_id) if f.event_id else None, f.given_at, f.text)
        for f in rows
    )
