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


def _who(ctx: Context, registration: Registration) -> str:
    return registration.child.first_name if registration.child else ctx.t("mine.yourself")


def _line(ctx: Context, registration: Registration) -> str:
    status = ctx.t(
        f"mine.status.{registration.status}",
        position=seats.waitlist_rank(ctx.session, registration) or 0,
        until=views.format_moment(ctx, registration.offer_expires_at)
        if registration.offer_expires_at
        else "",
    )
    return ctx.t(
        "mine.line",
        who=_who(ctx, registration),
        title=views.pick(registration.event.title, ctx.language),
        when=views.when(ctx, registration.event),
        status=status,
    )


def _buttons(ctx: Context, registration: Registration) -> list[list[Button]]:
    who, title = _who(ctx, registration), views.pick(registration.event.title, ctx.language)
    label = f"{who}: {title}"[:40]
    if registration.status == RegistrationStatus.OFFERED:
        return [
            [
                ctx.button(
                    ctx.t("mine.accept", label=label),
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
                ctx.t("mine.cancel", label=label),
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
        ctx.t(
            "mine.cancel_question",
            who=_who(ctx, registration),
            title=views.pick(registration.event.title, ctx.language),
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
        regs.cancel(ctx.session, registration, ctx.now)
        ctx.say(
            ctx.t(
                "mine.cancelled",
                who=_who(ctx, registration),
                title=views.pick(registration.event.title, ctx.language),
            )
        )
    my_registrations(ctx)


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
            ctx.t(
                "mine.offer_taken",
                who=_who(ctx, registration),
                title=views.pick(registration.event.title, ctx.language),
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
