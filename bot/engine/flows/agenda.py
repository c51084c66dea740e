"""Browsing upcoming workshops, parent lectures and event days, with their details."""

from __future__ import annotations

from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.register import register_button
from bot.services.events import count_upcoming_by_kind, get_event, rounds_of, upcoming_events

PAGE_SIZE = 5
# What each agenda list shows.
LISTS: dict[str, tuple[str, ...]] = {
    "workshops": ("workshop",),
    "lectures": ("lecture",),
    "days": ("event_day",),
}


@action("agenda.show")
def show_agenda(ctx: Context) -> None:
    rows = []
    counts = count_upcoming_by_kind(
        ctx.session, ctx.now, kinds=[k for ks in LISTS.values() for k in ks]
    )
    for name, kinds in LISTS.items():
        count = sum(counts.get(kind, 0) for kind in kinds)
        if count:
            label = ctx.t(f"agenda.list_button.{name}", count=count)
            rows.append([ctx.button(label, "agenda.list", list=name, page=0)])
    if not rows:
        ctx.say(ctx.t("agenda.empty"), [[back_to_menu(ctx)]])
        return
    ctx.say(ctx.t("agenda.intro"), [*rows, [back_to_menu(ctx)]])


@action("agenda.list")
def show_list(ctx: Context, list: str, page: int = 0) -> None:
    kinds = LISTS.get(list)
    if kinds is None:
        show_agenda(ctx)
        return
    page = max(int(page), 0)
    listings = upcoming_events(
        ctx.session, ctx.now, kinds=kinds, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE
    )
    has_more = len(listings) > PAGE_SIZE
    listings = listings[:PAGE_SIZE]
    if not listings:
        ctx.say(ctx.t("agenda.empty"), [[back_to_menu(ctx)]])
        return
    parts = [ctx.t(f"agenda.heading.{list}")]
    parts += [views.event_summary(ctx, listing) for listing in listings]
    rows = [
        [ctx.button(views.short_label(ctx, li.event), "agenda.event", event_id=li.event.id)]
        for li in listings
    ]
    navigation = []
    if page > 0:
        navigation.append(
            ctx.button(ctx.t("nav.previous"), "agenda.list", list=list, page=page - 1)
        )
    if has_more:
        navigation.append(ctx.button(ctx.t("nav.more"), "agenda.list", list=list, page=page + 1))
    rows.append(navigation)
    rows.append([ctx.button(ctx.t("nav.agenda"), "agenda.show"), back_to_menu(ctx)])
    ctx.say("\n\n".join(parts), rows)


@action("agenda.event")
def show_event(ctx: Context, event_id: str) -> None:
    listing = get_event(ctx.session, event_id, ctx.now)
    if listing is None:
        ctx.say(ctx.t("agenda.event_gone"))
        show_agenda(ctx)
        return
    event = listing.event
    rows = []
    if (register := register_button(ctx, event)) is not None:
        rows.append([register])
    if event.kind == "event_day":
        rows += [
            [
                ctx.button(
                    views.round_label(ctx, r.event),
                    "agenda.event",
                    event_id=r.event.id,
                )
            ]
            for r in rounds_of(ctx.session, event.id, ctx.now)
        ]
    if event.event_day_id is not None:
        rows.append(
            [ctx.button(ctx.t("agenda.to_event_day"), "agenda.event", event_id=event.event_day_id)]
        )
    if event.activity is not None:
        label = ctx.t("agenda.about_activity", name=views.pick(event.activity.name, ctx.language))
        rows.append([ctx.button(label, "discover.activity", slug=event.activity.slug)])
    rows.append([ctx.button(ctx.t("nav.agenda"), "agenda.show"), back_to_menu(ctx)])
    text = views.event_details(ctx, listing)
    if event.kind == "event_day" and len(rows) > 2:
        text += "\n\n" + ctx.t("agenda.choose_round")
    ctx.say(text, rows)
