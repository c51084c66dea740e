"""Looking around among hobbies by kind: sport, making things, thinking."""

from __future__ import annotations

from bot.engine import views
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.router import action
from bot.services.activities import activities_in, get_activity, materials_for
from bot.services.events import upcoming_events

CATEGORIES = ("sportief", "creatief", "cognitief")
NEXT_WORKSHOPS = 3


@action("discover.start")
def start(ctx: Context) -> None:
    rows = [
        [ctx.button(ctx.t(f"discover.category.{c}"), "discover.category", category=c)]
        for c in CATEGORIES
    ]
    ctx.say(ctx.t("discover.intro"), [*rows, [back_to_menu(ctx)]])


@action("discover.category")
def category(ctx: Context, category: str) -> None:
    if category not in CATEGORIES:
        start(ctx)
        return
    activities = activities_in(ctx.session, category)
    lines = [ctx.t(f"discover.heading.{category}")]
    lines += [
        ctx.t(
            "discover.line",
            name=views.pick(a.name, ctx.language),
            min=a.min_age,
            max=a.max_age,
        )
        for a in activities
    ]
    buttons = [
        ctx.button(views.pick(a.name, ctx.language), "discover.activity", slug=a.slug)
        for a in activities
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button(ctx.t("discover.other_kinds"), "discover.start"), back_to_menu(ctx)])
    ctx.say("\n".join(lines), rows)


@action("discover.activity")
def activity(ctx: Context, slug: str) -> None:
    found = get_activity(ctx.session, slug)
    if found is None:
        ctx.say(ctx.t("discover.gone"))
        start(ctx)
        return
    text = views.activity_details(ctx, found, materials_for(ctx.session, slug))
    upcoming = upcoming_events(
        ctx.session, ctx.now, activity=slug, include_rounds=True, limit=NEXT_WORKSHOPS
    )
    text += "\n\n" + ctx.t("discover.next_workshops" if upcoming else "discover.no_workshops")
    rows = [
        [ctx.button(views.short_label(ctx, li.event), "agenda.event", event_id=li.event.id)]
        for li in upcoming
    ]
    rows.append(
        [
            ctx.button(
                ctx.t("discover.more_like", category=ctx.t(f"discover.category.{found.category}")),
                "discover.category",
                category=found.category,
            ),
            back_to_menu(ctx),
        ]
    )
    ctx.say(text, rows)
