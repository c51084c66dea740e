"""Programme figures for staff: reach, registrations, attendance, demand, ratings, follow-ups.

Scope: events whose start falls on a day (Europe/Amsterdam) within [date_from, date_to], either
bound optional, of one library or all, and optionally of one partner only (what a partner's
staff may see: their own organisation's events). Every registration of those events counts,
including anonymous rows of forgotten families (family and child NULL).

Definitions (the same for the totals and for each category or partner group):

- children_reached: unique children with at least one confirmed or attended registration.
  A child is known by its child row; a row without one (the family was forgotten, or the child
  removed) cannot be matched to others and counts once per registration, but only when it
  carries an age: ages are recorded for children only, so parent seats never count as children.
  Within a group a child counts once; the same child can appear in several groups.
- workshops: workshops in scope that are not cancelled (event-day containers are not counted).
- attendance: registrations of events under way, that is started by `now` or with someone
  already checked in (the door opens before the start, so every check-in counts and
  `attended` always equals registrations' `attended`), with status confirmed, attended or
  no_show (`expected`); `unrecorded` are the confirmed ones not (yet) checked in. Rates are
  attended (or no_show) divided by attended + no_show, so missing check-ins do not count as
  absences; None when nothing was recorded.
- waiting_list: now waitlisted, now offered, and `ever_waitlisted` (every row that was given a
  waiting-list place, whatever became of it).
- rating: mean of the 1–10 ratings of all events in scope, lectures included, rounded half up
  to one decimal, with the number of ratings.
- follow_up: answers to the "did your child continue?" question; conversion is joined /
  answered.
- parent_lectures: lectures in scope (not cancelled) and their seats: registered (confirmed,
  attended or no_show), attended, no_show.

`Report.as_json()` keys (stable; rates are fractions 0..1 rounded to 3 decimals or null):

    library, from, to, generated_at (ISO 8601, Amsterdam offset)
    totals: FIGURES
    per_category: [{"category": sportief|creatief|cognitief|null, **FIGURES}]
    per_partner: [{"partner": id|null, "partner_name": str|null, **FIGURES}]
    workshops: [{"id", "title", "title_en", "start", "category", "partner",
                 "children_reached", "attended", "no_show", "rating": RATING}]
    comments: [{"event_id", "title", "given_at", "text"}]  (feedback on events in scope,
                 newest first, at most 100)

    FIGURES = {"workshops", "children_reached",
               "registrations": {"total", "confirmed", "waitlisted", "offered", "cancelled",
                                 "attended", "no_show"},
               "attendance": {"expected", "attended", "no_show", "unrecorded",
                              "attendance_rate", "no_show_rate"},
               "waiting_list": {"waitlisted", "offered", "ever_waitlisted"},
               "rating": RATING = {"average", "count"},
               "follow_up": {"answered", "joined", "more", "no", "conversion"},
               "parent_lectures": {"events", "registered", "attended", "no_show"}}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.services.feedback import comments_about
from bot.services.report_figures import Row, figures, under_way, workshop_figures
from bot.services.report_types import CategoryFigures, Figures, PartnerFigures, Report
from bot.timeutil import from_local, now_utc

CATEGORIES = ("sportief", "creatief", "cognitief")


def build_report(
    session: Session,
    *,
    library_id: str | None,
    date_from: date | None,
    date_to: date | None,
    now: datetime | None = None,
    partner_id: str | None = None,
) -> Report:
    """The figures of the events in scope; `now` decides which events count as past.

    With `partner_id` only that partner's events count, and feedback about the programme in
    general (no event) is left out: it is the library's, not the partner's.
    """
    now = now or now_utc()
    scope = _scope(library_id, date_from, date_to, partner_id)
    events = list(session.scalars(select(Event).where(*scope).order_by(Event.start, Event.id)))
    facts = _Facts(events, _registration_rows(session, scope), now)
    library_comments = library_id if partner_id is None else None
    return Report(
        library=library_id,
        date_from=date_from,
        date_to=date_to,
        generated_at=now,
        totals=facts.figures_for(events),
        per_category=_per_category(facts),
        per_partner=_per_partner(facts),
        workshops=tuple(
            workshop_figures(e, facts.rows_of[e.id], _category(e), e.id in facts.under_way)
            for e in events
            if e.kind == "workshop"
        ),
        comments=comments_about(session, events, library_comments),
    )


class _Facts:
    """The events in scope and their registrations, grouped by event."""

    def __init__(self, events: list[Event], rows: Iterable[Row], now: datetime) -> None:
        self.events = events
        self.by_event = {e.id: e for e in events}
        self.rows_of: dict[str, list[Row]] = {e.id: [] for e in events}
        for row in rows:
            self.rows_of[row.event_id].append(row)
        self.under_way = {e.id for e in events if under_way(e, self.rows_of[e.id], now)}

    def figures_for(self, selected: Iterable[Event]) -> Figures:
        chosen = list(selected)
        rows = [row for e in chosen for row in self.rows_of[e.id]]
        return figures(chosen, rows, self.by_event, self.under_way)


def _per_category(facts: _Facts) -> tuple[CategoryFigures, ...]:
    categories = _ordered_keys((_category(e) for e in facts.events), always=CATEGORIES)
    return tuple(
        CategoryFigures(c, facts.figures_for(e for e in facts.events if _category(e) == c))
        for c in categories
    )


def _per_partner(facts: _Facts) -> tuple[PartnerFigures, ...]:
    names = {e.partner_id: e.partner.name if e.partner else None for e in facts.events}
    return tuple(
        PartnerFigures(p, names[p], facts.figures_for(e for e in facts.events if e.partner_id == p))
        for p in _ordered_keys(names)
    )


def _scope(
    library_id: str | None,
    date_from: date | None,
    date_to: date | None,
    partner_id: str | None = None,
) -> list[ColumnElement[bool]]:
    """Conditions on Event; used joined, so no long IN lists reach the database."""
    conditions: list[ColumnElement[bool]] = []
    if library_id is not None:
        conditions.append(Event.library_id == library_id)
    if partner_id is not None:
        conditions.append(Event.partner_id == partner_id)
    # Day bounds are Amsterdam midnights, so an event at 00:30 local lands on its own day.
    if date_from is not None:
        conditions.append(Event.start >= from_local(datetime.combine(date_from, time.min)))
    if date_to is not None:
        next_day = datetime.combine(date_to + timedelta(days=1), time.min)
        conditions.append(Event.start < from_local(next_day))
    return conditions


def _registration_rows(session: Session, scope: list[ColumnElement[bool]]) -> list[Row]:
    query = (
        select(
            Registration.id,
            Registration.event_id,
            Registration.child_id,
            Registration.status,
            Registration.waitlist_position,
            Registration.age_at_registration,
            Registration.rating,
            Registration.follow_up,
        )
        .join(Event, Event.id == Registration.event_id)
        .where(*scope)
    )
    return [Row(*values) for values in session.execute(query)]


def _category(event: Event) -> str | None:
    return event.activity.category if event.activity else None


def _ordered_keys(keys: Iterable[str | None], *, always: Sequence[str] = ()) -> list[str | None]:
    """`always` in its fixed order (zeros when absent), others sorted, None (no group) last."""
    present = set(keys)
    ordered: list[str | None] = list(always)
    ordered += sorted(k for k in present if k is not None and k not in always)
    if None in present:
        ordered.append(None)
    return ordered
