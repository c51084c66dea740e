"""Looking around by kind: the kinds, the hobbies of one kind, one hobby with its next
workshops (a side path of discovery; the quiz's answers are kept to go back to)."""

from __future__ import annotations

from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.discover import screens as present
from bot.engine.flows.discover.held_answers import FLOW, held
from bot.services.activities import activities_in, get_activity, materials_for
from bot.services.events import upcoming_events

CATEGORIES = present.CATEGORIES
NEXT_WORKSHOPS = 3


@action("discover.kinds")
def kinds(ctx: Context) -> None:
    ctx.state.step = "idle"
    progress = held(ctx)
    if progress is not None and not progress.has_answers:
        ctx.state.scratch.pop(FLOW, None)  # left the quiz before answering: nothing to go back to
    rows = [
        [ctx.button(ctx.t(f"discover.category.{c}"), "discover.category", category=c)]
        for c in CATEGORIES
    ]
    ctx.say(ctx.t("discover.kinds_intro"), [*rows, present.side_path_row(ctx)])


@action("discover.category")
def category(ctx: Context, category: str, exclude: str | None = None) -> None:
    """The hobbies of one kind; `exclude`: one just tried, when asking for similar ones."""
    if category not in CATEGORIES:
        kinds(ctx)
        return
    activities = [a for a in activities_in(ctx.session, category) if a.slug != exclude]
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
    rows = present.rows_of(buttons, 2)
    rows.append([ctx.button(ctx.t("discover.other_kinds"), "discover.kinds")])
    rows.append(present.side_path_row(ctx))
    ctx.say("\n".join(lines), rows)


@action("discover.activity")
def activity(ctx: Context, slug: str, from_ideas: bool = False) -> None:
    found = get_activity(ctx.session, slug)
    if found is None:
        ctx.say(ctx.t("discover.gone"))
        kinds(ctx)
        return
    text = views.activity_details(ctx, found, materials_for(ctx.session, slug, ctx.now))
    upcoming = upcoming_events(
        ctx.session, ctx.now, activity=slug, include_rounds=True, limit=NEXT_WORKSHOPS
    )
    text += "\n\n" + ctx.t("discover.next_workshops" if upcoming else "discover.no_workshops")
    rows = [
        [ctx.button(views.short_label(ctx, li.event), "agenda.event", event_id=li.event.id)]
        for li in upcoming
    ]
    more_like = ctx.t("discover.more_like", category=ctx.t(f"discover.category.{found.category}"))
    rows.append([ctx.button(more_like, "discover.category", category=found.category)])
    rows.append(present.side_path_row(ctx))
    ctx.say(text, rows)
