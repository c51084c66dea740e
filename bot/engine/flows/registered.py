"""What a family hears after "Ja, inschrijven": the seat with its calendar file and check-in
code, the waiting-list place, "already registered", or a friendly refusal."""

from __future__ import annotations

from bot.db.models import Child, Registration
from bot.db.states import RegistrationStatus
from bot.engine import views
from bot.engine.checkin_link import checkin_address
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.moving import offer_after_registering
from bot.engine.types import Attachment, Button
from bot.services import registrations as regs
from bot.services import seats
from bot.services.calendar import event_calendar, filename_for
from bot.services.qrcodes import qr_png


def tell_refusal(
    ctx: Context, refusal: regs.RegistrationRefused, event_id: str, child_id: int | None
) -> None:
    rows = []
    if refusal.reason == "age_overridable":
        rows.append(
            [
                ctx.button(
                    ctx.t("registration.override"),
                    "register.confirm",
                    once=True,
                    event_id=event_id,
                    child_id=child_id,
                    override=True,
                )
            ]
        )
    rows.append([ctx.button(ctx.t("nav.agenda"), "agenda.show"), back_to_menu(ctx)])
    params = {k: v for k, v in refusal.params.items() if k != "opens"}
    if "opens" in refusal.params:
        params["opens"] = views.format_moment(ctx, refusal.params["opens"])
    ctx.say(ctx.t(f"registration.refused.{refusal.reason}", **params), rows)


def _next_rows(ctx: Context, registration: Registration, child: Child | None) -> list[list[Button]]:
    rows = [[ctx.button(ctx.t("menu.mine"), "registrations.mine")], [back_to_menu(ctx)]]
    if child is not None and registration.event.audience != "parents":
        another = ctx.t("registration.another_child")
        rows.insert(0, [ctx.button(another, "register.choose", event_id=registration.event_id)])
    return rows


def tell_already(ctx: Context, registration: Registration, child: Child | None) -> None:
    """This child (or the parent) has a place, an offered place or a waiting-list place."""
    title = views.pick(registration.event.title, ctx.language)
    key = f"registration.already.{registration.status}"
    ctx.say(views.about(ctx, key, child, title=title), _next_rows(ctx, registration, child))


def tell_outcome(ctx: Context, outcome: regs.Outcome, child: Child | None) -> None:
    registration = outcome.registration
    title = views.pick(registration.event.title, ctx.language)
    rows = _next_rows(ctx, registration, child)
    if outcome.already:
        tell_already(ctx, registration, child)
    elif registration.status == RegistrationStatus.WAITLISTED:
        position = seats.waitlist_rank(ctx.session, registration)
        text = views.about(ctx, "registration.waitlisted", child, title=title, position=position)
        ctx.say(text, rows)
        offer_after_registering(ctx)
    else:
        _tell_confirmed(ctx, registration, child, rows)
        offer_after_registering(ctx)


def _tell_confirmed(
    ctx: Context, registration: Registration, child: Child | None, rows: list[list[Button]]
) -> None:
    """The seat with a calendar file, then the check-in QR code with the buttons under it."""
    event = registration.event
    title = views.pick(event.title, ctx.language)
    ics = event_calendar(
        event,
        uid=f"registration-{registration.id}@talentbot",
        title=title,
        description=views.pick(event.bring, ctx.language),
        now=ctx.now,
    )
    when, place = views.when(ctx, event), event.location.name
    ctx.say(
        views.about(ctx, "registration.confirmed", child, title=title, when=when, place=place),
        attachment=Attachment(filename_for(event), ics, "text/calendar"),
    )
    # The code staff scan at the door (Telegram's staff mode, or the back-office's page).
    code = str(registration.checkin_code)
    address = checkin_address(code, ctx.telegram_link, ctx.office_address)
    if address is None:  # nothing a camera could open: the code for the desk, in text
        ctx.say(views.about(ctx, "registration.checkin_code", child, code=code), rows)
        return
    qr = qr_png(address)
    ctx.say(
        views.about(ctx, "registration.checkin_qr", child),
        rows,
        attachment=Attachment("check-in.png", qr, "image/png"),
    )
