"""Ask a librarian: the question goes to the library's staff chat (or /vragen), the answer
comes back to the family in this chat. Staff see the question and its number, not who asked."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Activity, Library, Question, StaffMember
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.services import staff
from bot.services.handoff import answer_question, ask_question, may_answer, parse_question_ref

MAX_QUESTION = 1000


@action("handoff.ask")
def ask(ctx: Context) -> None:
    ctx.state.step = "handoff.question"
    ctx.say(ctx.t("handoff.ask"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("handoff.offer")
def offer(ctx: Context, text: str, activity: str | None = None) -> None:
    """A question only a person can answer (a wheelchair, an allergy): pass it on as typed,
    with one tap; the workshops of a hobby it names stay a tap away."""
    rows = [
        [
            ctx.button(
                ctx.t("handoff.forward_button"),
                "handoff.question",
                once=True,
                text=text[:MAX_QUESTION],
            )
        ]
    ]
    hobby = ctx.session.get(Activity, activity) if activity else None
    if hobby is not None:
        name = views.pick(hobby.name, ctx.language)
        rows.append(
            [
                ctx.button(
                    ctx.t("handoff.see_workshops", name=name), "answers.events", activity=hobby.slug
                )
            ]
        )
    rows.append([back_to_menu(ctx)])
    ctx.say(ctx.t("handoff.personal"), rows)


@action("handoff.question")
def question(ctx: Context, text: str) -> None:
    ctx.state.step = "idle"
    asked = ask_question(ctx.session, ctx.family, text[:MAX_QUESTION], ctx.now)
    library = ctx.session.get(Library, asked.library_id) if asked.library_id else None
    key = "handoff.forwarded" if library and library.staff_chat_id else "handoff.waiting"
    ctx.say(ctx.t(key), [[back_to_menu(ctx)]])


@action("handoff.group_reply")
def group_reply(ctx: Context, text: str, quoted: str = "") -> None:
    """A staff member replied in the staff chat to a forwarded question."""
    question_id = parse_question_ref(quoted)
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if question_id is None or member is None:
        return  # ordinary chatter in the staff group: not for the bot
    _answer(ctx, member, question_id, text)


@action("handoff.open")
def open_questions(ctx: Context) -> None:
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None or member.role == "partner":
        staff.refuse(ctx.session, ctx.family.external_id, "vragen", ctx.now)
        ctx.say(ctx.t("errors.unknown_command", command="vragen"), [[back_to_menu(ctx)]])
        return
    waiting = ctx.session.scalars(
        select(Question)
        .where(Question.library_id == member.library_id, Question.answered_at.is_(None))
        .order_by(Question.id)
    ).all()
    if not waiting:
        ctx.say(ctx.t("handoff.none_open"), [[back_to_menu(ctx)]])
        return
    lines = [ctx.t("handoff.open_heading")]
    lines += [ctx.t("handoff.open_line", id=q.id, text=q.text[:200]) for q in waiting[:10]]
    rows = [
        [
            ctx.button(
                ctx.t("handoff.answer_button", id=q.id), "handoff.answer_ask", question_id=q.id
            )
        ]
        for q in waiting[:10]
    ]
    ctx.say("\n\n".join(lines), [*rows, [back_to_menu(ctx)]])


@action("handoff.answer_ask")
def answer_ask(ctx: Context, question_id: int) -> None:
    ctx.state.step = "handoff.answer_text"
    ctx.state.data["answering"] = question_id
    ctx.say(
        ctx.t("handoff.answer_prompt", id=question_id),
        [[ctx.button(ctx.t("nav.cancel"), "handoff.open")]],
    )


@action("handoff.answer_text")
def answer_text(ctx: Context, text: str) -> None:
    ctx.state.step = "idle"
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    question_id = ctx.state.data.pop("answering", None)
    if member is None or question_id is None:
        return
    _answer(ctx, member, int(question_id), text)


def _answer(ctx: Context, member: StaffMember, question_id: int, text: str) -> None:
    asked = ctx.session.get(Question, question_id)
    if asked is None or not may_answer(member, asked):
        staff.refuse(ctx.session, ctx.family.external_id, f"question {question_id}", ctx.now)
        ctx.say(ctx.t("staff.not_yours"))
        return
    if not answer_question(ctx.session, asked, text, member.telegram_id, ctx.now):
        ctx.say(ctx.t("handoff.already_answered", id=question_id))
        return
    staff.audit(ctx.session, member.telegram_id, "question.answer", str(question_id), now=ctx.now)
    ctx.say(ctx.t("handoff.answer_sent", id=question_id))


@action("notify.librarian_answer")
def librarian_answer(
    ctx: Context, question_id: int | None = None, registration_id: int | None = None
) -> None:
    asked = ctx.session.get(Question, question_id) if question_id else None
    if asked is None or asked.family_id != ctx.family.id or not asked.answer:
        return
    ctx.say(
        ctx.t("handoff.answer_for_family", question=asked.text[:300], answer=asked.answer),
        [[ctx.button(ctx.t("answers.ask_librarian"), "handoff.ask")], [back_to_menu(ctx)]],
    )
