"""/rapport: the figures with a chart: a library's for its staff and admins, a partner's own
events only for a partner (the same service figures as `talentbot report`)."""

from __future__ import annotations

from bot.db.models import Event, StaffMember
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_member
from bot.engine.types import Attachment
from bot.services import charts, staff
from bot.services.charts import report_chart_png
from bot.services.report_types import Comment
from bot.services.reports import build_report

COMMENTS_SHOWN, COMMENT_CHARS = 5, 200  # the newest comments, each cut to fit one message


@action("staff.report")
def report(ctx: Context) -> None:
    member = staff_member(ctx, "rapport")
    if member is None:
        return
    partner = member.partner_id if member.role == "partner" else None
    figures = build_report(
        ctx.session,
        library_id=member.library_id,
        date_from=None,
        date_to=None,
        now=ctx.now,
        partner_id=partner,
    )
    totals, none = figures.totals, ctx.t("report.none")
    text = (
        ctx.t("report.command_intro" if partner is None else "report_scope.partner_intro")
        + "\n\n"
        + ctx.t(
            "report.summary",
            children=ctx.t("report.children", count=totals.children_reached),
            registrations=ctx.t("report.registrations", count=totals.registrations.get("total", 0)),
            attendance=_percent(totals.attendance.attendance_rate, none),
            rating=none if totals.rating.average is None else f"{totals.rating.average:.1f}",
            ratings=ctx.t("report.ratings", count=totals.rating.count),
            waitlist=totals.waiting_list.ever_waitlisted,
            conversion=_percent(totals.follow_up.conversion, none),
        )
    )
    text += _comments(ctx, _visible(ctx, member, figures.comments)[:COMMENTS_SHOWN])
    chart = report_chart_png(
        figures, ctx.language, ctx.texts.section("report_chart", charts.DUTCH_LABELS, ctx.language)
    )
    ctx.say(text, [[back_to_menu(ctx)]], attachment=Attachment("rapport.png", chart, "image/png"))


def _visible(ctx: Context, member: StaffMember, comments: tuple[Comment, ...]) -> list[Comment]:
    """Feedback on the events this member may see (a partner: their own): it is a family's
    own words and may name a child."""
    if member.role != "partner":
        return list(comments)
    return [
        c
        for c in comments
        if c.event_id is not None
        and (event := ctx.session.get(Event, c.event_id)) is not None
        and staff.may_see_event(member, event)
    ]


def _comments(ctx: Context, comments: list[Comment]) -> str:
    if not comments:
        return ""
    lines = [ctx.t("report.comments_heading")]
    for comment in comments:
        text = views.shorten(comment.text, COMMENT_CHARS)
        lines.append(ctx.t("report.comment_line", title=comment.title or "", text=text))
    return "\n\n" + "\n".join(lines)


def _percent(share: float | None, none: str) -> str:
    return none if share is None else f"{share:.0%}"
