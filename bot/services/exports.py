"""Attendee lists of one event for staff, as CSV (for Dutch Excel) or XLSX.

Only what staff need at the door: children's first names and ages, never parent data. A
parent's own seat (a lecture) or a forgotten family's row shows with an empty name.
Headers and status names are Dutch by default; pass `labels` to change them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Event, Registration
from bot.db.states import RegistrationStatus
from bot.services.seats import waitlist_rank
from bot.timeutil import local

# The order staff read a list in: who is coming, who came, then who is waiting.
STATUS_ORDER = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)

DUTCH_LABELS: Mapping[str, str] = {
    "registration": "Inschrijving",
    "first_name": "Voornaam",
    "age": "Leeftijd",
    "status": "Status",
    "waitlist_place": "Wachtlijstplaats",
    "registered_at": "Ingeschreven op",
    "confirmed": "bevestigd",
    "attended": "aanwezig",
    "no_show": "niet gekomen",
    "offered": "plek aangeboden",
    "waitlisted": "wachtlijst",
    "cancelled": "geannuleerd",
}
COLUMNS = ("registration", "first_name", "age", "status", "waitlist_place", "registered_at")
# Excel set to Dutch reads ";" as the separator (with "," a file opens as one column) and
# numbers with a decimal comma; it reads UTF-8 only with a byte order mark.
CSV_SEPARATOR = ";"
CSV_DATE, CSV_DATE_TIME = "%d-%m-%Y", "%d-%m-%Y %H:%M"
XLSX_DATE_TIME = "dd-mm-yyyy hh:mm"
# Spreadsheets run cell text starting with these as a formula; names come from parents.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AttendeeRow:
    registration_id: int
    first_name: str | None
    age: int | None
    status: str
    waitlist_place: int | None  # current place in line (1 = next), only while waitlisted
    registered_at: datetime  # Europe/Amsterdam


@dataclass(frozen=True)
class AttendeeList:
    event_id: str
    title: str | None
    rows: tuple[AttendeeRow, ...]


def attendee_list(
    session: Session, event_id: str, *, include_cancelled: bool = False
) -> AttendeeList | None:
    """The event's registrations in reading order; None when there is no such event."""
    event = session.get(Event, event_id)
    if event is None:
        return None
    registrations = list(
        session.scalars(select(Registration).where(Registration.event_id == event_id)).unique()
    )
    if not include_cancelled:
        registrations = [r for r in registrations if r.status != RegistrationStatus.CANCELLED]
    registrations.sort(key=_reading_order)
    rows = tuple(
        AttendeeRow(
            registration_id=r.id,
            first_name=r.child.first_name if r.child else None,
            age=r.age_at_registration,
            status=r.status,
            waitlist_place=waitlist_rank(session, r),
            registered_at=local(r.created_at),
        )
        for r in registrations
    )
    return AttendeeList(event_id=event.id, title=event.title.get("nl"), rows=rows)


def _reading_order(registration: Registration) -> tuple[int, int, int]:
    status = registration.status
    rank = STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)
    # Sorted here, not in SQL: SQLite and PostgreSQL put NULL positions at opposite ends.
    position = registration.waitlist_position or 0
    return rank, position, registration.id


def _cells(row: AttendeeRow, labels: Mapping[str, str]) -> list[object]:
    return [
        row.registration_id,
        row.first_name or "",
        row.age,
        labels.get(row.status, row.status),
        row.waitlist_place,
        row.registered_at.replace(tzinfo=None),
    ]


def _header(labels: Mapping[str, str]) -> list[str]:
    return [labels.get(column, column) for column in COLUMNS]


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(attendees: AttendeeList, labels: Mapping[str, str] = DUTCH_LABELS) -> bytes:
    """A CSV file as Dutch Excel opens it: ";" between cells, dates as dd-mm-jjjj HH:MM,
    decimal commas, UTF-8 with a byte order mark (so accented names show correctly)."""
    return csv_bytes([_header(labels), *(_cells(row, labels) for row in attendees.rows)])


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """Rows of cells (text, numbers, dates, None) as a CSV file for Dutch Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR)
    for row in rows:
        writer.writerow(csv_value(value) for value in row)
    return buffer.getvalue().encode("utf-8-sig")


def csv_value(value: object) -> str:
    """One cell as Dutch Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:{CSV_DATE_TIME}}"
    if isinstance(value, date):
        return f"{value:{CSV_DATE}}"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")  # 2.5 → "2,5", which Dutch Excel reads as 2.5
    return _safe_text(value) if isinstance(value, str) else _safe_text(str(value))


def to_xlsx(attendees: AttendeeList, labels: Mapping[str, str] = DUTCH_LABELS) -> bytes:
    """One sheet: a bold, frozen header row with a filter, then one row per registration."""
    # Imported on first use: openpyxl is about 17 MB that most bot processes never need.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = _sheet_title(attendees.event_id)
    workbook.properties.title = attendees.title or attendees.event_id
    header = _header(labels)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in attendees.rows:
        sheet.append(_cells(row, labels))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name like "=HYPERLINK(...)" stays plain text
            elif isinstance(cell.value, datetime):
                cell.number_format = XLSX_DATE_TIME
    widths = [len(text) for text in header]
    for row in attendees.rows:
        for index, value in enumerate(_cells(row, labels)):
            widths[index] = max(widths[index], len(csv_value(value)))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 40)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(event_id: str) -> str:
    # Excel refuses these characters in sheet names and more than 31 characters.
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in event_id)
    return cleaned[:31] or "Deelnemers"
