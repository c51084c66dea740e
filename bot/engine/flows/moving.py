"""A family on a channel without messages of the bot's own (the web chat) is offered, after it
registers, to continue where it gets reminders (Telegram; WhatsApp the same way, when its
channel gives a link) with a one-time link, or to go on without them; the choice is stored.
On the other channel, `/start mv_<code>` moves the family there (services/moving.py)."""

from __future__ import annotations

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import MOVE_PREFIX, Button
from bot.services import moving
from bot.timeutil import local


def offer_after_registering(ctx: Context) -> None:
    """After a registration: the offer, once, unless the family already chose."""
    if ctx.elsewhere and moving.choice_of(ctx.session, ctx.family) is None:
        ctx.run("move.offer")


@action("move.offer")
def offer(ctx: Context) -> None:
    if not ctx.elsewhere:
        ctx.say(ctx.t("move.not_here"), [[back_to_menu(ctx)]])
        return
    rows: list[list[Button]] = [
        [ctx.button(ctx.t(f"move.go.{channel}"), "move.link", channel=channel)]
        for channel, _ in ctx.elsewhere
    ]
    rows.append([ctx.button(ctx.t("move.stay"), "move.stay")])
    channels = [channel for channel, _ in ctx.elsewhere]
    ctx.say(ctx.t("move.offer" if channels == ["telegram"] else "move.offer_other"), rows)


@action("move.link")
def link(ctx: Context, channel: str) -> None:
    """A new one-time link (an earlier one stops working)."""
    start_link = dict(ctx.elsewhere).get(channel)
    if start_link is None:
        ctx.say(ctx.t("move.not_here"), [[back_to_menu(ctx)]])
        return
    code = moving.create_code(ctx.session, ctx.family, channel, ctx.now)
    url = start_link.format(argument=MOVE_PREFIX + code)
    rows = [[ctx.button(ctx.t("move.new_link"), "move.link", channel=channel)]]
    rows.append([ctx.button(ctx.t("move.stay"), "move.stay"), back_to_menu(ctx)])
    ctx.say(ctx.t(f"move.link.{channel}", url=url), rows, no_preview=True)


@action("move.stay")
def stay(ctx: Context) -> None:
    moving.choose(ctx.session, ctx.family, "none", ctx.now)
    rows = [[ctx.button(ctx.t("menu.mine"), "registrations.mine")], [back_to_menu(ctx)]]
    ctx.say(ctx.t("move.staying"), rows)


@action("move.claim")
def claim(ctx: Context, code: str) -> None:
    """`/start mv_<code>` arrived here: bring the family along, or say kindly why not."""
    moved = moving.claim(ctx.session, code, ctx.family, ctx.now)
    mine = [[ctx.button(ctx.t("menu.mine"), "registrations.mine")], [back_to_menu(ctx)]]
    if moved.status == "elsewhere" and moved.until is not None:
        until = f"{local(moved.until):%H:%M}"
        ctx.say(ctx.t(f"move.claim.other_app.{moved.channel}", until=until), mine)
        return
    if moved.status != "moved":
        ctx.say(ctx.t(f"move.claim.{moved.status}"), mine)
        return
    if ctx.state.mode is None:
        ctx.state.mode = "parent"  # the web chat asked who is typing already
    ctx.say(
        ctx.t(
            "move.claim.moved",
            children=ctx.t("move.children", count=moved.children),
            registrations=ctx.t("move.registrations", count=moved.registrations),
        ),
        mine,
    )
