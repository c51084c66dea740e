"""Attendee lists exported as CSV and XLSX and read back; the export command."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from bot.db import Database
from bot.db.models import Child, Family, Registration
from bot.services.exports import attendee_list, csv_bytes, to_csv, to_xlsx
from tests.cli import talentbot
from tests.conftest import NOW, import_into

HEADER = ["Inschrijving", "Voornaam", "Leeftijd", "Status", "Wachtlijstplaats", "Ingeschreven op"]
# NOW is 10:00 in Amsterdam; registrations follow one minute apart.
EXPECTED = [
    ["1", "Zoë", "10", "bevestigd", "", "24-11-2026 10:00"],
    ["2", "Bram", "11", "bevestigd", "", "24-11-2026 10:01"],
    ["6", "", "9", "aanwezig", "", "24-11-2026 10:05"],  # a forgotten family's child
    ["4", "'=HYPERLINK(1)", "9", "wachtlijst", "1", "24-11-2026 10:03"],
    ["3", "Élodie", "12", "wachtlijst", "2", "24-11-2026 10:02"],
]


# What Dutch Excel needs to open the file in columns: the BOM, ";" and day-month-year.
CSV_START = (
    b"\xef\xbb\xbfInschrijving;Voornaam;Leeftijd;Status;Wachtlijstplaats;Ingeschreven op\r\n"
    b"1;Zo\xc3\xab;10;bevestigd;;24-11-2026 10:00\r\n"
)


def build_saxofoon_list(db: Database) -> None:
    """ws-saxofoon: two seats, two waiting (places 3 and 2 of whom 2 is ahead), one cancelled."""
    import_into(db)
    with db.transaction() as session:
        family = Family(channel="telegram", external_id="42", consent_at=NOW)
        names = [("Zoë", 10), ("Bram", 11), ("Élodie", 12), ("=HYPERLINK(1)", 9), ("Kai", 10)]
        family.children = [Child(first_name=n, age=a) for n, a in names]
        session.add(family)
        session.flush()
        zoe, bram, elodie, formula, kai = family.children
        rows = [
            (zoe, "confirmed", None),
            (bram, "confirmed", None),
            (elodie, "waitlisted", 3),
            (formula, "waitlisted", 2),
            (kai, "cancelled", 1),  # was first in line, then cancelled
            (None, "attended", None),
        ]
        for minute, (child, status, position) in enumerate(rows):
            session.add(
                Registration(
                    event_id="ws-saxofoon",
                    family_id=family.id if child else None,
                    child_id=child.id if child else None,
                    status=status,
                    waitlist_position=position,
                    age_at_registration=child.age if child else 9,
                    created_at=NOW + timedelta(minutes=minute),
                )
            )
            session.flush()


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_attendee_list_in_reading_order(db: Database) -> None:
    build_saxofoon_list(db)
    with db.transaction() as session:
        attendees = attendee_list(session, "ws-saxofoon")
        everyone = attendee_list(session, "ws-saxofoon", include_cancelled=True)
        assert attendee_list(session, "no-such-event") is None
    assert attendees is not None and everyone is not None
    assert attendees.title == "Saxofoon spelen"
    assert [(r.registration_id, r.status, r.waitlist_place) for r in attendees.rows] == [
        (1, "confirmed", None),
        (2, "confirmed", None),
        (6, "attended", None),
        (4, "waitlisted", 1),
        (3, "waitlisted", 2),
    ]
    assert everyone.rows[-1].registration_id == 5
    assert attendees.rows[0].registered_at.utcoffset() == timedelta(hours=1)


def test_csv_reads_back(db: Database) -> None:
    build_saxofoon_list(db)
    with db.transaction() as session:
        attendees = attendee_list(session, "ws-saxofoon")
    assert attendees is not None
    content = to_csv(attendees)
    assert content.startswith(CSV_START)
    assert b"," not in content  # no comma anywhere: not as separator, not in a date
    assert read_csv(content) == [HEADER, *EXPECTED]


def test_csv_cells_for_dutch_excel() -> None:
    cells = [2.5, Decimal("12.75"), 0, date(2027, 1, 13), datetime(2027, 1, 13, 9, 5), None]
    assert csv_bytes([cells, ["a;b", "=1+1"]]) == (
        b'\xef\xbb\xbf2,5;12,75;0;13-01-2027;13-01-2027 09:05;\r\n"a;b";\'=1+1\r\n'
    )


def test_xlsx_reads_back(sqlite_db: Database) -> None:
    build_saxofoon_list(sqlite_db)
    with sqlite_db.transaction() as session:
        attendees = attendee_list(session, "ws-saxofoon")
    assert attendees is not None
    workbook = load_workbook(io.BytesIO(to_xlsx(attendees)))
    sheet = workbook.active
    assert sheet is not None and sheet.title == "ws-saxofoon"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1] == [1, "Zoë", 10, "bevestigd", None, datetime(2026, 11, 24, 10, 0)]
    assert rows[3] == [6, None, 9, "aanwezig", None, datetime(2026, 11, 24, 10, 5)]
    # The name stays text; Excel would otherwise run it as a formula.
    assert rows[4][1] == "=HYPERLINK(1)" and sheet["B5"].data_type == "s"
    assert [row[4] for row in rows[1:]] == [None, None, None, 1, 2]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= len("Ingeschreven op")


def test_export_command_writes_csv_to_stdout_and_xlsx_to_a_file(
    sqlite_database: str, tmp_path: Path
) -> None:
    database = Database(sqlite_database)
    try:
        build_saxofoon_list(database)
    finally:
        database.dispose()
    export = ("registrations", "export", "--event")
    result = talentbot(*export, "ws-saxofoon", "--format", "csv", database_url=sqlite_database)
    assert result.returncode == 0, result.stderr
    # The output is decoded as text, so the BOM (for Excel) arrives as U+FEFF.
    assert result.stdout_bytes.startswith(CSV_START)
    assert read_csv(result.stdout_bytes) == [HEADER, *EXPECTED]

    written = talentbot(
        *export, "ws-saxofoon", "--format", "xlsx", database_url=sqlite_database, cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    sheet = load_workbook(tmp_path / "ws-saxofoon.xlsx").active
    assert sheet is not None and sheet.max_row == 1 + len(EXPECTED)

    missing = talentbot(*export, "nope", "--format", "csv", database_url=sqlite_database)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert "no event 'nope'" in missing.stderr and "talentbot events list" in missing.stderr
