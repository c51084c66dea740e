"""'Mijn inschrijvingen': what this family is registered for."""

from __future__ import annotations

from bot.engine import views
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.router import action
from bot.services.events import with_spots
from bot.services.registrations import upcoming_registrations


@action("registrations.mine")
def my_registrations(ctx: Context) -> None:
    registrations = upcoming_registrations(ctx.session, ctx.family.id, ctx.now)
    agenda = ctx.button(ctx.t("menu.agenda"), "agenda.show")
    if not registrations:
        ctx.say(ctx.t("mine.none"), [[agenda], [back_to_menu(ctx)]])
        return
    listings = with_spots(ctx.session, [r.event for r in registrations])
    lines = [ctx.t("mine.heading")]
    for registration, listing in zip(registrations, listings, strict=True):
        who = registration.child.first_name if registration.child else ctx.t("mine.yourself")
        lines.append(
            ctx.t(
                "mine.line",
                who=who,
                title=views.pick(listing.event.title, ctx.language),
                when=views.when(ctx, listing.event),
                status=ctx.t(
                    f"mine.status.{registration.status}",
                    position=registration.waitlist_position or 0,
                ),
            )
        )
    ctx.say("\n\n".join(lines), [[agenda], [back_to_menu(ctx)]])
