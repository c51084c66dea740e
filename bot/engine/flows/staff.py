"""Staff in the chat: attendee lists and check-in (/deelnemers), announcements (/omroep).

Every action checks the role first; to everyone else these commands do not exist (the
attempt is logged with a hashed id), and a partner sees only their own organisation's events.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.db.models import Activity, Event, Registration, StaffMember
from bot.engine import views
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.router import action, run_action
from bot.engine.types import Attachment
from bot.services import broadcasts, charts, event_changes, exports, staff
from bot.services import registrations as regs
from bot.services.charts import report_chart_png
from bot.services.reports import build_report
from bot.timeutil import from_local

STATUS_ICONS = {
    "confirmed": "✅",
    "attended": "🟢",
    "offered": "🎟️",
    "waitlisted": "⏳",
    "no_show": "❌",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEREST_AUDIENCES = ("category:sportief", "category:creatief", "category:cognitief")


def _staff(ctx: Context, attempted: str) -> StaffMember | None:
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None:
        staff.refuse(ctx.session, ctx.family.external_id, attempted, ctx.now)
        ctx.say(ctx.t("errors.unknown_command", command=attempted), [[back_to_menu(ctx)]])
    return member


def _event_for(ctx: Context, member: StaffMember, event_id: str) -> Event | None:
    event = ctx.session.get(Event, event_id)
    if event is None or not staff.may_see_event(member, event):
        staff.refuse(ctx.session, ctx.family.external_id, f"event {event_id}", ctx.now)
        ctx.say(ctx.t("staff.not_yours"), [[back_to_menu(ctx)]])
        return None
    return event


@action("staff.events")
def choose_event(ctx: Context, purpose: str = "attendees") -> None:
    member = _staff(ctx, "deelnemers" if purpose == "attendees" else "omroep")
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
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
    if not event:
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
    place = regs.waitlist_rank(ctx.session, registration)
    return ctx.t(
        "staff.attendee",
        icon=STATUS_ICONS[registration.status],
        name=name,
        age=age if age is not None else "-",
        place=f" ({ctx.t('staff.place', place=place)})" if place else "",
    )


@action("staff.checkin")
def checkin(ctx: Context, event_id: str) -> None:
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
    if not event:
        return
    rows = []
    for registration in regs.event_registrations(ctx.session, event.id):
        if registration.status in ("confirmed", "attended"):
            mark = "✅" if registration.status == "attended" else "⬜"
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
    member = _staff(ctx, "deelnemers")
    registration = ctx.session.get(Registration, registration_id) if member else None
    if member is None or registration is None:
        return
    if _event_for(ctx, member, registration.event_id) is None:
        return
    if registration.status == "confirmed":
        registration.status, registration.attended_at = "attended", ctx.now
    elif registration.status == "attended":
        registration.status, registration.attended_at = "confirmed", None
    staff.audit(
        ctx.session,
        member.telegram_id,
        "checkin",
        str(registration.id),
        {"status": registration.status},
        ctx.now,
    )
    checkin(ctx, registration.event_id)


# --- Announcements ------------------------------------------------------------------------


@action("staff.broadcast_start")
def broadcast_start(ctx: Context) -> None:
    if _staff(ctx, "omroep") is None:
        return
    ctx.state.step = "staff.broadcast_text"
    ctx.say(ctx.t("staff.broadcast_ask"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("staff.broadcast_text")
def broadcast_text(ctx: Context, text: str, photo: str | None = None) -> None:
    """The announcement: typed text, or a photo with an optional caption."""
    member = _staff(ctx, "omroep")
    if member is None:
        return
    ctx.state.step = "idle"
    ctx.state.data["broadcast_text"] = text[: broadcasts.MAX_TEXT]
    ctx.state.data["broadcast_photo"] = photo
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
    ctx.say(ctx.t("staff.broadcast_audience"), [*rows, [back_to_menu(ctx)]])


@action("staff.broadcast_preview")
def broadcast_preview(ctx: Context, audience: str) -> None:
    member = _staff(ctx, "omroep")
    text = ctx.state.data.get("broadcast_text")
    photo = ctx.state.data.get("broadcast_photo")
    if member is None or not (text or photo) or not _audience_allowed(ctx, member, audience):
        return
    count = len(broadcasts.audience_families(ctx.session, audience, member.library_id))
    shown = text + ("\n" + ctx.t("staff.with_photo") if photo else "")
    ctx.say(
        ctx.t("staff.broadcast_preview", text=shown, count=count),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_send"),
                    "staff.broadcast_send",
                    once=True,
                    audience=audience,
                )
            ],
            [ctx.button(ctx.t("nav.cancel"), "menu.show")],
        ],
    )


def _audience_allowed(ctx: Context, member: StaffMember, audience: str) -> bool:
    kind, _, value = audience.partition(":")
    if kind in ("event", "waitlist"):
        return _event_for(ctx, member, value) is not None
    if member.role == "partner":
        staff.refuse(ctx.session, ctx.family.external_id, f"audience {kind}", ctx.now)
        ctx.say(ctx.t("staff.not_yours"), [[back_to_menu(ctx)]])
        return False
    return True


@action("staff.broadcast_send")
def broadcast_send(ctx: Context, audience: str) -> None:
    member = _staff(ctx, "omroep")
    text = ctx.state.data.pop("broadcast_text", None)
    photo = ctx.state.data.pop("broadcast_photo", None)
    if member is None or not (text or photo) or not _audience_allowed(ctx, member, audience):
        return
    broadcast = broadcasts.create_broadcast(
        ctx.session,
        audience=audience,
        text=text or "",
        photo=photo,
        library_id=member.library_id,
        created_by=member.telegram_id,
        now=ctx.now,
    )
    broadcast.requester_chat = ctx.family.external_id  # progress shows in this chat
    staff.audit(
        ctx.session,
        member.telegram_id,
        "broadcast.send",
        str(broadcast.id),
        {"audience": audience, "total": broadcast.total},
        ctx.now,
    )
    ctx.say(
        ctx.t("staff.broadcast_queued", total=broadcast.total),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_progress"),
                    "staff.broadcast_status",
                    broadcast_id=broadcast.id,
                )
            ],
            [back_to_menu(ctx)],
        ],
    )


@action("staff.broadcast_status")
def broadcast_status(ctx: Context, broadcast_id: int) -> None:
    if _staff(ctx, "omroep") is None:
        return
    status = broadcasts.broadcast_status(ctx.session, broadcast_id)
    if status is None:
        run_action(ctx, "menu.show")
        return
    ctx.say(
        ctx.t("staff.broadcast_report", **status),
        [
            [
                ctx.button(
                    ctx.t("staff.broadcast_progress"),
                    "staff.broadcast_status",
                    broadcast_id=broadcast_id,
                )
            ],
            [back_to_menu(ctx)],
        ],
    )


# --- Exports and figures ------------------------------------------------------------------


@action("staff.export")
def export(ctx: Context, event_id: str, fmt: str) -> None:
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
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


@action("staff.report")
def report(ctx: Context) -> None:
    member = _staff(ctx, "rapport")
    if member is None:
        return
    figures = build_report(
        ctx.session, library_id=member.library_id, date_from=None, date_to=None, now=ctx.now
    )
    totals, none = figures.totals, ctx.t("report.none")
    text = (
        ctx.t("report.command_intro")
        + "\n\n"
        + ctx.t(
            "report.summary",
            children=totals.children_reached,
            registrations=totals.registrations.get("total", 0),
            attendance=_percent(totals.attendance.attendance_rate, none),
            rating=none if totals.rating.average is None else f"{totals.rating.average:.1f}",
            ratings=totals.rating.count,
            waitlist=totals.waiting_list.ever_waitlisted,
            conversion=_percent(totals.follow_up.conversion, none),
        )
    )
    chart = report_chart_png(
        figures, ctx.language, ctx.texts.section("report_chart", charts.DUTCH_LABELS, ctx.language)
    )
    ctx.say(text, [[back_to_menu(ctx)]], attachment=Attachment("rapport.png", chart, "image/png"))


def _percent(share: float | None, none: str) -> str:
    return none if share is None else f"{share:.0%}"


# --- At the door and changes --------------------------------------------------------------


@action("staff.scan")
def scan(ctx: Context, code: str) -> None:
    """A check-in QR code opened the bot: only staff of that event can check someone in."""
    member = staff.staff_member(ctx.session, ctx.family.external_id)
    if member is None:
        staff.refuse(ctx.session, ctx.family.external_id, "checkin", ctx.now)
        run_action(ctx, "start.welcome")
        return
    registration = ctx.session.scalar(
        select(Registration).where(Registration.checkin_code == code[:32])
    )
    if registration is None or _event_for(ctx, member, registration.event_id) is None:
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


@action("staff.manage")
def manage(ctx: Context, event_id: str) -> None:
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
    if not event:
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
    member = _staff(ctx, "deelnemers")
    if not (member and _event_for(ctx, member, event_id)):
        return
    ctx.state.step = "staff.move_answer"
    ctx.state.data["moving_event"] = event_id
    ctx.say(ctx.t("staff.move_ask"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("staff.move_answer")
def move_answer(ctx: Context, text: str) -> None:
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, ctx.state.data.get("moving_event", ""))
    if not event:
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
    ctx.say(ctx.t("staff.moved", when=views.when(ctx, event), told=told), [[back_to_menu(ctx)]])


@action("staff.cancel_event_ask")
def cancel_event_ask(ctx: Context, event_id: str) -> None:
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
    if not event:
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
    member = _staff(ctx, "deelnemers")
    event = member and _event_for(ctx, member, event_id)
    if not event or event.status == "cancelled":
        return
    event.status = "cancelled"
    told = event_changes.event_cancelled(ctx.session, event, ctx.now)
    staff.audit(ctx.session, member.telegram_id, "event.cancel", event.id, {"told": told}, ctx.now)
    ctx.say(ctx.t("staff.event_cancelled", told=told), [[back_to_menu(ctx)]])


@action("staff.broadcast_hobbies")
def broadcast_hobbies(ctx: Context) -> None:
    """Families who saved an interest in one hobby."""
    if _staff(ctx, "omroep") is None:
        return
    activities = ctx.session.scalars(select(Activity).order_by(Activity.slug)).all()
    buttons = [
        ctx.button(
            views.pick(a.name, ctx.language),
            "staff.broadcast_preview",
            audience=f"activity:{a.slug}",
        )
        for a in activities[:30]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    ctx.say(ctx.t("staff.choose_hobby"), [*rows, [back_to_menu(ctx)]])


@action("staff.broadcast_ages")
def broadcast_ages(ctx: Context) -> None:
    """Parents of children of an age range."""
    if _staff(ctx, "omroep") is None:
        return
    ranges = ("8-9", "10-11", "12-13", "9-12")
    rows = [
        [
            ctx.button(
                ctx.t("staff.age_range", range=r.replace("-", "–")),
                "staff.broadcast_preview",
                audience=f"age:{r}",
            )
        ]
        for r in ranges
    ]
    ctx.say(ctx.t("staff.choose_ages"), [*rows, [back_to_menu(ctx)]])
