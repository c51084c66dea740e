"""/beheer/vragen: the library's questions for a librarian, and answering one. The answer is
handoff.answer_question's, as from the staff chat: the family gets it through the outbox,
once; a question of a family that was forgotten is gone (404)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import Question
from bot.services import handoff, office_questions
from bot.web.pages.formats import moment, page_number, path_id
from bot.web.visit import LIBRARY_ROLES, NotFound, Visit, page


@page(LIBRARY_ROLES)
def inbox_page(visit: Visit) -> Response:
    found = office_questions.inbox(visit.session, visit.member, page_number(visit))
    return visit.render("questions.html", inbox=found, **_helpers(visit))


@page(LIBRARY_ROLES)
def question_page(visit: Visit) -> Response:
    return _show(visit, _question(visit))


@page(LIBRARY_ROLES)
def answer(visit: Visit) -> Response:
    question = _question(visit)
    text = visit.form.get("answer", "").strip()
    if not text:
        return _show(visit, question, 422, error=visit.t("office_questions.error.empty"))
    if len(text) > handoff.MAX_ANSWER:
        error = visit.t("office_questions.error.too_long", max=handoff.MAX_ANSWER)
        return _show(visit, question, 422, error=error, draft=text)
    if not handoff.answer_question(
        visit.session, question, text, visit.member.telegram_id, visit.now
    ):
        error = _answered(visit, question, "office_questions.error.already_answered")
        return _show(visit, question, 409, error=error)
    visit.audit("question.answer", str(question.id))
    return visit.redirect(f"/beheer/vragen/{question.id}", notice="office_questions.notice.sent")


def _question(visit: Visit) -> Question:
    question = office_questions.question_for(visit.session, visit.member, path_id(visit))
    if question is None:
        raise NotFound
    return question


def _show(
    visit: Visit, question: Question, status: int = 200, error: str = "", draft: str = ""
) -> Response:
    answered = (
        _answered(visit, question, "office_questions.answered_by") if question.answered_at else ""
    )
    return visit.render(
        "question.html",
        status,
        question=question,
        answered=answered,
        error=error,
        draft=draft,
        max_answer=handoff.MAX_ANSWER,
        **_helpers(visit),
    )


def _answered(visit: Visit, question: Question, key: str) -> str:
    """Who answered and when: `key`, or its `_self` twin when it was this visitor."""
    when = moment(visit.t, question.answered_at) if question.answered_at else ""
    if question.answered_by == visit.member.telegram_id:
        return visit.t(f"{key}_self", when=when)
    who = visit.t("office_questions.staff_member", telegram_id=question.answered_by or "?")
    return visit.t(key, who=who, when=when)


def _helpers(visit: Visit) -> dict[str, Any]:
    def language(code: str) -> str:
        key = f"office_questions.language.{code}"
        return visit.t(key) if visit.t.texts.has(key) else code

    return {"moment": lambda at: moment(visit.t, at), "language": language}


ROUTES = [
    Route("/beheer/vragen", inbox_page, methods=["GET"]),
    Route("/beheer/vragen/{id}", question_page, methods=["GET"]),
    Route("/beheer/vragen/{id}", answer, methods=["POST"]),
]
NAV = [("/beheer/vragen", "office_questions.nav", LIBRARY_ROLES)]
