"""/beheer/inchecken/{code}: the page a registration's check-in QR code opens where the
deployment has no Telegram bot (bot/engine/checkin_link.py), scanned at the door with a
phone's camera. It shows the registration (first name, event) with one "Inchecken" button;
a second scan shows since when the child is in, with undo. The same rules as the door list
(bot/web/pages/door.py): only on the event's check-in days, a partner only for their own
events, a code of another library or partner is a 404 as an unknown one."""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import select
from starlette.responses import Response
from starlette.routing import Route

from bot.db.models import Registration
from bot.db.states import RegistrationStatus
from bot.services import checkin
from bot.services.checkin import OFFICE_CHECKIN_PATH, Door
from bot.web.pages.door import closed_because
from bot.web.pages.event_scope import event_path, visible_event, who
from bot.web.visit import NotFound, Visit, page

CODE_LENGTH = 32  # the column's length; a longer "code" is none


def _registration(visit: Visit) -> Registration:
    """The code's registration, when its event is this visitor's to see; else a 404."""
    code = visit.request.path_params["code"]
    found = None
    if 0 < len(code) <= CODE_LENGTH:
        found = visit.session.scalar(select(Registration).where(Registration.checkin_code == code))
    if found is None:
        raise NotFound
    visible_event(visit, found.event_id)  # another library's or partner's: NotFound
    return found


def _path(registration: Registration) -> str:
    return OFFICE_CHECKIN_PATH + quote(str(registration.checkin_code), safe="")


@page()
def checkin_page(visit: Visit) -> Response:
    registration = _registration(visit)
    event = registration.event
    status = registration.status
    state = "in" if status == RegistrationStatus.ATTENDED else "expected"
    if status not in checkin.DOOR_STATUSES:
        state = "no_seat"  # waiting list, an offer, cancelled
    return visit.render(
        "checkin_code.html",
        event=event,
        person=who(visit, registration),
        state=state,
        since=registration.attended_at,
        closed=closed_because(visit, event),
        action=_path(registration),
        door=event_path(event, "binnenkomst"),
    )


@page()
def arrive(visit: Visit) -> Response:
    return _press(visit, checked_in=True)


@page()
def undo(visit: Visit) -> Response:
    return _press(visit, checked_in=False)


def _press(visit: Visit, *, checked_in: bool) -> Response:
    """Acts once: a second press (or a second phone) finds the child in and changes nothing."""
    registration = _registration(visit)
    event, back = registration.event, _path(registration)
    days_before = visit.request.app.state.office.settings.checkin_days_before
    if checkin.door(event, visit.now, days_before) != Door.OPEN:
        notice = "door_closed"
    elif checked_in and checkin.arrive(registration, visit.now):
        visit.audit("checkin.code", str(registration.id), event=event.id)
        notice = "checked_in"
    elif not checked_in and checkin.undo(registration, visit.now):
        visit.audit("checkin.undo", str(registration.id), event=event.id)
        notice = "undone"
    elif not checked_in:
        notice = "not_in"
    else:
        attended = registration.status == RegistrationStatus.ATTENDED
        notice = "already_in" if attended else "no_seat"
    return visit.redirect(back, f"office_checkin.notice.{notice}")


ROUTES = [
    Route(OFFICE_CHECKIN_PATH + "{code}", checkin_page, methods=["GET"]),
    Route(OFFICE_CHECKIN_PATH + "{code}/binnen", arrive, methods=["POST"]),
    Route(OFFICE_CHECKIN_PATH + "{code}/ongedaan", undo, methods=["POST"]),
]
