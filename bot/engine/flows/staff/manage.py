"""Moving or cancelling an event from the chat; families and the waiting list are told
through the outbox at once."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Event
from bot.db.states import EventStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_and_event, staff_event, staff_member
from bot.services import event_changes, staff
from bot.services.catalogue_copy import lock_catalogue
from bot.timeutil import from_local


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
    member, event = staff_and_event(ctx, "deelnemers", ctx.state.data.get("moving_event", ""))
    if event is None:
        ctx.state.step = "idle"
        return
    try:
        start = from_local(datetime.strptime(" ".join(text.split()), "%d-%m-%Y %H:%M"))
    except ValueError:
        ctx.say(ctx.t("staff.move_format"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])
        return
    if start <= ctx.now:
        ctx.say(ctx.t("staff.move_past"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])
        return
    ctx.state.step = "idle"
    ctx.state.data.pop("moving_event", None)
    _lock(ctx, event)
    event.end, event.start = start + (event.end - event.start), start
    ctx.session.flush()
    told = event_changes.event_moved(ctx.session, event, ctx.now)
    staff.audit(
        ctx.session,
        member.telegram_id,
        "event.move",
        event.id,
        {"start": event.start.isoformat(), "told": told},
        ctx.now,
    )
    ctx.say(ctx.t("staff.moved", when=views.when(ctx, event), count=told), [[back_to_menu(ctx)]])


@action("staff.cancel_event_ask")
def cancel_event_ask(ctx: Context, event_id: str) -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    ctx.say(
        ctx.t("staff.cancel_event_question", title=views.pick(event.title, ctx.language)),
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
        return
    event.status = EventStatus.CANCELLED
    told = event_changes.event_cancelled(ctx.session, event, ctx.now)
    staff.audit(ctx.session, member.telegram_id, "event.cancel", event.id, {"told": told}, ctx.now)
    ctx.say(ctx.t("staff.event_cancelled", count=told), [[back_to_menu(ctx)]])


def _lock(ctx: Context, event: Event) -> None:
    """The catalogue lock first (catalogue_copy.lock_catalogue), then the event as committed."""
    lock_catalogue(ctx.session)
    ctx.session.refresh(event)
