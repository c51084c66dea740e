"""Registering for a workshop or lecture: who, consent, confirm, the answer and a calendar file."""

from __future__ import annotations

from bot.db.models import Event
from bot.db.states import EventStatus
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.registered import tell_already, tell_outcome, tell_refusal
from bot.engine.types import Button
from bot.services import registrations as regs
from bot.services.events import get_event
from bot.services.families import (
    ChildDataError,
    add_child,
    clean_first_name,
    give_consent,
    owned_child,
    parse_age,
)

AGE_BUTTONS = (8, 9, 10, 11, 12, 13)


def register_button(ctx: Context, event: Event) -> Button | None:
    """'Inschrijven' for events one can register for (the service checks again on confirm)."""
    if event.kind == "event_day" or event.capacity is None or event.status != EventStatus.SCHEDULED:
        return None
    if event.start <= ctx.now:
        return None
    return ctx.button(ctx.t("registration.button"), "register.start", event_id=event.id)


@action("register.start")
def start(ctx: Context, event_id: str) -> None:
    if ctx.mode == "kid":
        ctx.say(
            ctx.t("registration.ask_parent"),
            [
                [
                    ctx.button(
                        ctx.t("registration.parent_here"), "register.parent_here", event_id=event_id
                    )
                ],
                [ctx.button(ctx.t("nav.back"), "agenda.event", event_id=event_id)],
            ],
        )
        return
    ctx.run("register.choose", event_id=event_id)


@action("register.parent_here")
def parent_here(ctx: Context, event_id: str) -> None:
    # The account holder is the parent; from here on the bot speaks to them as such.
    ctx.state.mode = "parent"
    ctx.run("register.choose", event_id=event_id)


def ask_consent(ctx: Context, event_id: str | None) -> None:
    """Consent to keep a child's data is the parent's to give: a child is asked to hand over."""
    if ctx.mode == "kid":
        here = ctx.button(
            ctx.t("registration.parent_here"), "consent.parent_here", event_id=event_id
        )
        ctx.say(ctx.t("consent.ask_parent"), [[here], [back_to_menu(ctx)]])
        return
    ctx.say(
        ctx.t("consent.text"),
        [
            [ctx.button(ctx.t("consent.agree"), "consent.give", once=True, event_id=event_id)],
            [ctx.button(ctx.t("consent.refuse"), "consent.refuse")],
        ],
    )


@action("consent.parent_here")
def parent_gives_consent(ctx: Context, event_id: str | None = None) -> None:
    ctx.state.mode = "parent"  # the account holder; from here on spoken to as such
    ask_consent(ctx, event_id)


@action("consent.give")
def consent_given(ctx: Context, event_id: str | None = None) -> None:
    if ctx.mode == "kid":  # an earlier "Akkoord", pressed by the child
        ask_consent(ctx, event_id)
        return
    give_consent(ctx.family, ctx.now)
    ctx.say(ctx.t("consent.thanks"))
    ask_child_name(ctx, event_id)


@action("consent.refuse")
def consent_refused(ctx: Context) -> None:
    ctx.state.step = "idle"
    ctx.say(ctx.t("consent.refused"), [[back_to_menu(ctx)]])


@action("register.new_child")
def ask_child_name(ctx: Context, event_id: str | None = None) -> None:
    if ctx.family.consent_at is None:
        ask_consent(ctx, event_id)
        return
    ctx.state.step = "register.child_name"
    ctx.state.data["pending_event"] = event_id
    ctx.state.data.pop("new_child_name", None)  # a name from a registration left half-way
    ctx.say(ctx.t("children.ask_name"), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])


@action("register.child_name")
def child_name_given(ctx: Context, text: str) -> None:
    try:
        name = clean_first_name(text)
    except ChildDataError as error:
        ctx.say(ctx.t(error.key), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])
        return
    ctx.state.data["new_child_name"] = name
    ask_age(ctx, name)


def ask_age(ctx: Context, name: str, notice: str = "") -> None:
    ctx.state.step = "register.child_age"
    buttons = [ctx.button(str(age), "register.child_age", text=str(age)) for age in AGE_BUTTONS]
    ctx.say(
        views.with_notice(notice, ctx.t("children.ask_age", name=name)),
        [buttons, [ctx.button(ctx.t("nav.cancel"), "menu.show")]],
    )


@action("register.resume")
def resume(ctx: Context) -> None:
    """Back to the name or age asked, after a question in between (engine/asides.py)."""
    notice = ctx.t("resume")
    if name := ctx.state.data.get("new_child_name"):
        ask_age(ctx, name, notice)
        return
    ctx.state.step = "register.child_name"
    ctx.say(
        views.with_notice(notice, ctx.t("children.ask_name")),
        [[ctx.button(ctx.t("nav.cancel"), "menu.show")]],
    )


@action("register.child_age")
def child_age_given(ctx: Context, text: str) -> None:
    name = ctx.state.data.get("new_child_name")
    if not name:
        ctx.run("menu.show")
        return
    try:
        child = add_child(ctx.session, ctx.family, name, parse_age(text), ctx.now)
    except ChildDataError as error:
        ctx.say(ctx.t(error.key), [[ctx.button(ctx.t("nav.cancel"), "menu.show")]])
        return
    ctx.state.step = "idle"
    ctx.state.data.pop("new_child_name", None)
    event_id = ctx.state.data.pop("pending_event", None)
    ctx.say(ctx.t("children.added", name=child.first_name, age=child.age))
    if event_id:
        confirm_screen(ctx, event_id, child.id)
    else:
        ctx.run("children.list")


@action("register.confirm_screen")
def confirm_screen(ctx: Context, event_id: str, child_id: int | None) -> None:
    listing = get_event(ctx.session, event_id, ctx.now)
    child = owned_child(ctx.family, child_id) if child_id is not None else None
    if listing is None or (child_id is not None and child is None):
        ctx.say(ctx.t("errors.button_expired"), [[back_to_menu(ctx)]])
        return
    event = listing.event
    # Said before "Klopt dat?", not after it: this child has a place or waits already.
    existing = regs.active_registration(ctx.session, event_id, ctx.family, child)
    if existing is not None:
        tell_already(ctx, existing, child)
        return
    full = listing.full
    key = "registration.confirm_full" if full else "registration.confirm"
    title, when = views.pick(event.title, ctx.language), views.when(ctx, event)
    ctx.say(
        views.about(ctx, key, child, title=title, when=when),
        [
            [
                ctx.button(
                    ctx.t("registration.waitlist_yes" if full else "registration.confirm_yes"),
                    "register.confirm",
                    once=True,
                    event_id=event_id,
                    child_id=child_id,
                )
            ],
            [ctx.button(ctx.t("nav.cancel"), "agenda.event", event_id=event_id)],
        ],
    )


@action("register.confirm")
def confirm(ctx: Context, event_id: str, child_id: int | None, override: bool = False) -> None:
    child = owned_child(ctx.family, child_id) if child_id is not None else None
    if child_id is not None and child is None:
        ctx.say(ctx.t("errors.button_expired"), [[back_to_menu(ctx)]])
        return
    try:
        outcome = regs.register(
            ctx.session,
            event_id=event_id,
            family=ctx.family,
            child=child,
            now=ctx.now,
            override_age=override,
        )
    except regs.RegistrationRefused as refusal:
        tell_refusal(ctx, refusal, event_id, child_id)
        return
    tell_outcome(ctx, outcome, child)
