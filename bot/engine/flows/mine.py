"""'Mijn inschrijvingen': places and waiting-list places per child, to cancel or accept."""

from __future__ import annotations

from bot.db.models import Registration
from bot.db.states import ACTIVE_STATUSES, RegistrationStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import Button
from bot.services import registrations as regs
from bot.services import seats, waitlist
from bot.services.families import owned_child


@action("registrations.mine")
def my_registrations(ctx: Context) -> None:
    waitlist.expire_offers(ctx.session, ctx.now)
    registrations = regs.family_registrations(ctx.session, ctx.family.id, ctx.now)
    bottom = [
        [
            ctx.button(ctx.t("menu.agenda"), "agenda.show"),
            ctx.button(ctx.t("children.list_button"), "children.list"),
        ],
        [back_to_menu(ctx)],
    ]
    if not registrations:
        ctx.say(ctx.t("mine.none"), bottom)
        return
    lines = [ctx.t("mine.heading")]
    rows: list[list[Button]] = []
    for registration in registrations:
        lines.append(_line(ctx, registration))
        rows.extend(_buttons(ctx, registration))
    ctx.say("\n\n".join(lines), [*rows, *bottom])


def _title(ctx: Context, registration: Registration) -> str:
    return views.pick(registration.event.title, ctx.language)


def _line(ctx: Context, registration: Registration) -> str:
    status = ctx.t(
        f"mine.status.{registration.status}",
        position=seats.waitlist_rank(ctx.session, registration) or 0,
        until=views.format_moment(ctx, registration.offer_expires_at)
        if registration.offer_expires_at
        else "",
    )
    return views.about(
        ctx,
        "mine.line",
        registration.child,
        title=_title(ctx, registration),
        when=views.when(ctx, registration.event),
        status=status,
    )


def _label(ctx: Context, key: str, registration: Registration) -> str:
    """'❌ Sanne afmelden voor Kerstkoken', the title shortened so that the label fits."""
    whole = views.about(ctx, key, registration.child, title="")
    room = max(views.LABEL_LENGTH - len(whole), 12)
    title = views.shorten(_title(ctx, registration), room)
    return views.about(ctx, key, registration.child, title=title)


def _buttons(ctx: Context, registration: Registration) -> list[list[Button]]:
    if registration.status == RegistrationStatus.OFFERED:
        return [
            [
                ctx.button(
                    _label(ctx, "mine.accept", registration),
                    "offer.accept",
                    once=True,
                    registration_id=registration.id,
                ),
                ctx.button(
                    ctx.t("mine.decline"),
                    "offer.decline",
                    once=True,
                    registration_id=registration.id,
                ),
            ]
        ]
    return [
        [
            ctx.button(
                _label(ctx, "mine.cancel", registration),
                "registration.cancel_ask",
                registration_id=registration.id,
            )
        ]
    ]


@action("registration.cancel_ask")
def cancel_ask(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is None or registration.status not in ACTIVE_STATUSES:
        my_registrations(ctx)
        return
    ctx.say(
        views.about(
            ctx, "mine.cancel_question", registration.child, title=_title(ctx, registration)
        ),
        [
            [
                ctx.button(
                    ctx.t("mine.cancel_yes"),
                    "registration.cancel",
                    once=True,
                    registration_id=registration_id,
                )
            ],
            [ctx.button(ctx.t("mine.cancel_no"), "registrations.mine")],
        ],
    )


@action("registration.cancel")
def cancel(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None:
        ctx.say(cancelled(ctx, registration))
    my_registrations(ctx)


def cancelled(ctx: Context, registration: Registration) -> str:
    """Cancel, and say so; that the seat goes to the waiting list only when someone got it."""
    moved = regs.cancel(ctx.session, registration, ctx.now)
    text = views.about(ctx, "mine.cancelled", registration.child, title=_title(ctx, registration))
    return f"{text} {ctx.t('mine.seat_moves_on')}" if moved else text


@action("registration.cancel_child")
def cancel_child(ctx: Context, child_id: int) -> None:
    child = owned_child(ctx.family, child_id)
    if child is not None:
        regs.cancel_child_registrations(ctx.session, ctx.family, child, ctx.now)
        ctx.say(ctx.t("mine.cancelled_all", name=child.first_name))
    my_registrations(ctx)


@action("offer.accept")
def accept(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None and waitlist.accept_offer(ctx.session, registration, ctx.now):
        ctx.say(
            views.about(
                ctx, "mine.offer_taken", registration.child, title=_title(ctx, registration)
            )
        )
    else:
        ctx.say(ctx.t("mine.offer_gone"))
    my_registrations(ctx)


@action("offer.decline")
def decline(ctx: Context, registration_id: int) -> None:
    registration = regs.owned_registration(ctx.session, ctx.family, registration_id)
    if registration is not None and waitlist.decline_offer(ctx.session, registration, ctx.now):
        ctx.say(ctx.t("mine.offer_declined"))
    my_registrations(ctx)
