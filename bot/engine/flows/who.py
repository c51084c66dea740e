"""Who is registered ("Wie wil je inschrijven?"): a child of the family, by button or by the
name typed (case, accents and typos forgiven; asked again when two names fit), a new child,
or the parent themself."""

from __future__ import annotations

from collections.abc import Sequence

from bot.db.models import Child, Event
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.register import ask_age, ask_child_name, ask_consent, confirm_screen
from bot.engine.types import Button
from bot.services.child_names import children_named, fold
from bot.services.events import get_event
from bot.services.families import ChildDataError, clean_first_name

WHO_STEP = "register.who"
NAME_WORDS = 2  # typed text offered as a new child's name: a name, not a sentence


@action("register.choose")
def choose_participant(ctx: Context, event_id: str, notice: str = "") -> None:
    listing = get_event(ctx.session, event_id, ctx.now)
    if listing is None:
        ctx.say(ctx.t("agenda.event_gone"), [[back_to_menu(ctx)]])
        return
    event = listing.event
    if event.audience == "parents":
        confirm_screen(ctx, event_id, None)
        return
    if ctx.family.consent_at is None:
        ask_consent(ctx, event_id)
        return
    if not ctx.family.children:
        ask_child_name(ctx, event_id)
        return
    ctx.state.step = WHO_STEP  # a typed name answers the question too
    ctx.state.data["who_event"] = event_id
    question = ctx.t("registration.who", title=views.pick(event.title, ctx.language))
    ctx.say(views.with_notice(notice, question), _who_rows(ctx, event, ctx.family.children))


def _who_rows(ctx: Context, event: Event, children: Sequence[Child]) -> list[list[Button]]:
    rows = [
        [
            ctx.button(
                ctx.t("registration.child_choice", name=c.first_name, age=c.age or "?"),
                "register.confirm_screen",
                event_id=event.id,
                child_id=c.id,
            )
        ]
        for c in children
    ]
    rows.append([ctx.button(ctx.t("children.add_button"), "register.new_child", event_id=event.id)])
    if event.audience == "families":
        myself = ctx.t("registration.myself")
        rows.append(
            [ctx.button(myself, "register.confirm_screen", event_id=event.id, child_id=None)]
        )
    rows.append([ctx.button(ctx.t("nav.back"), "agenda.event", event_id=event.id)])
    return rows


@action(WHO_STEP)
def who_typed(ctx: Context, text: str) -> bool | None:
    """A name typed at "Wie wil je inschrijven?": that child's confirmation, the choice
    between the children it may mean, or the offer to add a new child of that name."""
    event_id = ctx.state.data.get("who_event")
    listing = get_event(ctx.session, event_id, ctx.now) if event_id else None
    if listing is None:
        ctx.state.step = "idle"
        ctx.run("menu.show")
        return None
    event = listing.event
    if event.audience == "families" and fold(text) == fold(ctx.t("registration.myself")):
        ctx.state.step = "idle"  # "ikzelf", the label of the parent's own button
        confirm_screen(ctx, event.id, None)
        return None
    named = children_named(ctx.family.children, text)
    if len(named) == 1:
        ctx.state.step = "idle"
        confirm_screen(ctx, event.id, named[0].id)
        return None
    title = views.pick(event.title, ctx.language)
    if named:  # a typo that fits two names: only those two to choose from
        ctx.say(ctx.t("registration_who.which", title=title), _who_rows(ctx, event, named))
        return None
    name = _new_name(text)
    if name is None:  # a sentence, not a name: understood as any message (engine/core.py)
        ctx.state.step = "idle"
        return False
    rows = _who_rows(ctx, event, ctx.family.children)
    add = ctx.t("registration_who.add_named", name=name)
    rows.insert(0, [ctx.button(add, "register.add_named", event_id=event.id, name=name)])
    ctx.say(ctx.t("registration_who.unknown", name=name, title=title), rows)


def _new_name(text: str) -> str | None:
    if len(text.split()) > NAME_WORDS:
        return None
    try:
        return clean_first_name(text)
    except ChildDataError:
        return None


@action("register.add_named")
def add_named(ctx: Context, event_id: str, name: str) -> None:
    """A new child whose name was typed at "Wie wil je inschrijven?": only the age is asked."""
    if ctx.family.consent_at is None:
        ask_consent(ctx, event_id)
        return
    ctx.state.data["pending_event"] = event_id
    ctx.state.data["new_child_name"] = name
    ask_age(ctx, name)


@action("register.who_resume")
def resume(ctx: Context) -> None:
    """The question asked again after a question in between (engine/asides.py)."""
    event_id = ctx.state.data.get("who_event")
    if event_id:
        choose_participant(ctx, event_id, notice=ctx.t("resume"))
