"""/deelnemers: an event's children with their status, check-in at the door (a tap on a name
or a scanned QR code) and the list as CSV or Excel."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Registration
from bot.db.states import SEATED_STATUSES, RegistrationStatus
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@action("staff.events")
def choose_event(ctx: Context, purpose: str = "attendees") -> None:
    member = staff_member(ctx, "deelnemers" if purpose == "attendees" else "omroep")
    if member is None:
        return
    events = staff.visible_events(ctx.session, member, ctx.now)[:25]
    if not events:
        ctx.say(ctx.t("staff.no_events"), [[back_to_menu(ctx)]])
        return
    target = "staff.attendees" if purpose == "attendees" else "staff.broadcast_preview"
    rows = []
    for event in events:
        args = (
            {"event_id": event.id}
            if purpose == "attendees"
            else {"audience": f"{purpose}:{event.id}"}
        )
        rows.append([ctx.button(views.short_label(ctx, event), target, **args)])
    ctx.say(ctx.t("staff.choose_event"), [*rows, [back_to_menu(ctx)]])


@action("staff.attendees")
def attendees(ctx: Context, event_id: str) -> None:
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
    for registration in regs.event_registrations(ctx.session, event.id):
        if registration.status in STATUS_ICONS:
            lines.append(_attendee_line(ctx, registration))
    if len(lines) == 1:
        lines.append(ctx.t("staff.nobody_yet"))
    ctx.say(
        "\n".join(lines),
        [
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


@action("staff.checkin")
def checkin(ctx: Context, event_id: str) -> None:
    _, event = staff_and_event(ctx, "deelnemers", event_id)
    if event is None:
        return
    rows = []
    for registration in regs.event_registrations(ctx.session, event.id):
        if registration.status in SEATED_STATUSES:
            mark = "✅" if registration.status == RegistrationStatus.ATTENDED else "⬜"
            name = registration.child.first_name if registration.child else ctx.t("staff.parent")
            rows.append(
                [
                    ctx.button(
                        f"{mark} {name} ({registration.age_at_registration or '-'})",
                        "staff.toggle_attended",
                        registration_id=registration.id,
                    )
                ]
            )
    ctx.say(
        ctx.t("staff.checkin_help", title=views.pick(event.title, ctx.language)),
        [*rows, [ctx.button(ctx.t("nav.back"), "staff.attendees", event_id=event.id)]],
    )


@action("staff.toggle_attended")
def toggle_attended(ctx: Context, registration_id: int) -> None:
    member = staff_member(ctx, "deelnemers")
    registration = ctx.session.get(Registration, registration_id) if member else None
    if member is None or registration is None:
        return
    if staff_event(ctx, member, registration.event_id) is None:
        return
    if registration.status == RegistrationStatus.CONFIRMED:
        registration.status, registration.attended_at = RegistrationStatus.ATTENDED, ctx.now
    elif registration.status == RegistrationStatus.ATTENDED:
        registration.status, registration.attended_at = RegistrationStatus.CONFIRMED, None
    staff.audit(
        ctx.session,
        member.telegram_id,
        "checkin",
        str(registration.id),
        {"status": registration.status},
        ctx.now,
    )
    checkin(ctx, registration.event_id)


@action("staff.scan")
def scan(ctx: Context, code: str) -> None:
    """A check-in QR code opened the bot: only staff of that event can check someone in."""
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None:
        staff.refuse(ctx.session, ctx.family.external_id, "checkin", ctx.now)
        ctx.run("start.welcome")
        return
    registration = ctx.session.scalar(
        select(Registration).where(Registration.checkin_code == code[:32])
    )
    if registration is None or staff_event(ctx, member, registration.event_id) is None:
        if registration is None:
            ctx.say(ctx.t("staff.scan_invalid"), [[back_to_menu(ctx)]])
        return
    result, _ = regs.check_in(ctx.session, code[:32], ctx.now)
    name = registration.child.first_name if registration.child else ctx.t("staff.parent")
    staff.audit(
        ctx.session,
        member.telegram_id,
        "checkin.scan",
        str(registration.id),
        {"result": result},
        ctx.now,
    )
    ctx.say(
        ctx.t(
            f"staff.scan_{result}",
            name=name,
            age=registration.age_at_registration or "-",
            title=views.pick(registration.event.title, ctx.language),
        ),
        [[ctx.button(ctx.t("staff.checkin"), "staff.checkin", event_id=registration.event_id)]],
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
