"""A new start time typed by staff, read and checked: a friendly reason for every no, so a
typo like "31-12-9999 23:30" is explained instead of failing."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import Event
from bot.engine import views
from bot.engine.context import Context
from bot.services import move_rules
from bot.timeutil import format_day_with_year, from_local, local

FORMAT = "%d-%m-%Y %H:%M"


def read_start(text: str) -> datetime | None:
    """'19-12-2026 14:00' (Amsterdam) as a UTC moment; None when it is no such moment."""
    try:
        return from_local(datetime.strptime(" ".join(text.split()), FORMAT))
    except (ValueError, OverflowError):
        return None


def move_problem(ctx: Context, event: Event, start: datetime) -> str | None:
    """Why the event cannot move to `start`, as the text to show; None when it can."""
    problem = move_rules.move_problem(ctx.session, event, start, ctx.now)
    if problem is None:
        return None
    if problem.limit is not None:
        limit = format_day_with_year(local(problem.limit).date(), ctx.language)
        return ctx.t(problem.key, limit=limit)
    if problem.key == "staff_change.move_same":
        return ctx.t(problem.key, when=views.when(ctx, event))
    if problem.day is not None:
        day = problem.day
        return ctx.t(
            problem.key, day=views.pick(day.title, ctx.language), when=views.when(ctx, day)
        )
    return ctx.t(problem.key)
