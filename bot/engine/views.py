"""How catalogue things read in a chat: built from text templates in dialogs/."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency

from bot.db.models import Activity, Child, Event
from bot.db.states import EventStatus
from bot.engine.context import Context
from bot.engine.types import Button
from bot.services.catalogue_copy import Frozen
from bot.services.events import EventListing
from bot.timeutil import format_span, local


def pick(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in the user's language, else Dutch (the catalogue's reference language)."""
    if not texts:
        return ""
    return texts.get(language) or texts.get("nl") or next(iter(texts.values()), "")


LABEL_LENGTH = 60  # a button label longer than this wraps or is cut off on a phone


def shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    """At most `limit` characters, cut at a word boundary and ended with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and " " in cut:  # the cut falls inside a word
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.:;·–-") + "…"


def with_notice(notice: str, text: str) -> str:
    """A line said first ("Dan gaan we verder waar we waren:"), then the text."""
    return f"{notice}\n\n{text}" if notice else text


def about(ctx: Context, key: str, child: Child | None, /, **params: Any) -> str:
    """The text `key` about a child, its first name as {who}; or, for a parent registered
    themself, the text `key`_self, which speaks to them ('Je staat ingeschreven')."""
    if child is None:
        return ctx.t(f"{key}_self", **params)
    return ctx.t(key, who=child.first_name, **params)


def price(ctx: Context, amount: float) -> str:
    if not amount:
        return ctx.t("event.price_free")
    locale = "nl_NL" if ctx.language == "nl" else "en_GB"
    return ctx.t("event.price", price=format_currency(amount, "EUR", locale=locale))


def ages(ctx: Context, min_age: int | None, max_age: int | None) -> str:
    if min_age is not None and max_age is not None:
        return ctx.t("event.ages", min=min_age, max=max_age)
    if min_age is not None:
        return ctx.t("event.ages_from", min=min_age)
    if max_age is not None:
        return ctx.t("event.ages_until", max=max_age)
    return ""


def spots(ctx: Context, listing: EventListing) -> str:
    if listing.event.status == EventStatus.CANCELLED:
        return ctx.t("event.cancelled")
    if listing.event.kind == "event_day":
        return ctx.t("event.per_workshop")
    if listing.spots_left is None:
        return ctx.t("event.walk_in")
    if listing.full:
        return ctx.t("event.full")
    return ctx.t("event.spots", count=listing.spots_left)


def when(ctx: Context, event: Event) -> str:
    return format_span(event.start, event.end, ctx.language, today=local(ctx.now).date())


def format_moment(ctx: Context, moment: datetime) -> str:
    """'zaterdag 12 december, 14:00'."""
    at = local(moment)
    return f"{format_date(at.date(), 'EEEE d MMMM', locale=ctx.language)}, {at:%H:%M}"


def short_label(ctx: Context, event: Event) -> str:
    """'za 12 dec · Saxofoon proberen' for a button."""
    day = format_date(local(event.start).date(), "EEE d MMM", locale=ctx.language)
    return shorten(f"{day} · {pick(event.title, ctx.language)}")


def round_label(ctx: Context, event: Event) -> str:
    """'1. 10:30 · Koken: wraps en smoothies' for a workshop within an event day."""
    return shorten(f"{event.round}. {local(event.start):%H:%M} · {pick(event.title, ctx.language)}")


def event_summary(ctx: Context, listing: EventListing) -> str:
    """Lines for a list: title, when, where, spots, and the price when it is not free."""
    event = listing.event
    summary = ctx.t(
        "event.summary",
        title=pick(event.title, ctx.language),
        when=when(ctx, event),
        place=event.location.name,
        spots=spots(ctx, listing),
    )
    return f"{summary}\n{price(ctx, event.price_eur)}" if event.price_eur else summary


def event_details(ctx: Context, listing: EventListing) -> str:
    event = listing.event
    lines = [ctx.t("event.heading", title=pick(event.title, ctx.language))]
    if description := pick(event.description, ctx.language):
        lines.append(description)
    lines.append(ctx.t("event.when", when=when(ctx, event)))
    lines.append(ctx.t("event.place", place=event.location.name, address=event.location.address))
    if event.partner is not None:
        lines.append(ctx.t("event.partner", partner=event.partner.name))
    if speaker := pick(event.speaker, ctx.language):
        lines.append(ctx.t("event.speaker", speaker=speaker))
    if topic := pick(event.topic, ctx.language):
        lines.append(ctx.t("event.topic", topic=topic))
    if age_text := ages(ctx, event.min_age, event.max_age):
        lines.append(age_text)
    lines.append(price(ctx, event.price_eur))
    if bring := pick(event.bring, ctx.language):
        lines.append(ctx.t("event.bring", bring=bring))
    lines.append(spots(ctx, listing))
    return "\n".join(lines)


def activity_details(ctx: Context, activity: Activity, materials: list[Frozen]) -> str:
    lines = [ctx.t("activity.heading", name=pick(activity.name, ctx.language))]
    if description := pick(activity.description, ctx.language):
        lines.append(description)
    lines.append(ages(ctx, activity.min_age, activity.max_age))
    if activity.partners:
        names = ", ".join(p.name for p in activity.partners)
        lines.append(ctx.t("activity.partners", partners=names))
    if cost := pick(activity.cost_note, ctx.language):
        lines.append(ctx.t("activity.cost", cost=cost))
    if materials:
        lines.append(ctx.t("activity.borrow_heading"))
        lines.extend(
            ctx.t("activity.borrow_item", title=pick(m.title, ctx.language), count=m.loan_days)
            for m in materials
        )
    return "\n".join(lines)


def page_count(items: int, size: int) -> int:
    """How many pages `items` take at `size` a page (at least one, even when empty)."""
    return max(1, -(-items // size))


def page_buttons(ctx: Context, page: int, pages: int, action: str, **args: Any) -> list[Button]:
    """◀ and ▶ to the pages before and after this one (none on a single page)."""
    row = []
    if page > 0:
        row.append(ctx.button(ctx.t("staff_door.previous"), action, page=page - 1, **args))
    if page < pages - 1:
        row.append(ctx.button(ctx.t("staff_door.next"), action, page=page + 1, **args))
    return row
