"""/deelnemers: an event's children with their status, a page at a time, and the list as CSV
or Excel. Choosing the event: event_list.py; check-in at the door: checkin.py."""

from __future__ import annotations

from bot.db.models import Registration
from bot.db.states import RegistrationStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_and_event, staff_event, staff_member
from bot.engine.types import Attachment
from bot.services import exports, seats, staff
from bot.services import registrations as regs

STATUS_ICONS = {
    RegistrationStatus.CONFIRMED: "✅",
    RegistrationStatus.ATTENDED: "🟢",
    RegistrationStatus.OFFERED: "🎟️",
    RegistrationStatus.WAITLISTED: "⏳",
    RegistrationStatus.NO_SHOW: "❌",
}
WAITING = (RegistrationStatus.OFFERED, RegistrationStatus.WAITLISTED)
PAGE_SIZE = 20  # lines of a list page; a long list stays well under a message's length
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@action("staff.attendees")
def attendees(ctx: Context, event_id: str, page: int = 0) -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    lines = [
        ctx.t(
            "staff.attendees_heading",
            title=views.pick(event.title, ctx.language),
            when=views.when(ctx, event),
        )
    ]
    # Seats first, then the waiting list in its order; a check-in moves nobody to another page.
    listed = sorted(
        (r for r in regs.event_registrations(ctx.session, event.id) if r.status in STATUS_ICONS),
        key=lambda r: (r.status in WAITING, r.waitlist_position or 0, r.id),
    )
    pages = views.page_count(len(listed), PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    lines += [_attendee_line(ctx, r) for r in listed[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]]
    if not listed:
        lines.append(ctx.t("staff.nobody_yet"))
    if pages > 1:
        lines.append(
            ctx.t("staff_door.attendees_page", page=page + 1, pages=pages, count=len(listed))
        )
    ctx.say(
        "\n".join(lines),
        [
            views.page_buttons(ctx, page, pages, "staff.attendees", event_id=event.id),
            [ctx.button(ctx.t("staff.checkin"), "staff.checkin", event_id=event.id)],
            [
                ctx.button(ctx.t("staff_export.csv"), "staff.export", event_id=event.id, fmt="csv"),
                ctx.button(
                    ctx.t("staff_export.xlsx"), "staff.export", event_id=event.id, fmt="xlsx"
                ),
            ],
            [ctx.button(ctx.t("staff.manage_button"), "staff.manage", event_id=event.id)],
            [ctx.button(ctx.t("nav.back"), "staff.events"), back_to_menu(ctx)],
        ],
    )


def _attendee_line(ctx: Context, registration: Registration) -> str:
    name = registration.child.first_name if registration.child else ctx.t("staff.parent")
    age = registration.age_at_registration
    place = seats.waitlist_rank(ctx.session, registration)
    return ctx.t(
        "staff.attendee",
        icon=STATUS_ICONS[registration.status],
        name=name,
        age=age if age is not None else "-",
        place=f" ({ctx.t('staff.place', place=place)})" if place else "",
    )


@action("staff.export")
def export(ctx: Context, event_id: str, fmt: str) -> None:
    member = staff_member(ctx, "deelnemers")
    event = member and staff_event(ctx, member, event_id)
    attendees = event and exports.attendee_list(ctx.session, event.id)
    if not attendees:
        return
    labels = ctx.texts.section("export_labels", exports.DUTCH_LABELS, ctx.language)
    if fmt == "xlsx":
        content, mime = exports.to_xlsx(attendees, labels), XLSX
    else:
        fmt, content, mime = "csv", exports.to_csv(attendees, labels), "text/csv"
    staff.audit(ctx.session, member.telegram_id, "export", event.id, {"format": fmt}, ctx.now)
    ctx.say(
        ctx.t("staff_export.ready", title=views.pick(event.title, ctx.language)),
        [[ctx.button(ctx.t("nav.back"), "staff.attendees", event_id=event.id)]],
        attachment=Attachment(f"{event.id}.{fmt}", content, mime),
    )
