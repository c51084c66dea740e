"""Answers to typed questions: workshops and lectures found by hobby and date, FAQ, borrowing,
and the fallback with likely meanings and a librarian to ask."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models import Activity, FaqEntry, Library
from bot.engine import views
from bot.engine.actions import action
from bot.engine.context import Context
from bot.engine.flows.event_answers import answer_about_events, window
from bot.engine.flows.menu import back_to_menu
from bot.engine.types import Button
from bot.services.activities import materials_for
from bot.services.events import EventListing, upcoming_events

PAGE = 4
# Offered when the bot has no guess at all: what families come for most.
DEFAULT_MEANINGS = ("discover", "event_search", "faq")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# What the fallback buttons lead to, per likely intent.
INTENT_ACTIONS = {
    "discover": "discover.start",
    "event_search": "agenda.show",
    "lecture_search": "answers.lectures",
    "register": "agenda.show",
    "cancel": "registrations.mine",
    "my_registrations": "registrations.mine",
    "borrow": "answers.borrow",
    "faq": "help.show",
    "privacy": "privacy.show",
    "unsubscribe": "settings.show",
    "help": "help.show",
}


def _find(
    ctx: Context,
    kinds: tuple[str, ...],
    activity: str | None,
    category: str | None,
    date_from: str | None,
    date_to: str | None,
    page: int = 0,
    age: int | None = None,
) -> list[EventListing]:
    """One page of what was asked for, plus the first of the next page when there is one
    (filtered and paged in the query: loading every upcoming event took most of a reply)."""
    start, end = window(ctx, date_from, date_to)
    return upcoming_events(
        ctx.session,
        start,
        kinds=kinds,
        activity=activity,
        category=category,
        before=end,
        include_rounds=True,
        age=age,
        limit=PAGE + 1,
        offset=max(int(page), 0) * PAGE,
    )


def _list(
    ctx: Context,
    heading: str,
    found: list[EventListing],
    page: int,
    more: dict[str, object],
    action_name: str,
) -> None:
    """`found` as `_find` gives it: this page, and whether there is a next one."""
    shown = found[:PAGE]
    parts = [heading, *(views.event_summary(ctx, li) for li in shown)]
    rows = [
        [ctx.button(views.short_label(ctx, li.event), "agenda.event", event_id=li.event.id)]
        for li in shown
    ]
    if len(found) > PAGE:
        rows.append([ctx.button(ctx.t("nav.more"), action_name, page=page + 1, **more)])
    rows.append([back_to_menu(ctx)])
    ctx.say("\n\n".join(parts), rows)


@action("answers.events")
def events(
    ctx: Context,
    activity: str | None = None,
    category: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int = 0,
    age: int | None = None,
) -> None:
    found = _find(ctx, ("workshop",), activity, category, date_from, date_to, page, age)
    what = _what(ctx, activity, category)
    more: dict[str, object] = {"activity": activity, "category": category}
    more |= {"date_from": date_from, "date_to": date_to}
    if age is not None and not found and not page:
        everything = _find(ctx, ("workshop",), activity, category, date_from, date_to)
        if everything:  # none for this age: say so, and show what there is
            named = what or ctx.t("answers.workshops")
            heading = ctx.t("answers.events_age_none", what=named, age=age)
            _list(ctx, heading, everything, 0, more, "answers.events")
            return
    if age is not None:
        what = _for_age(ctx, what, age)
        more["age"] = age
    # (a page past the end, from an old "more" button, shows the heading as it always did)
    if found or (page and _find(ctx, ("workshop",), activity, category, date_from, date_to)):
        heading = _about_what(ctx, "answers.events_found", what)
        _list(ctx, heading, found, page, more, "answers.events")
        return
    rows = _nothing_found_rows(ctx, activity, category, bool(date_from or date_to))
    ctx.say(_about_what(ctx, "answers.events_none", what), rows)


def _for_age(ctx: Context, what: str | None, age: int) -> str:
    if what is None:
        return ctx.t("answers.any_for_age", age=age)
    return ctx.t("answers.for_age", what=what, age=age)


def _about_what(ctx: Context, key: str, what: str | None) -> str:
    """'Dit vond ik voor judo:', or without a subject 'Deze workshops vond ik:' (never
    'voor workshops')."""
    return ctx.t(f"{key}_any") if what is None else ctx.t(key, what=what)


def _nothing_found_rows(
    ctx: Context, activity: str | None, category: str | None, dated: bool
) -> list[list[Button]]:
    """Ways on when nothing matched: other dates, similar hobbies (not this one), the agenda."""
    rows: list[list[Button]] = []
    other_dates = dated and _find(ctx, ("workshop",), activity, category, None, None)
    if other_dates:  # the same hobby at other dates
        rows.append(
            [
                ctx.button(
                    ctx.t("answers.other_dates"),
                    "answers.events",
                    activity=activity,
                    category=category,
                )
            ]
        )
    if activity is not None:
        hobby = ctx.session.get(Activity, activity)
        if hobby is not None:
            rows.append(
                [
                    ctx.button(
                        ctx.t("answers.similar"),
                        "discover.category",
                        category=hobby.category,
                        exclude=hobby.slug,
                    )
                ]
            )
    rows.append([ctx.button(ctx.t("menu.agenda"), "agenda.show"), back_to_menu(ctx)])
    return rows


def _what(ctx: Context, activity: str | None, category: str | None) -> str | None:
    """The subject of a search: a hobby or a kind, or None for workshops in general."""
    if activity is not None and (hobby := ctx.session.get(Activity, activity)) is not None:
        return views.pick(hobby.name, ctx.language)
    if category is not None:
        return ctx.t(f"discover.category.{category}")
    return None


@action("answers.lectures")
def lectures(
    ctx: Context, date_from: str | None = None, date_to: str | None = None, page: int = 0
) -> None:
    found = _find(ctx, ("lecture",), None, None, date_from, date_to, page)
    if not found and not (page and _find(ctx, ("lecture",), None, None, date_from, date_to)):
        ctx.say(
            ctx.t("answers.lectures_none"),
            [[ctx.button(ctx.t("menu.agenda"), "agenda.show"), back_to_menu(ctx)]],
        )
        return
    _list(
        ctx,
        ctx.t("agenda.heading.lectures"),
        found,
        page,
        {"date_from": date_from, "date_to": date_to},
        "answers.lectures",
    )


@action("answers.faq")
def faq(
    ctx: Context,
    topic: str | None = None,
    activity: str | None = None,
    text: str = "",
    age: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> None:
    """A question that names a workshop gets that workshop's fact; else the FAQ's answer."""
    if answer_about_events(ctx, topic, activity, text, age, date_from, date_to):
        return
    if topic == "opening_hours":
        ctx.say(_opening_hours(ctx), [[_ask_librarian(ctx)], [back_to_menu(ctx)]])
        return
    entry = ctx.session.get(FaqEntry, topic) if topic else None
    if entry is None:
        ctx.say(ctx.t("help.text"), [[_ask_librarian(ctx)], [back_to_menu(ctx)]])
        return
    ctx.say(views.pick(entry.answer, ctx.language), [[_ask_librarian(ctx)], [back_to_menu(ctx)]])


def _ask_librarian(ctx: Context) -> Button:
    return ctx.button(ctx.t("answers.ask_librarian"), "handoff.ask")


def _opening_hours(ctx: Context) -> str:
    library = ctx.session.get(Library, ctx.family.library_id) if ctx.family.library_id else None
    library = library or ctx.session.scalars(select(Library).order_by(Library.id)).first()
    if library is None:
        return ctx.t("answers.no_library")
    lines = [ctx.t("answers.opening_heading", library=library.name, address=library.address)]
    for day in WEEKDAYS:
        spans = library.opening_hours.get(day) or []
        hours = ", ".join(s.replace("-", "–") for s in spans) or ctx.t("answers.closed")
        lines.append(ctx.t("answers.opening_line", day=ctx.t(f"answers.day.{day}"), hours=hours))
    return "\n".join(lines)


@action("answers.borrow")
def borrow(ctx: Context, activity: str | None = None) -> None:
    hobby = ctx.session.get(Activity, activity) if activity else None
    if hobby is None:
        ctx.say(
            ctx.t("answers.borrow_which"),
            [[ctx.button(ctx.t("menu.discover"), "discover.kinds")], [back_to_menu(ctx)]],
        )
        return
    materials = materials_for(ctx.session, hobby.slug, ctx.now)
    name = views.pick(hobby.name, ctx.language)
    if not materials:
        ctx.say(ctx.t("answers.borrow_none", hobby=name), [[back_to_menu(ctx)]])
        return
    lines = [ctx.t("answers.borrow_heading", hobby=name)]
    lines += [
        ctx.t("activity.borrow_item", title=views.pick(m.title, ctx.language), count=m.loan_days)
        for m in materials
    ]
    lines.append(ctx.t("answers.borrow_how"))
    ctx.say(
        "\n".join(lines),
        [
            [
                ctx.button(
                    ctx.t("agenda.about_activity", name=name), "discover.activity", slug=hobby.slug
                )
            ],
            [back_to_menu(ctx)],
        ],
    )


@action("answers.unknown")
def unknown(ctx: Context, alternatives: list[str] | None = None) -> None:
    """The likeliest meanings as buttons, or what the bot does best when it has no guess;
    always a librarian to ask."""
    likely = [i for i in (alternatives or []) if i in INTENT_ACTIONS][:3]
    meanings = likely or list(DEFAULT_MEANINGS)
    rows = [[ctx.button(ctx.t(f"answers.maybe.{i}"), INTENT_ACTIONS[i])] for i in meanings]
    rows.append([ctx.button(ctx.t("answers.ask_librarian"), "handoff.ask")])
    rows.append([back_to_menu(ctx)])
    ctx.say(ctx.t("answers.unknown" if likely else "answers.unknown_none"), rows)
