"""Questions for a librarian: stored, forwarded to the library's staff chat, answered back."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import Family, Library, OutboxMessage, Question, StaffMember
from bot.db.states import OutboxKind
from bot.outbox import write as outbox

# The forwarded message starts with "❓ #12 …"; a staff reply quotes it. Only that start
# counts: feedback in the staff chat is a family's own text and may hold "#1" anywhere.
_REFERENCE = re.compile(r"❓ #(\d{1,9})\b")
MAX_ANSWER = 3000


def parse_question_ref(quoted: str) -> int | None:
    match = _REFERENCE.match((quoted or "").lstrip())
    return int(match.group(1)) if match else None


def ask_question(session: Session, family: Family, text: str, now: datetime) -> Question:
    question = Question(
        family_id=family.id,
        library_id=family.library_id,
        text=text.strip(),
        language=family.language,
        asked_at=now,
    )
    session.add(question)
    session.flush()
    library = session.get(Library, family.library_id) if family.library_id else None
    if library is not None and library.staff_chat_id:
        outbox.to_staff_chat(
            session,
            kind=OutboxKind.STAFF_QUESTION,
            chat_id=library.staff_chat_id,
            dedup_key=forward_key(question.id),
            payload={"question_id": question.id},
            now=now,
        )
    return question


def may_answer(member: StaffMember, question: Question) -> bool:
    """Staff and admins of the question's library; never a partner (a family's question may
    be about a child's health)."""
    return member.role != "partner" and question.library_id == member.library_id


def answer_question(
    session: Session, question: Question, answer: str, staff_id: str, now: datetime
) -> bool:
    """The answer goes to the family, unless the question was answered already: then nothing
    changes and False. One UPDATE decides, so a librarian answering on the web while another
    replies in the staff chat sends the family one answer, never two."""
    answered = session.execute(
        update(Question)
        .where(Question.id == question.id, Question.answered_at.is_(None))
        .values(answer=answer.strip()[:MAX_ANSWER], answered_at=now, answered_by=staff_id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(question)
    if answered.rowcount != 1:
        return False
    family = session.get(Family, question.family_id) if question.family_id else None
    if family is not None:
        outbox.enqueue(
            session,
            kind="librarian_answer",
            family=family,
            dedup_key=f"librarian_answer:{question.id}",
            due_at=now,
            payload={"question_id": question.id},
        )
    return True


def staff_message(session: Session, question_id: int) -> Question | None:
    """The question a staff_question outbox row is about, if still open."""
    question = session.get(Question, question_id)
    return question if question is not None and question.answered_at is None else None


def forward_key(question_id: int) -> str:
    """The outbox key of a question's message to the staff chat."""
    return f"staff_question:{question_id}"


def withdraw_forwarded(
    session: Session, key: str, text_key: str, number: int, now: datetime
) -> None:
    """The staff chat's copy of what the outbox row `key` forwarded (a question, feedback)
    is changed to `text_key` ("verwijderd"): it may hold a child's name or health."""
    forwarded = session.scalar(select(OutboxMessage).where(OutboxMessage.dedup_key == key))
    if forwarded is None or not forwarded.delivered_ids:
        return
    outbox.to_staff_chat(
        session,
        kind=OutboxKind.STAFF_MESSAGE_WITHDRAWN,
        chat_id=forwarded.chat_id,
        channel=forwarded.channel,
        dedup_key=f"withdrawn:{key}",
        payload={
            "text_key": text_key,
            "id": number,
            "message_ids": forwarded.delivered_ids,
        },
        now=now,
    )


def withdraw_questions(session: Session, family: Family, now: datetime) -> int:
    """The family's questions are taken back from the staff chat, then deleted here."""
    questions = session.scalars(select(Question).where(Question.family_id == family.id)).all()
    for question in questions:
        withdraw_forwarded(session, forward_key(question.id), "handoff.withdrawn", question.id, now)
        session.delete(question)
    session.flush()
    return len(questions)
