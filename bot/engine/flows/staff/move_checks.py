"""A new start time typed by staff, read and checked: a friendly reason for every no, so a
typo like "31-12-9999 23:30" is explained instead of failing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.db.models import Event
from bot.engine import views
from bot.engine.context import Context
from bot.timeutil import format_day_with_year, from_local, local

# Activities are planned a season or two ahead; further than this is a typo.
MAX_AHEAD = timedelta(days=730)
FORMAT = "%d-%m-%Y %H:%M"


def read_start(text: str) -> datetime | None:
    """'19-12-2026 14:00' (Amsterdam) as a UTC moment; None when it is no such moment."""
    try:
        return from_local(datetime.strptime(" ".join(text.split()), FORMAT))
    except (ValueError, OverflowError):
        return None


def move_problem(ctx: Context, event: Event, start: datetime) -> str | None:
    """Why the event cannot move to `start`, as the text to show; None when it can."""
    if start <= ctx.now:
        return ctx.t("staff.move_past")
    if start > ctx.now + MAX_AHEAD:
        limit = format_day_with_year(local(ctx.now + MAX_AHEAD).date(), ctx.language)
        return ctx.t("staff_change.move_too_far", limit=limit)
    if start == event.start:
        return ctx.t("staff_change.move_same", when=views.when(ctx, event))
    if event.kind == "event_day" and _has_rounds(ctx, event):
        return ctx.t("staff_change.move_event_day")
    day = ctx.session.get(Event, event.event_day_id) if event.event_day_id else None
    if day is not None and (start < day.start or start + (event.end - event.start) > day.end):
        return ctx.t(
            "staff_change.move_outside_day",
            day=views.pick(day.title, ctx.language),
            when=views.when(ctx, day),
        )
    return None


def _has_rounds(ctx: Context, event: Event) -> bool:
    query = select(func.count()).where(Event.event_day_id == event.id)
    return bool(ctx.session.scalar(query))
