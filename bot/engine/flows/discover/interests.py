"""Opt-in only: "bewaar mijn interesses" and "laat het me weten" store hobbies and kinds in
Family.interests (for announcements later), after saying plainly what is stored; and
"verwijder mijn interesses" removes them again. Quiz answers are never stored.
"""

from __future__ import annotations

from bot.db.models import Activity
from bot.discovery.facts import load_facts
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.discover import screens as present
from bot.engine.flows.discover.held_answers import held, held_or_restart, hold, keep
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import Button
from bot.services.activities import get_activity


@action("discover.save_ask")
def save_ask(ctx: Context) -> None:
    """What would be stored: the hobbies on show and their kinds."""
    progress = held_or_restart(ctx)
    if progress is None:
        return
    facts = load_facts(ctx.session, ctx.now, ctx.quiz)
    slugs = [s for s in progress.shown[progress.batch :] if s in facts.activities]
    kinds = dict.fromkeys(facts.activities[s].category for s in slugs)
    hold(ctx, progress)
    if not slugs:
        ctx.say(ctx.t("discover.save.nothing"), [[_back(ctx)]])
        return
    _confirm(ctx, "discover.save.ask", [*kinds, *slugs])


@action("discover.notify_ask")
def notify_ask(ctx: Context, slug: str) -> None:
    """Laat het me weten: a hobby without a try-out yet."""
    if get_activity(ctx.session, slug) is None:
        ctx.say(ctx.t("discover.gone"), [[back_to_menu(ctx)]])
        return
    keep(ctx)
    _confirm(ctx, "discover.save.notify_ask", [slug])


def _confirm(ctx: Context, key: str, items: list[str]) -> None:
    labels = present.interest_labels(ctx, items, _activities(ctx, items))
    confirm = ctx.button(ctx.t("discover.save.confirm"), "discover.save", once=True, items=items)
    ctx.say(ctx.t(key, items=labels), [[confirm], [_back(ctx)]])


@action("discover.save")
def save(ctx: Context, items: list[str]) -> None:
    known = _activities(ctx, items)
    wanted = [i for i in items if i in present.CATEGORIES or i in known]
    # A new list: SQLAlchemy does not see changes made inside a JSON value.
    ctx.family.interests = list(dict.fromkeys([*(ctx.family.interests or []), *wanted]))
    stored = ctx.family.interests
    labels = present.interest_labels(ctx, stored, _activities(ctx, stored))
    keep(ctx)
    forget = ctx.button(ctx.t("discover.result.forget"), "discover.forget_interests")
    ctx.say(ctx.t("discover.save.done", items=labels), [[forget], [_back(ctx)]])


@action("discover.forget_interests")
def forget_interests(ctx: Context) -> None:
    ctx.family.interests = []
    keep(ctx)
    ctx.say(ctx.t("discover.save.forgotten"), [[_back(ctx)]])


def _activities(ctx: Context, values: list[str]) -> dict[str, Activity]:
    found = (get_activity(ctx.session, v) for v in values if v not in present.CATEGORIES)
    return {a.slug: a for a in found if a is not None}


def _back(ctx: Context) -> Button:
    """Back to the ideas while they are held, else the menu."""
    return present.back_to_ideas(ctx) if held(ctx) is not None else back_to_menu(ctx)
