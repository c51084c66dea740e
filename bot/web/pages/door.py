"""/beheer/activiteit/{id}/binnenkomst: check-in at the door on a tablet or phone. The list
is bot/services/checkin.py's door list, in a fixed alphabetical order (a tap never moves a
name); "Binnen" only checks in and "Ongedaan maken" only undoes, so a double tap or a stale
page changes nothing twice. Every tap is a plain form POST that comes back to the row
(#r<id>); static/door.js does the same with fetch and updates the row in place."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.db.models import Event, Registration
from bot.db.states import RegistrationStatus
from bot.services import checkin
from bot.services.checkin import Door
from bot.timeutil import format_day, format_day_with_year, local
from bot.web.pages.event_scope import event_path, event_registration, visible_event, who
from bot.web.visit import Visit, page

SHOW_LETTERS = 12  # a longer list gets letter buttons, as in the chat
QUERY_LENGTH = 30


@page()
def door_page(visit: Visit) -> Response:
    event = visible_event(visit, visit.request.path_params["event_id"])
    query = _query(visit.request.query_params.get("zoek", ""))
    everyone = [(r, who(visit, r)) for r in checkin.door_list(visit.session, event.id)]
    shown = [(r, p) for r, p in everyone if checkin.matches(str(p["name"]), query)]
    arrived = sum(r.status == RegistrationStatus.ATTENDED for r, _ in everyone)
    return visit.render(
        "door.html",
        event=event,
        base=event_path(event),
        door=closed_because(visit, event),
        rows=[_row(r, person) for r, person in (shown if query else everyone)],
        letters=_letters([str(p["name"]) for _, p in everyone])
        if len(everyone) > SHOW_LETTERS
        else [],
        query=query,
        arrived=arrived,
        total=len(everyone),
    )


def _query(text: str) -> str:
    return " ".join(text.split())[:QUERY_LENGTH]


def closed_because(visit: Visit, event: Event) -> str:
    """ "" when check-in is open, else the sentence that says why not."""
    days_before = visit.request.app.state.office.settings.checkin_days_before
    state = checkin.door(event, visit.now, days_before)
    if state == Door.OPEN:
        return ""
    opens = checkin.opening_day(event, days_before)
    same_year = opens.year == local(visit.now).year
    day = (format_day if same_year else format_day_with_year)(opens, visit.t.language)
    return visit.t(f"office_event.door.{state}", day=day)


def _row(registration: Registration, person: dict[str, object]) -> dict[str, object]:
    attended = registration.status == RegistrationStatus.ATTENDED
    return {"id": registration.id, "attended": attended, **person}


def _letters(names: list[str]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for name in names:
        letter = checkin.initial(name)
        counts[letter] = counts.get(letter, 0) + 1
    return sorted(counts.items())


@page()
def arrive(visit: Visit) -> Response:
    return _tap(visit, checked_in=True)


@page()
def undo(visit: Visit) -> Response:
    return _tap(visit, checked_in=False)


def _tap(visit: Visit, *, checked_in: bool) -> Response:
    params = visit.request.path_params
    event = visible_event(visit, params["event_id"])
    registration = event_registration(visit, event, params["registration_id"])
    days_before = visit.request.app.state.office.settings.checkin_days_before
    if checkin.door(event, visit.now, days_before) != Door.OPEN:
        return _back(visit, event, registration, "door_closed")
    if checked_in and checkin.arrive(registration, visit.now):
        visit.audit("checkin", str(registration.id), event=event.id)
        return _back(visit, event, registration, "checked_in")
    if not checked_in and checkin.undo(registration, visit.now):
        visit.audit("checkin.undo", str(registration.id), event=event.id)
        return _back(visit, event, registration, "undone")
    # Nothing changed: a second tap, or a page older than the list.
    if not checked_in:
        return _back(visit, event, registration, "not_in")
    attended = registration.status == RegistrationStatus.ATTENDED
    return _back(visit, event, registration, "already_in" if attended else "no_seat")


def _back(visit: Visit, event: Event, registration: Registration, notice: str) -> Response:
    """To the same list (the same search) at the same row."""
    query = _query(visit.form.get("zoek", ""))
    filters = {"zoek": query} if query else {}
    response: RedirectResponse = visit.redirect(
        event_path(event, "binnenkomst"), f"office_event.notice.{notice}", **filters
    )
    response.headers["location"] += f"#r{registration.id}"
    return response


ROUTES = [
    Route("/beheer/activiteit/{event_id}/binnenkomst", door_page, methods=["GET"]),
    Route(
        "/beheer/activiteit/{event_id}/binnenkomst/{registration_id:int}/binnen",
        arrive,
        methods=["POST"],
    ),
    Route(
        "/beheer/activiteit/{event_id}/binnenkomst/{registration_id:int}/ongedaan",
        undo,
        methods=["POST"],
    ),
]
