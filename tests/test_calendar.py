"""The calendar file is the one icalendar writes itself, VTIMEZONE included."""

from __future__ import annotations

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from bot.db import Database
from bot.db.models import Event
from bot.services.calendar import PRODUCT_ID, event_calendar
from bot.timeutil import local
from tests.conftest import NOW, import_into


def _by_icalendar(event: Event, description: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", "registration-7@talentbot")
    entry.add("dtstamp", NOW)
    entry.add("dtstart", local(event.start))
    entry.add("dtend", local(event.end))
    entry.add("summary", event.title["nl"])
    entry.add("location", f"{event.location.name}, {event.location.address}")
    if description:
        entry.add("description", description)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def test_the_same_bytes_as_icalendars_add_missing_timezones(sqlite_db: Database) -> None:
    import_into(sqlite_db)
    with sqlite_db.transaction() as session:
        event = session.get(Event, "ws-snorkelen")
        assert event is not None
        for description in ("", "Zwemkleding en een handdoek, ook; voor \\ later\n" * 3):
            ours = event_calendar(
                event,
                uid="registration-7@talentbot",
                title=event.title["nl"],
                description=description,
                now=NOW,
            )
            assert ours == _by_icalendar(event, description)
            assert ours.count(b"BEGIN:VTIMEZONE") == 1
