"""/omroep, the audience: the choices (by kind, hobby, age range picked or typed), and what
staff hear when a choice does not exist or reaches nobody, with the valid choices again.

The announcement itself stays in the conversation until it is sent, so a refused audience
only asks for another one.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Activity, StaffMember
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_member
from bot.engine.types import Button
from bot.services import audiences

INTEREST_AUDIENCES = ("category:sportief", "category:creatief", "category:cognitief")
AGE_RANGES = ("8-9", "10-11", "12-13", "9-12")
HOBBY_BUTTONS = 30
AGES_STEP = "staff.broadcast_ages_typed"


def audience_rows(ctx: Context, member: StaffMember) -> list[list[Button]]:
    """Every audience this staff member may choose; a partner only their own events'."""
    rows = [
        [ctx.button(ctx.t("staff.audience.event"), "staff.events", purpose="event")],
        [ctx.button(ctx.t("staff.audience.waitlist"), "staff.events", purpose="waitlist")],
    ]
    if member.role != "partner":
        rows.insert(
            0, [ctx.button(ctx.t("staff.audience.all"), "staff.broadcast_preview", audience="all")]
        )
        rows += [
            [
                ctx.button(
                    ctx.t(f"staff.audience.{a.split(':')[1]}"),
                    "staff.broadcast_preview",
                    audience=a,
                )
            ]
            for a in INTEREST_AUDIENCES
        ]
        rows.append([ctx.button(ctx.t("staff.audience.activity"), "staff.broadcast_hobbies")])
        rows.append([ctx.button(ctx.t("staff.audience.ages"), "staff.broadcast_ages")])
    return [*rows, [back_to_menu(ctx)]]


def refuse_audience(
    ctx: Context, member: StaffMember, audience: str, error: audiences.BroadcastError
) -> None:
    """Why the audience cannot be used, with the valid choices of its kind to pick from."""
    notice = ctx.t(error.key, **error.params)
    kind = audience.partition(":")[0]
    if error.key == "staff.audience_unknown_hobby" or (
        kind == "activity" and error.key == "staff.broadcast_nobody"
    ):
        _hobbies(ctx, notice)
    elif kind == "age":
        _ages(ctx, notice)
    else:
        ctx.state.step = "idle"
        question = views.with_notice(notice, ctx.t("staff.broadcast_audience"))
        ctx.say(question, audience_rows(ctx, member))


@action("staff.broadcast_hobbies")
def broadcast_hobbies(ctx: Context) -> None:
    """Families who saved an interest in one hobby."""
    if staff_member(ctx, "omroep") is None:
        return
    _hobbies(ctx)


def _hobbies(ctx: Context, notice: str = "") -> None:
    ctx.state.step = "idle"
    activities = ctx.session.scalars(select(Activity).order_by(Activity.slug)).all()
    buttons = [
        ctx.button(
            views.pick(a.name, ctx.language),
            "staff.broadcast_preview",
            audience=f"activity:{a.slug}",
        )
        for a in activities[:HOBBY_BUTTONS]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    ctx.say(views.with_notice(notice, ctx.t("staff.choose_hobby")), [*rows, [back_to_menu(ctx)]])


@action("staff.broadcast_ages")
def broadcast_ages(ctx: Context) -> None:
    """Parents of children of an age range: a button, or typed ("9-11", "9 t/m 11", "10")."""
    if staff_member(ctx, "omroep") is None:
        return
    _ages(ctx)


def _ages(ctx: Context, notice: str = "") -> None:
    ctx.state.step = AGES_STEP  # a typed range answers the picker
    rows = [
        [
            ctx.button(
                ctx.t("staff.age_range", range=r.replace("-", "–")),
                "staff.broadcast_preview",
                audience=f"age:{r}",
            )
        ]
        for r in AGE_RANGES
    ]
    question = ctx.t("staff.choose_ages_typed", min=audiences.MIN_AGE, max=audiences.MAX_AGE)
    ctx.say(views.with_notice(notice, question), [*rows, [back_to_menu(ctx)]])


@action(AGES_STEP)
def broadcast_ages_typed(ctx: Context, text: str) -> None:
    if staff_member(ctx, "omroep") is None:
        return
    ages = audiences.typed_age_range(text)
    if ages is None:
        _ages(ctx, ctx.t("staff.audience_bad_ages", min=audiences.MIN_AGE, max=audiences.MAX_AGE))
        return
    ctx.state.step = "idle"
    ctx.run("staff.broadcast_preview", audience=f"age:{ages[0]}-{ages[1]}")
