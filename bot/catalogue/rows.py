"""Catalogue items as the column values of their database rows (what the import writes).

bot/catalogue/export.py is the inverse: rows back to YAML items, with `COLUMNS` naming the
columns whose name is not the catalogue's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.catalogue.schema import (
    ActivityIn,
    EventIn,
    FaqIn,
    HolidayIn,
    LibraryIn,
    LocationIn,
    MaterialIn,
    PartnerIn,
    Texts,
)
from bot.db import models as m
from bot.timeutil import from_local


def texts(value: Texts | None) -> dict[str, str]:
    return value.as_dict() if value is not None else {}


def library(item: LibraryIn) -> dict[str, Any]:
    return {
        "name": item.name,
        "city": item.city,
        "address": item.address,
        "phone": item.phone,
        "email": item.email,
        "website": item.website,
        "opening_hours": {day: list(spans) for day, spans in item.opening_hours.items()},
    }


def partner(item: PartnerIn) -> dict[str, Any]:
    return {
        "name": item.name,
        "kind": item.kind,
        "library_id": item.library,
        "description": texts(item.description),
        "website": item.website,
        "phone": item.phone,
        "email": item.email,
    }


def location(item: LocationIn) -> dict[str, Any]:
    return {"name": item.name, "address": item.address, "library_id": item.library}


def activity(item: ActivityIn) -> dict[str, Any]:
    return {
        "name": texts(item.name),
        "category": item.category,
        "tags": list(item.tags),
        "min_age": item.min_age,
        "max_age": item.max_age,
        "description": texts(item.description),
        "cost_note": texts(item.cost_note),
    }


def event(item: EventIn) -> dict[str, Any]:
    def moment(value: Any) -> Any:
        return None if value is None else from_local(value)

    return {
        "kind": item.kind,
        "title": texts(item.title),
        "description": texts(item.description),
        "activity_slug": item.activity,
        "partner_id": item.partner,
        "library_id": item.library,
        "location_id": item.location,
        "audience": item.audience,
        "start": from_local(item.start),
        "end": from_local(item.end),
        "capacity": item.capacity,
        "min_age": item.min_age,
        "max_age": item.max_age,
        "allow_age_override": item.allow_age_override,
        "price_eur": float(item.price),
        "bring": texts(item.bring),
        "topic": texts(item.topic),
        "speaker": texts(item.speaker),
        "event_day_id": item.event_day,
        "round": item.round,
        "registration_opens": moment(item.registration_opens),
        "registration_closes": moment(item.registration_closes),
        "status": item.status,
    }


def material(item: MaterialIn) -> dict[str, Any]:
    return {
        "title": texts(item.title),
        "kind": item.kind,
        "author": item.author,
        "library_id": item.library,
        "copies": item.copies,
        "loan_days": item.loan_days,
    }


def faq(item: FaqIn) -> dict[str, Any]:
    return {"question": texts(item.question), "answer": texts(item.answer)}


def holiday(item: HolidayIn) -> dict[str, Any]:
    return {
        "name": texts(item.name),
        "region": item.region,
        "start": item.start,
        "end": item.end,
        "confirmed": item.confirmed,
    }


# The catalogue's field → its column, where the names differ (the import writes them so).
COLUMNS: dict[str, str] = {
    "activity": "activity_slug",
    "partner": "partner_id",
    "library": "library_id",
    "location": "location_id",
    "event_day": "event_day_id",
    "price": "price_eur",
}
_FIELDS = {column: name for name, column in COLUMNS.items()}


def yaml_field(column: str) -> str:
    """The catalogue's name for a column: library_id → library, price_eur → price."""
    return _FIELDS.get(column, column)


# Each section's table, key and row values (the import's order: parents first).
Section = tuple[type[m.Base], str, Callable[[Any], dict[str, Any]]]
SECTION_ROWS: dict[str, Section] = {
    "libraries": (m.Library, "id", library),
    "partners": (m.Partner, "id", partner),
    "locations": (m.Location, "id", location),
    "activities": (m.Activity, "slug", activity),
    "events": (m.Event, "id", event),
    "materials": (m.Material, "id", material),
    "faq": (m.FaqEntry, "topic", faq),
    "school_holidays": (m.SchoolHoliday, "id", holiday),
}
