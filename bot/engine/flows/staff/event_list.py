"""The staff event list, the way into attendees, check-in, moving, cancelling and event
announcements: a page at a time with ◀/▶, and found by a typed word or date."""

from __future__ import annotations

from bot.db.models import Event
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.engine.flows.staff.access import staff_member
from bot.engine.types import Button
from bot.services import staff
from bot.services.event_search import find_events

PAGE_SIZE = 8  # buttons a phone shows without scrolling far
QUERY_LENGTH = 60


@action("staff.events")
def choose_event(ctx: Context, purpose: str = "attendees", page: int = 0, query: str = "") -> None:
    member = staff_member(ctx, "deelnemers" if purpose == "attendees" else "omroep")
    if member is None:
        return
    events = staff.visible_events(ctx.session, member, ctx.now)
    if not events:
        ctx.say(ctx.t("staff.no_events"), [[back_to_menu(ctx)]])
        return
    found = find_events(events, query) if query else events
    notice = ""
    if not found:
        notice, found, query = ctx.t("staff_door.events_none", query=query), events, ""
    _show(ctx, purpose, found, page, query, notice, searchable=len(events) > PAGE_SIZE)


@action("staff.events_find")
def find(ctx: Context, text: str) -> None:
    """Typed while the list is shown: a word from the title or a date."""
    purpose = ctx.state.data.get("events_purpose", "attendees")
    choose_event(ctx, purpose=purpose, query=" ".join(text.split())[:QUERY_LENGTH])


def _show(
    ctx: Context,
    purpose: str,
    events: list[Event],
    page: int,
    query: str,
    notice: str,
    searchable: bool,
) -> None:
    pages = views.page_count(len(events), PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    lines = [notice] if notice else []
    if query:
        lines.append(ctx.t("staff_door.events_found", query=query, count=len(events)))
    lines.append(ctx.t("staff.choose_event"))
    if pages > 1:
        lines.append(ctx.t("staff_door.page", page=page + 1, pages=pages))
    if searchable:
        lines.append(ctx.t("staff_door.events_search_hint"))
    rows = [
        [_button(ctx, purpose, event)]
        for event in events[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    ]
    rows.append(views.page_buttons(ctx, page, pages, "staff.events", purpose=purpose, query=query))
    if query:
        rows.append([ctx.button(ctx.t("staff_door.events_all"), "staff.events", purpose=purpose)])
    ctx.state.step = "staff.events_find"  # typed text now searches this list
    ctx.state.data["events_purpose"] = purpose
    ctx.say("\n".join(lines), [*rows, [back_to_menu(ctx)]])


def _button(ctx: Context, purpose: str, event: Event) -> Button:
    label = views.short_label(ctx, event)
    if purpose == "attendees":
        return ctx.button(label, "staff.attendees", event_id=event.id)
    return ctx.button(label, "staff.broadcast_preview", audience=f"{purpose}:{event.id}")
