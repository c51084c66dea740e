"""Calendar files (.ics) for a registration, with the event in Europe/Amsterdam time."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from bot.db.models import Event
from bot.timeutil import local

PRODUCT_ID = "-//De Talentenkwekerij//Talentbot//NL"


def event_calendar(event: Event, *, uid: str, title: str, description: str, now: datetime) -> bytes:
    """One VEVENT in local Amsterdam time, with the time zone definition included."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("dtstamp", now)
    entry.add("dtstart", local(event.start))
    entry.add("dtend", local(event.end))
    entry.add("summary", title)
    entry.add("location", f"{event.location.name}, {event.location.address}")
    if description:
        entry.add("description", description)
    calendar.add_component(entry)
    # What calendar.add_missing_timezones() does (each VTIMEZONE goes before the event), with
    # each VTIMEZONE built and serialised once per process: building one from the tz
    # database, and then writing out its decades of transitions, took most of the time of a
    # confirmation. The calendar's own lines come first and the event's last either way, so
    # the text is the same as with the VTIMEZONE added as a component.
    zones = b"".join(_timezone_ical(tzid) for tzid in sorted(calendar.get_missing_tzids()))
    ical = calendar.to_ical()
    begin = b"BEGIN:VEVENT\r\n"
    return ical.replace(begin, zones + begin, 1) if zones else ical


@cache
def _timezone(tzid: str) -> Timezone | None:
    """The VTIMEZONE for a tzid (the same for every calendar; only ever serialised)."""
    try:
        return Timezone.from_tzid(tzid)
    except ValueError:  # unknown zones are left out, as add_missing_timezones does
        return None


@cache
def _timezone_ical(tzid: str) -> bytes:
    """The VTIMEZONE of a tzid as it appears in a calendar file (b"" when unknown)."""
    timezone = _timezone(tzid)
    return timezone.to_ical() if timezone is not None else b""


def filename_for(event: Event) -> str:
    return f"{local(event.start):%Y-%m-%d}-{event.id}.ics"[:80]
