"""The main menu and the small screens around it: help, language, privacy, fallback."""

from __future__ import annotations

from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.types import Button


def main_menu_buttons(ctx: Context) -> list[list[Button]]:
    other_mode = "parent" if ctx.mode == "kid" else "kid"
    return [
        [ctx.button(ctx.t("menu.discover"), "discover.start")],
        [ctx.button(ctx.t("menu.agenda"), "agenda.show")],
        [ctx.button(ctx.t("menu.mine"), "registrations.mine")],
        [
            ctx.button(ctx.t("menu.help"), "help.show"),
            ctx.button(ctx.t("menu.language"), "language.choose"),
        ],
        [ctx.button(ctx.t(f"menu.switch_to_{other_mode}"), "start.role", mode=other_mode)],
    ]


def back_to_menu(ctx: Context) -> Button:
    return ctx.button(ctx.t("nav.menu"), "menu.show")


@action("menu.show")
def show_menu(ctx: Context) -> None:
    ctx.state.step = "idle"
    ctx.say(ctx.t("menu.title"), main_menu_buttons(ctx))


@action("help.show")
def show_help(ctx: Context) -> None:
    ctx.say(ctx.t("help.text"), main_menu_buttons(ctx))


@action("language.choose")
def choose_language(ctx: Context) -> None:
    ctx.say(
        ctx.t("language.question"),
        [
            [
                ctx.button(ctx.t("language.nl"), "language.set", language="nl"),
                ctx.button(ctx.t("language.en"), "language.set", language="en"),
            ]
        ],
    )


@action("language.set")
def set_language(ctx: Context, language: str) -> None:
    if language in ctx.texts.languages:
        ctx.family.language = language
        ctx.state.data["language_chosen"] = True
    ctx.say(ctx.t("language.set"))
    ctx.run("menu.show")


@action("fallback.not_understood")
def not_understood(ctx: Context) -> None:
    ctx.say(ctx.t("fallback.not_understood"), main_menu_buttons(ctx))
