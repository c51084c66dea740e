"""The back-office questions inbox: a library's handed-over questions, open ones first (the
longest waiting on top), answered ones after (the latest answer on top), a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.db.models import Question, StaffMember
from bot.services.handoff import may_answer

PAGE_SIZE = 20


@dataclass(frozen=True)
class InboxPage:
    questions: list[Question]
    open: int  # over all pages
    page: int  # from 1
    pages: int
    total: int


def inbox(session: Session, member: StaffMember, page: int) -> InboxPage:
    if member.role == "partner":  # the pages refuse them already; the rule stays here too
        return InboxPage([], 0, 1, 1, 0)
    mine = Question.library_id == member.library_id
    is_open = Question.answered_at.is_(None)
    total, waiting = session.execute(
        select(func.count(), func.coalesce(func.sum(case((is_open, 1), else_=0)), 0)).where(mine)
    ).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    query = (
        select(Question)
        .where(mine)
        .order_by(
            case((is_open, 0), else_=1),
            case((is_open, Question.asked_at)),  # only the open ones: oldest first
            Question.answered_at.desc(),
            Question.id,
        )
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return InboxPage(list(session.scalars(query)), int(waiting), page, pages, int(total))


def question_for(session: Session, member: StaffMember, question_id: int) -> Question | None:
    """The question if this member may read and answer it; else None (a 404 on the web)."""
    question = session.get(Question, question_id)
    return question if question is not None and may_answer(member, question) else None
