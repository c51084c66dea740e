"""The composer's audience picker: the same audiences as /omroep and `talentbot broadcast
send` (all, event:ID, waitlist:ID, category:X, activity:SLUG, age:MIN-MAX) as grouped
options, the audience read back from the form, and each audience said in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.db.models import Activity, Event
from bot.engine.flows.staff.audience import AGE_RANGES
from bot.services import staff
from bot.services.audiences import CATEGORIES, MAX_AGE, MIN_AGE, BroadcastError
from bot.timeutil import format_day_with_year, local
from bot.web.visit import Visit

OTHER_AGES = "age"  # the option whose ages are typed in the two fields below the list
# The service's refusals (keyed for the chat) as the web says them.
ERRORS = {
    "staff.audience_unknown": "office_broadcast.error.unknown",
    "staff.audience_unknown_hobby": "office_broadcast.error.unknown_hobby",
    "staff.audience_bad_ages": "office_broadcast.error.bad_ages",
    "staff.broadcast_nobody": "office_broadcast.error.nobody",
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ChoiceGroup:
    label: str
    choices: list[Choice]


@dataclass(frozen=True)
class Picked:
    """What the form says: the audience, and how the picker shows it again."""

    audience: str
    option: str
    age_from: str = ""
    age_to: str = ""


def choices(visit: Visit) -> list[ChoiceGroup]:
    """Every audience this member may address; a partner only their own events' (as /omroep)."""
    t = visit.t
    events = staff.visible_events(visit.session, visit.member, visit.now)
    own = [
        ChoiceGroup(t("office_broadcast.group.event"), _events(visit, events, "event")),
        ChoiceGroup(t("office_broadcast.group.waitlist"), _events(visit, events, "waitlist")),
    ]
    if visit.member.role == "partner":
        return own
    activities = visit.session.scalars(select(Activity).order_by(Activity.slug))
    ages = [
        Choice(f"age:{r}", t("office_broadcast.option.ages", min=low, max=high))
        for r in AGE_RANGES
        for low, high in [r.split("-")]
    ]
    ages.append(Choice(OTHER_AGES, t("office_broadcast.option.ages_other")))
    return [
        ChoiceGroup(
            t("office_broadcast.group.everyone"), [Choice("all", t("office_broadcast.option.all"))]
        ),
        ChoiceGroup(
            t("office_broadcast.group.kinds"),
            [
                Choice(f"category:{c}", t("office_broadcast.option.kind", kind=_kind(visit, c)))
                for c in CATEGORIES
            ],
        ),
        ChoiceGroup(
            t("office_broadcast.group.hobbies"),
            [Choice(f"activity:{a.slug}", t.name(a.name)) for a in activities],
        ),
        ChoiceGroup(t("office_broadcast.group.ages"), ages),
        *own,
    ]


def _events(visit: Visit, events: list[Event], kind: str) -> list[Choice]:
    key = f"office_broadcast.option.{kind}"
    return [
        Choice(f"{kind}:{e.id}", visit.t(key, title=visit.t.name(e.title), when=_when(visit, e)))
        for e in events
    ]


def _when(visit: Visit, event: Event) -> str:
    return visit.t.span(event.start, event.end)


def _kind(visit: Visit, category: str) -> str:
    return visit.t(f"office_broadcast.kind.{category}")


def picked(fields: Mapping[str, str]) -> Picked:
    """The audience of the form: a hidden `audience` (preview, confirm), or the picker's
    option with the typed ages for "other ages"."""
    if fields.get("audience"):
        return shown(fields["audience"].strip())
    option = fields.get("doelgroep", "").strip()
    if option != OTHER_AGES:
        return Picked(option, option)
    low, high = fields.get("van", "").strip(), fields.get("tot", "").strip()
    return Picked(f"age:{low}-{high or low}", OTHER_AGES, low, high)


def shown(audience: str) -> Picked:
    """How the picker shows an audience again: an age range not in the list as typed ages."""
    kind, _, value = audience.partition(":")
    if kind == "age" and value not in AGE_RANGES:
        low, _, high = value.partition("-")
        return Picked(audience, OTHER_AGES, low, high)
    return Picked(audience, audience)


def describe(visit: Visit, audience: str) -> str:
    """An audience in words, as in the preview and the history."""
    t = visit.t
    kind, _, value = audience.partition(":")
    if kind in ("event", "waitlist"):
        event = visit.session.get(Event, value)
        title = t.name(event.title) if event is not None else value
        return t(f"office_broadcast.audience.{kind}", title=title)
    if kind == "category" and value in CATEGORIES:
        return t("office_broadcast.audience.kind", kind=_kind(visit, value))
    if kind == "activity":
        activity = visit.session.get(Activity, value)
        hobby = t.name(activity.name) if activity is not None else value
        return t("office_broadcast.audience.hobby", hobby=hobby)
    if kind == "age" and value.count("-") == 1:
        low, high = value.split("-")
        return t("office_broadcast.audience.ages", min=low, max=high)
    return t("office_broadcast.audience.all") if audience == "all" else audience


def refusal(visit: Visit, error: BroadcastError) -> str:
    params = {"min": MIN_AGE, "max": MAX_AGE, **error.params}
    return visit.t(ERRORS.get(error.key, error.key), **params)


def moment(visit: Visit, when: datetime) -> str:
    """'dinsdag 24 november 2026 10:00': when a broadcast was made."""
    at = local(when)
    return f"{format_day_with_year(at.date(), visit.t.language)} {at:%H:%M}"
