"""Who may use a staff action, and which events they may see."""

from __future__ import annotations

from bot.db.models import Event, StaffMember
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.services import staff


def staff_member(ctx: Context, attempted: str) -> StaffMember | None:
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None:
        staff.refuse(ctx.session, ctx.family.external_id, attempted, ctx.now)
        ctx.say(ctx.t("errors.unknown_command", command=attempted), [[back_to_menu(ctx)]])
    return member


def staff_event(ctx: Context, member: StaffMember, event_id: str) -> Event | None:
    event = ctx.session.get(Event, event_id)
    if event is None or not staff.may_see_event(member, event):
        staff.refuse(ctx.session, ctx.family.external_id, f"event {event_id}", ctx.now)
        ctx.say(ctx.t("staff.not_yours"), [[back_to_menu(ctx)]])
        return None
    return event


def staff_and_event(
    ctx: Context, attempted: str, event_id: str
) -> tuple[StaffMember, Event] | tuple[None, None]:
    """The staff member and one of their events, or (None, None) after saying why not."""
    member = staff_member(ctx, attempted)
    event = staff_event(ctx, member, event_id) if member is not None else None
    return (member, event) if member is not None and event is not None else (None, None)
