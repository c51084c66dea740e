"""/meldingen: which messages a family wants (announcements are on unless turned off)."""

from __future__ import annotations

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu

SETTINGS = ("reminders", "announcements", "rating_requests")


@action("settings.show")
def show(ctx: Context) -> None:
    rows = [
        [
            ctx.button(
                ctx.t(f"settings.{name}_{'on' if getattr(ctx.family, name) else 'off'}"),
                "settings.toggle",
                setting=name,
            )
        ]
        for name in SETTINGS
    ]
    ctx.say(ctx.t("settings.title") + "\n\n" + ctx.t("settings.note"), [*rows, [back_to_menu(ctx)]])


@action("settings.toggle")
def toggle(ctx: Context, setting: str) -> None:
    if setting in SETTINGS:
        setattr(ctx.family, setting, not getattr(ctx.family, setting))
    show(ctx)
