"""Moving or cancelling an event from the chat: a preview of who is told (families, by
channel) and who must be called (no chat), then one confirmation button; families and the
waiting list are told through the outbox at once."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Event, StaffMember
from bot.db.states import EventStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_and_event, staff_event, staff_member
from bot.engine.flows.staff.change_preview import audience_text, call_reminder
from bot.engine.flows.staff.move_checks import move_problem, read_start
from bot.services import event_changes, staff
from bot.services.catalogue_copy import lock_catalogue
from bot.services.catalogue_edits import editor
from bot.services.change_audience import audience
from bot.timeutil import format_span, local


@action("staff.manage")
def manage(ctx: Context, event_id: str) -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    ctx.say(
        ctx.t(
            "staff.manage", title=views.pick(event.title, ctx.language), when=views.when(ctx, event)
        ),
        [
            [ctx.button(ctx.t("staff.move"), "staff.move_ask", event_id=event.id)],
            [ctx.button(ctx.t("staff.cancel_event"), "staff.cancel_event_ask", event_id=event.id)],
            [ctx.button(ctx.t("nav.back"), "staff.attendees", event_id=event.id)],
        ],
    )


@action("staff.move_ask")
def move_ask(ctx: Context, event_id: str) -> None:
    member = staff_member(ctx, "deelnemers")
    if not (member and staff_event(ctx, member, event_id)):
        return
    ctx.state.step = "staff.move_answer"
    ctx.state.data["moving_event"] = event_id
    ctx.say(ctx.t("staff.move_ask"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("staff.move_answer")
def move_answer(ctx: Context, text: str) -> None:
    """A typed moment: checked, then a preview to confirm (nothing changes yet)."""
    _, event = staff_and_event(ctx, "deelnemers", ctx.state.data.get("moving_event", ""))
    if event is None:
        ctx.state.step = "idle"
        return
    start = read_start(text)
    problem = ctx.t("staff.move_format") if start is None else move_problem(ctx, event, start)
    if problem is not None or start is None:
        ctx.say(problem or "", [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])
        return
    ctx.state.step = "idle"
    ctx.state.data.pop("moving_event", None)
    new_end = start + (event.end - event.start)
    heading = ctx.t(
        "staff_change.move_preview",
        title=views.pick(event.title, ctx.language),
        old=views.when(ctx, event),
        when=format_span(start, new_end, ctx.language, today=local(ctx.now).date()),
    )
    confirm = ctx.button(
        ctx.t("staff_change.move_yes"),
        "staff.move_confirm",
        once=True,
        event_id=event.id,
        start=start.isoformat(),
        was=event.start.isoformat(),
    )
    ctx.say(
        f"{heading}\n\n{audience_text(ctx, audience(ctx.session, event.id))}",
        [
            [confirm],
            [ctx.button(ctx.t("staff_change.move_other"), "staff.move_ask", event_id=event.id)],
            [ctx.button(ctx.t("nav.back"), "staff.manage", event_id=event.id)],
        ],
    )


@action("staff.move_confirm")
def move_confirm(ctx: Context, event_id: str, start: str, was: str) -> None:
    member, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    _lock(ctx, event)
    moment = datetime.fromisoformat(start)
    # Checked again: time went by, or someone else moved or cancelled it meanwhile.
    if event.status != EventStatus.SCHEDULED:
        problem: str | None = ctx.t("staff_change.not_scheduled")
    elif event.start != datetime.fromisoformat(was):
        problem = ctx.t("staff_change.move_changed", when=views.when(ctx, event))
    else:
        problem = move_problem(ctx, event, moment)
    if problem is not None:
        ctx.say(problem, [[ctx.button(ctx.t("nav.back"), "staff.manage", event_id=event.id)]])
        return
    told = event_changes.move(ctx.session, event, moment, _editor(member), ctx.now)
    call = call_reminder(ctx, audience(ctx.session, event.id))
    details = {"start": event.start.isoformat(), "told": told, "to_call": _to_call(ctx, event)}
    staff.audit(ctx.session, member.telegram_id, "event.move", event.id, details, ctx.now)
    text = ctx.t("staff.moved", when=views.when(ctx, event), count=told)
    ctx.say(views.with_notice(text, call) if call else text, [[back_to_menu(ctx)]])


@action("staff.cancel_event_ask")
def cancel_event_ask(ctx: Context, event_id: str) -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    if event.status != EventStatus.SCHEDULED:
        ctx.say(ctx.t("staff_change.not_scheduled"), [[back_to_menu(ctx)]])
        return
    question = ctx.t("staff.cancel_event_question", title=views.pick(event.title, ctx.language))
    ctx.say(
        f"{question}\n\n{audience_text(ctx, audience(ctx.session, event.id))}",
        [
            [
                ctx.button(
                    ctx.t("staff.cancel_event_yes"),
                    "staff.cancel_event",
                    once=True,
                    event_id=event.id,
                )
            ],
            [ctx.button(ctx.t("nav.back"), "staff.manage", event_id=event.id)],
        ],
    )


@action("staff.cancel_event")
def cancel_event(ctx: Context, event_id: str) -> None:
    member, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    _lock(ctx, event)
    if event.status == EventStatus.CANCELLED:
        ctx.say(ctx.t("staff_change.not_scheduled"), [[back_to_menu(ctx)]])
        return
    # Who to call is known only before the registrations end with the event.
    call = call_reminder(ctx, audience(ctx.session, event.id))
    to_call = _to_call(ctx, event)
    told = event_changes.cancel(ctx.session, event, _editor(member), ctx.now)
    details = {"told": told, "to_call": to_call}
    staff.audit(ctx.session, member.telegram_id, "event.cancel", event.id, details, ctx.now)
    text = ctx.t("staff.event_cancelled", count=told)
    ctx.say(views.with_notice(text, call) if call else text, [[back_to_menu(ctx)]])


def _editor(member: StaffMember) -> str:
    return editor("staff", member.telegram_id)


def _to_call(ctx: Context, event: Event) -> int:
    return len(audience(ctx.session, event.id).unreachable)


def _lock(ctx: Context, event: Event) -> None:
    """The catalogue lock first (catalogue_copy.lock_catalogue), then the event as committed."""
    lock_catalogue(ctx.session)
    ctx.session.refresh(event)
