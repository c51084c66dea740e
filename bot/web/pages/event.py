"""/beheer/activiteit/{id}: an event's facts, counts and registrations; registering a child
at the desk (bot/services/desk.py, as `talentbot registrations add`) and cancelling a
registration after a confirmation (the seat passes on, as `talentbot registrations cancel`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.numbers import format_currency
from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import Event, Registration
from bot.db.states import ACTIVE_STATUSES
from bot.services import desk, exports
from bot.services import registrations as regs
from bot.services.office_agenda import event_row
from bot.services.seats import waitlist_rank
from bot.timeutil import format_day_with_year, local
from bot.web.pages.event_scope import event_path, event_registration, visible_event, who
from bot.web.visit import NotFound, Visit, page

NAME_LENGTH = 60  # longer than any first name the service accepts; it says what is wrong


@page()
def event_page(visit: Visit) -> Response:
    event = visible_event(visit, visit.request.path_params["event_id"])
    return _render(visit, event)


def _render(visit: Visit, event: Event, status: int = 200, **desk_form: Any) -> Response:
    attendees = exports.attendee_list(visit.session, event.id)
    assert attendees is not None  # the event was just found
    return visit.render(
        "event.html",
        status,
        event=event,
        base=event_path(event),
        facts=facts(visit, event),
        counts=event_row(visit.session, event),
        rows=attendees.rows,
        cancellable=[str(status) for status in ACTIVE_STATUSES],
        outcome=_outcome(visit, event),
        problem=desk_form.get("problem", ""),
        values=desk_form.get("values", {}),
    )


def facts(visit: Visit, event: Event) -> list[tuple[str, str]]:
    """The event's facts as (label, value), in the visitor's language."""
    t = visit.t
    partner = event.partner.name if event.partner else t("office_event.facts.no_partner")
    where = event.location.name if event.location else ""
    if event.location and event.location.address:
        where = f"{where}, {event.location.address}"
    if event.capacity is None:
        capacity = t("office_event.facts.walk_in")
    else:
        capacity = t("office_event.facts.capacity_of", capacity=event.capacity)
    rows = [
        ("when", t.span(event.start, event.end)),
        ("where", where),
        ("partner", partner),
        ("capacity", capacity),
        ("ages", _ages(visit, event)),
        ("price", _price(visit, event.price_eur)),
        ("bring", t.name(event.bring) or t("office_event.facts.nothing")),
        ("status", t(f"office_event.facts.{event.status}")),
    ]
    return [(t(f"office_event.facts.{key}"), value) for key, value in rows]


def _ages(visit: Visit, event: Event) -> str:
    low, high = event.min_age, event.max_age
    if low is not None and high is not None:
        return visit.t("office_event.facts.ages_range", min=low, max=high)
    if low is not None:
        return visit.t("office_event.facts.ages_from", min=low)
    if high is not None:
        return visit.t("office_event.facts.ages_until", max=high)
    return visit.t("office_event.facts.ages_all")


def _price(visit: Visit, amount: float) -> str:
    if not amount:
        return visit.t("office_event.facts.free")
    locale = "nl_NL" if visit.t.language == "nl" else "en_GB"
    return format_currency(amount, "EUR", locale=locale)


def _outcome(visit: Visit, event: Event) -> str:
    """After a desk registration: where the child stands now, read from the database."""
    number = visit.request.query_params.get("ingeschreven", "")
    if not number.isdigit():
        return ""
    try:
        registration = event_registration(visit, event, int(number))
    except NotFound:
        return ""  # a forged or stale number shows nothing
    place = waitlist_rank(visit.session, registration)
    status = str(registration.status)
    if status not in ("confirmed", "waitlisted", "offered"):
        return ""
    return visit.t(f"office_event.desk.{status}", place=place, **who(visit, registration))


@page()
def desk_register(visit: Visit) -> Response:
    event = visible_event(visit, visit.request.path_params["event_id"])
    if not visit.first_submit():  # sent twice (a double tap, a resent form): once is enough
        return visit.redirect(event_path(event), "office_event.notice.sent_twice")
    name = visit.form.get("first_name", "")[:NAME_LENGTH]
    age = visit.form.get("age", "").strip()[:3]
    values = {"first_name": name, "age": age}
    result = desk.register_at_desk(
        visit.session,
        event_id=event.id,
        first_name=name,
        age=age,
        now=visit.now,
        consent=visit.form.get("consent") == "ja",
    )
    if result.registration is None:
        reason = f"office_event.refused.{result.reason}"
        problem = visit.t(reason, **_readable(visit, result.params))
        return _render(visit, event, 422, problem=problem, values=values)
    registration = result.registration
    visit.audit(
        "registration.desk",
        str(registration.id),
        event=event.id,
        status=str(registration.status),
        already=result.already,
    )
    notice = "already_registered" if result.already else "registered"
    return visit.redirect(
        event_path(event), f"office_event.notice.{notice}", ingeschreven=registration.id
    )


def _readable(visit: Visit, params: dict[str, object]) -> dict[str, object]:
    """A refusal's values as the page says them: a moment as a day and time."""
    return {
        key: f"{format_day_with_year(local(value).date(), visit.t.language)} {local(value):%H:%M}"
        if isinstance(value, datetime)
        else value
        for key, value in params.items()
    }


@page()
def cancel_question(visit: Visit) -> Response:
    event, registration = _event_and_registration(visit)
    if registration.status not in ACTIVE_STATUSES:
        return visit.redirect(event_path(event), "office_event.notice.not_active")
    return visit.render(
        "event_cancel.html",
        event=event,
        registration=registration,
        base=event_path(event),
        person=who(visit, registration),
    )


@page()
def cancel_registration(visit: Visit) -> Response:
    event, registration = _event_and_registration(visit)
    if registration.status not in ACTIVE_STATUSES:  # a second tap, or a stale page
        return visit.redirect(event_path(event), "office_event.notice.not_active")
    before = str(registration.status)
    moved = regs.cancel(visit.session, registration, visit.now, reason="by_staff")
    visit.audit(
        "registration.cancel",
        str(registration.id),
        event=event.id,
        was=before,
        moved_up=[r.id for r in moved],
    )
    notice = "cancelled_moved_up" if moved else "cancelled"
    return visit.redirect(event_path(event), f"office_event.notice.{notice}")


def _event_and_registration(visit: Visit) -> tuple[Event, Registration]:
    params = visit.request.path_params
    event = visible_event(visit, params["event_id"])
    return event, event_registration(visit, event, params["registration_id"])


ROUTES = [
    Route("/beheer/activiteit/{event_id}", event_page, methods=["GET"]),
    Route("/beheer/activiteit/{event_id}/inschrijven", desk_register, methods=["POST"]),
    Route(
        "/beheer/activiteit/{event_id}/afmelden/{registration_id:int}",
        cancel_question,
        methods=["GET"],
    ),
    Route(
        "/beheer/activiteit/{event_id}/afmelden/{registration_id:int}",
        cancel_registration,
        methods=["POST"],
    ),
]
