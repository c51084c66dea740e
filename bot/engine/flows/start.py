"""First contact: welcome, and who is typing (a parent, or a child on the parent's phone)."""

from __future__ import annotations

from bot.engine.context import Context
from bot.engine.router import action, run_action


@action("start.welcome")
def welcome(ctx: Context) -> None:
    ctx.state.step = "idle"
    ctx.say(
        ctx.t("start.welcome"),
        [
            [ctx.button(ctx.t("start.i_am_parent"), "start.role", mode="parent")],
            [ctx.button(ctx.t("start.i_am_kid"), "start.role", mode="kid")],
        ],
    )


@action("start.role")
def choose_role(ctx: Context, mode: str) -> None:
    # Whoever types, the account holder stays the parent (Telegram requires 16+ in the EU);
    # kid mode only changes how the bot speaks.
    ctx.state.mode = "kid" if mode == "kid" else "parent"
    ctx.say(ctx.t("start.role_set"))
    run_action(ctx, "menu.show")


@action("start.greet")
def greet(ctx: Context) -> None:
    ctx.say(ctx.t("start.greeting"))
    run_action(ctx, "menu.show")
