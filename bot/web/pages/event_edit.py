"""Making and changing events in the back-office: a new activity, its details, moving it and
cancelling it. A change that families must hear of shows who will be told (and whom to call)
before it is confirmed; the same services as the chat tell them, through the outbox."""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response
from starlette.routing import Route

from bot.catalogue import event_edits, event_form
from bot.db.models import Event
from bot.db.states import EventStatus
from bot.services import event_changes, move_rules, staff
from bot.services.catalogue_edits import editor
from bot.services.change_audience import Audience, audience
from bot.timeutil import format_day_with_year, from_local, local
from bot.web.pages.event_views import choices, preview_values, problem_text
from bot.web.visit import NotFound, Visit, page

BASE = "/beheer/activiteit"


def _event(visit: Visit) -> Event:
    """The event of the path, if this visitor may see it (else 404, whoever's it is)."""
    event = visit.session.get(Event, visit.request.path_params["event_id"])
    if event is None or not staff.may_see_event(visit.member, event):
        raise NotFound
    return event


def _by(visit: Visit) -> str:
    return editor("web", visit.member.telegram_id)


def _form(
    visit: Visit,
    values: dict[str, str],
    problems: list,
    event: Event | None,
    *,
    version: str = "",
    stale: bool = False,
) -> Response:
    status = 409 if stale else 422 if problems else 200
    return visit.render(
        "event_form.html",
        status,
        event=event,
        values=values,
        version=version,
        stale=stale,
        problems={p.field: problem_text(visit.t, p) for p in problems},
        choices=choices(visit.session, visit.member, visit.t),
    )


@page(changes_catalogue=True)
def new_event(visit: Visit) -> Response:
    if visit.request.method == "GET":
        start = visit.request.query_params.get("start", "")
        partner = visit.member.partner_id or ""
        values = {"kind": "workshop", "audience": "kids", "start": start, "partner": partner}
        return _form(visit, values, [], None)
    event_id = event_form.new_event_id(visit.session, visit.form)
    item, problems = event_form.read_form(visit.session, visit.form, visit.member, event_id)
    if item is None:
        return _form(visit, dict(visit.form), problems, None)
    if not visit.first_submit():  # a double tap or a resent form: one workshop
        return visit.redirect("/beheer", notice="office_edit.notice.saved_already")
    event = event_edits.create(visit.session, item, _by(visit), visit.now)
    visit.audit("web.event_create", event.id)
    return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.created")


@page(changes_catalogue=True)
def edit_event(visit: Visit) -> Response:
    event = _event(visit)
    current = event_form.form_values(event)
    if visit.request.method == "GET":
        return _form(visit, current, [], event, version=_version(event))
    if visit.form.get("versie") != _version(event):  # a colleague saved since it was opened
        return _form(visit, current, [], event, version=_version(event), stale=True)
    # The time changes only through "Verplaatsen", with its own checks and preview.
    fields = {**visit.form, "start": current["start"], "end": current["end"]}
    item, problems = event_form.read_form(visit.session, fields, visit.member, event.id)
    if item is None:
        return _form(visit, dict(visit.form), problems, event, version=_version(event))
    changed = event_edits.changes(event, item)
    if not changed:
        return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.unchanged")
    told = event_edits.told_of(visit.session, event, changed)
    if told is not None and not _confirmed(visit, event):
        return _preview(visit, event, "edit", told, form=dict(visit.form))
    count = event_edits.save(visit.session, event, changed, _by(visit), visit.now)
    visit.audit("web.event_edit", event.id, fields=sorted(changed), told=count)
    return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.saved")


@page(changes_catalogue=True)
def move_event(visit: Visit) -> Response:
    event = _event(visit)
    if event.status != EventStatus.SCHEDULED:
        return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.not_scheduled")
    if visit.request.method == "GET":
        return visit.render(
            "event_move.html", event=event, value=_local_value(event.start), problem=""
        )
    start = _read_moment(visit.form.get("start", ""))
    problem = visit.t("office_edit.error.moment") if start is None else None
    if start is not None and (
        found := move_rules.move_problem(visit.session, event, start, visit.now)
    ):
        problem = _move_text(visit, event, found)
    if problem:
        value = visit.form.get("start", "")
        return visit.render("event_move.html", 422, event=event, value=value, problem=problem)
    if not _confirmed(visit, event):
        form = {"start": visit.form["start"]}
        return _preview(
            visit, event, "move", audience(visit.session, event.id), form=form, start=start
        )
    told = event_changes.move(visit.session, event, start, _by(visit), visit.now)
    visit.audit("web.event_move", event.id, told=told)
    return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.moved")


@page(changes_catalogue=True)
def cancel_event(visit: Visit) -> Response:
    event = _event(visit)
    if event.status != EventStatus.SCHEDULED:
        return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.not_scheduled")
    if visit.request.method == "GET" or not _confirmed(visit, event):
        return _preview(visit, event, "cancel", audience(visit.session, event.id), form={})
    told = event_changes.cancel(visit.session, event, _by(visit), visit.now)
    visit.audit("web.event_cancel", event.id, told=told)
    return visit.redirect(f"{BASE}/{event.id}", notice="office_edit.notice.cancelled")


def _confirmed(visit: Visit, event: Event) -> bool:
    """Confirmed on a preview of the event as it still is (not changed by someone since)."""
    return visit.form.get("bevestigd") == "1" and visit.form.get("versie") == _version(event)


def _version(event: Event) -> str:
    return event.updated_at.isoformat() if event.updated_at else ""


def _preview(
    visit: Visit,
    event: Event,
    what: str,
    told: Audience,
    form: dict[str, str],
    start: datetime | None = None,
) -> Response:
    stale = visit.form.get("bevestigd") == "1"  # confirmed on an older version of the event
    return visit.render(
        "event_preview.html",
        event=event,
        what=what,
        form={k: v for k, v in form.items() if k not in ("csrf_token", "bevestigd", "versie")},
        version=_version(event),
        stale=stale,
        **preview_values(visit.t, told, start),
    )


def _read_moment(text: str) -> datetime | None:
    """'2026-12-19T14:00' (a datetime-local field, Amsterdam time) as a UTC moment."""
    try:
        return from_local(datetime.fromisoformat(text.strip()))
    except (ValueError, OverflowError):
        return None


def _local_value(moment: datetime) -> str:
    return f"{local(moment):%Y-%m-%dT%H:%M}"


def _move_text(visit: Visit, event: Event, problem: move_rules.MoveProblem) -> str:
    t = visit.t
    if problem.limit is not None:
        return t(problem.key, limit=format_day_with_year(local(problem.limit).date(), t.language))
    if problem.key == "staff_change.move_same":
        return t(problem.key, when=t.span(event.start, event.end))
    if problem.day is not None:
        return t(
            problem.key,
            day=t.name(problem.day.title),
            when=t.span(problem.day.start, problem.day.end),
        )
    return t(problem.key)


ROUTES = [
    Route(f"{BASE}/nieuw", new_event, methods=["GET", "POST"]),
    Route(f"{BASE}/{{event_id}}/bewerken", edit_event, methods=["GET", "POST"]),
    Route(f"{BASE}/{{event_id}}/verplaatsen", move_event, methods=["GET", "POST"]),
    Route(f"{BASE}/{{event_id}}/afgelasten", cancel_event, methods=["GET", "POST"]),
]
