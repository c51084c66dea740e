"""/meldingen: which messages a family wants (announcements are on unless turned off). On a
channel that delivers news outside a conversation only with an opt-in (WhatsApp's marketing
templates), the family also chooses that, off until turned on."""

from __future__ import annotations

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu

SETTINGS = ("reminders", "announcements", "rating_requests")
NEWS_OPT_IN = "news_opt_in"
OPT_IN_CHANNELS = frozenset({"whatsapp"})


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
    if ctx.family.channel in OPT_IN_CHANNELS:
        state = "on" if ctx.family.news_opt_in_at else "off"
        label = ctx.t(f"whatsapp.{NEWS_OPT_IN}_{state}")
        rows.append([ctx.button(label, "settings.toggle", setting=NEWS_OPT_IN)])
    ctx.say(ctx.t("settings.title") + "\n\n" + ctx.t("settings.note"), [*rows, [back_to_menu(ctx)]])


@action("settings.toggle")
def toggle(ctx: Context, setting: str) -> None:
    if setting in SETTINGS:
        setattr(ctx.family, setting, not getattr(ctx.family, setting))
    elif setting == NEWS_OPT_IN and ctx.family.channel in OPT_IN_CHANNELS:
        ctx.family.news_opt_in_at = None if ctx.family.news_opt_in_at else ctx.now
    show(ctx)
