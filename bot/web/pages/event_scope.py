"""What the event pages share: the visitor's own event and its registrations (anything else
is a 404), their paths, and how a registration is named on a page."""

from __future__ import annotations

from urllib.parse import quote

from bot.db.models import Event, Registration
from bot.services.office_agenda import scoped_events
from bot.services.staff import may_see_event
from bot.web.visit import NotFound, Visit


def visible_event(visit: Visit, event_id: str) -> Event:
    """The event when it is this visitor's to see; another library's or partner's: 404."""
    event = visit.session.scalar(scoped_events(visit.member).where(Event.id == event_id))
    if event is None or not may_see_event(visit.member, event):
        raise NotFound
    return event


def event_registration(visit: Visit, event: Event, registration_id: int) -> Registration:
    """A registration of this event only: an id of another event is a 404 too."""
    registration = visit.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound
    return registration


def event_path(event: Event, *rest: str) -> str:
    return "/".join(["/beheer/activiteit", quote(event.id, safe=""), *rest])


def who(visit: Visit, registration: Registration) -> dict[str, object]:
    """Name and age as the page says them; a parent's own seat (a lecture) has no child."""
    child = registration.child
    name = child.first_name if child else visit.t("office_event.parent")
    age = registration.age_at_registration
    return {"name": name, "age": age if age is not None else "-"}
