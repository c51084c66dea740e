"""Answers about the workshop or lecture a question names: "hoeveel kost kerstkoken?" gets
Kerstkoken's price, "wat moet je meenemen naar judo" what to bring to judo, "mag mijn zoon
van 13 mee met judo" whether 13 fits, not the general FAQ answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from bot.engine import views
from bot.engine.context import Context
from bot.engine.flows.menu import back_to_menu
from bot.nlu.text import normalize, split_words
from bot.services.events import EventListing, fits_age, upcoming_events
from bot.timeutil import AMSTERDAM

EVENT_TOPICS = frozenset({"cost", "bring", "location", "age"})
MOST = 3  # events answered about in one message
MIN_TITLE_WORD = 4  # "de", "en", "je" in a title name no event


def named_events(
    ctx: Context,
    activity: str,
    text: str,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[EventListing]:
    """The activity's upcoming events; those whose title the text names when it names one
    ("kerstkoken" of the two cooking workshops)."""
    start, end = window(ctx, date_from, date_to)
    listings = upcoming_events(
        ctx.session, start, activity=activity, before=end, include_rounds=True, limit=20
    )
    said = set(split_words(normalize(text)))
    named = [li for li in listings if _title_words(li) & said]
    return (named or listings)[:MOST]


def answer_about_events(
    ctx: Context,
    topic: str | None,
    activity: str | None,
    text: str = "",
    age: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> bool:
    """Say the topic's fact for each event the question names; False when it names none."""
    if topic not in EVENT_TOPICS or activity is None:
        return False
    found = named_events(ctx, activity, text, date_from, date_to)
    if not found:
        return False
    lines = [_fact(ctx, listing, topic, age) for listing in found]
    rows = [
        [ctx.button(views.short_label(ctx, li.event), "agenda.event", event_id=li.event.id)]
        for li in found
    ]
    rows.append([ctx.button(ctx.t("answers.ask_librarian"), "handoff.ask")])
    rows.append([back_to_menu(ctx)])
    ctx.say("\n\n".join(lines), rows)
    return True


def _fact(ctx: Context, listing: EventListing, topic: str, age: int | None) -> str:
    event = listing.event
    if topic == "cost":
        fact = views.price(ctx, event.price_eur)
    elif topic == "bring":
        bring = views.pick(event.bring, ctx.language)
        fact = ctx.t("event.bring", bring=bring) if bring else ctx.t("answers.bring_nothing")
    elif topic == "location":
        fact = ctx.t("event.place", place=event.location.name, address=event.location.address)
    else:
        fact = views.ages(ctx, event.min_age, event.max_age) or ctx.t("answers.all_ages")
        if age is not None:
            fits = fits_age(age, event.min_age, event.max_age)
            fact += "\n" + ctx.t("answers.age_fits" if fits else "answers.age_not", age=age)
    title = views.pick(event.title, ctx.language)
    return ctx.t("answers.event_fact", title=title, when=views.when(ctx, event), fact=fact)


def _title_words(listing: EventListing) -> set[str]:
    """The title's own words: not the hobby's name ("koken" names both cooking workshops)."""
    event = listing.event
    hobby = _words(event.activity.name) if event.activity is not None else set()
    return {w for w in _words(event.title) if len(w) >= MIN_TITLE_WORD} - hobby - _GENERIC


def _words(texts: object) -> set[str]:
    values = texts.values() if isinstance(texts, Mapping) else [texts]
    return {word for text in values for word in split_words(normalize(str(text)))}


# Words in many titles that do not pick one event out.
_GENERIC = frozenset({"workshop", "proberen", "proefles", "voor", "beginners", "your", "with"})


def window(
    ctx: Context, date_from: str | None, date_to: str | None
) -> tuple[datetime, datetime | None]:
    """From a question's first day (not before now) to the end of its last day."""
    start = ctx.now
    if date_from:
        start = max(start, datetime.combine(date.fromisoformat(date_from), time.min, AMSTERDAM))
    end = None
    if date_to:
        end = datetime.combine(date.fromisoformat(date_to) + timedelta(days=1), time.min, AMSTERDAM)
    return start, end
