"""First contact: welcome, and who is typing (a parent, or a child on the parent's phone)."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Library
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.types import Button


@action("start.welcome")
def welcome(ctx: Context) -> None:
    ctx.state.step = "idle"
    ctx.say(ctx.t("start.welcome"), _roles(ctx))


@action("start.ask_role")
def ask_role(ctx: Context) -> None:
    """Before the parent/kid choice a question is answered first, and the choice asked after."""
    ctx.say(ctx.t("start.ask_role"), _roles(ctx))


def _roles(ctx: Context) -> list[list[Button]]:
    return [
        [ctx.button(ctx.t("start.i_am_parent"), "start.role", mode="parent")],
        [ctx.button(ctx.t("start.i_am_kid"), "start.role", mode="kid")],
    ]


@action("start.role")
def choose_role(ctx: Context, mode: str) -> None:
    # Whoever types, the account holder stays the parent (Telegram requires 16+ in the EU);
    # kid mode only changes how the bot speaks.
    ctx.state.mode = "kid" if mode == "kid" else "parent"
    ctx.say(ctx.t("start.role_set"))
    if ctx.family.library_id is None and not choose_library(ctx):
        return
    ctx.run("menu.show")


def choose_library(ctx: Context) -> bool:
    """With several libraries in one deployment, a family picks theirs; True when settled."""
    libraries = ctx.session.scalars(select(Library).order_by(Library.city)).all()
    if len(libraries) == 1:
        ctx.family.library_id = libraries[0].id
    if len(libraries) <= 1:
        return True
    rows = [[ctx.button(f"📚 {lib.city}", "start.library", library_id=lib.id)] for lib in libraries]
    ctx.say(ctx.t("start.which_library"), rows)
    return False


@action("start.library")
def set_library(ctx: Context, library_id: str) -> None:
    if ctx.session.get(Library, library_id) is not None:
        ctx.family.library_id = library_id
    ctx.run("menu.show")


@action("start.greet")
def greet(ctx: Context) -> None:
    ctx.say(ctx.t("start.greeting"))
    ctx.run("menu.show")
