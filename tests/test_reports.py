"""Report figures against a hand-made data set, on SQLite and PostgreSQL; the chart; the CLI.

The data set (fixture catalogue, all in library teststad, plus one workshop in anderstad):

    ws-snorkelen (sportief, sportbedrijf, 12 Dec 2026)
      1 Ada attended 9 joined   2 Bo attended 8 more   3 Cas no_show   4 Dirk confirmed
      5 anonymous child attended 7 no   6 Eva cancelled   7 anonymous child cancelled
    ws-saxofoon (creatief, bieb, 13 Jan 2027)
      8 Ada attended 10 joined   9 Cas attended   10 Dirk waitlisted #1   11 Eva offered #2
      12 Bo cancelled (was #3)
    lezing-schermtijd (lecture, bieb, 21 Jan 2027)
      13 parent A attended 8   14 parent B confirmed   15 anonymous parent no_show
    dag-r1-schaken (cognitief, bieb, 13 Mar 2027)
      16 Bo attended 6 joined   17 anonymous child confirmed
    ws-anders (sportief, no partner, library anderstad, 1 Feb 2027 00:30 Amsterdam)
      18 Eva attended 5
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from matplotlib.image import imread

from bot.db import Database
from bot.db.models import Child, Event, Family, Library, Location, Registration
from bot.services.charts import DUTCH_LABELS, report_chart_png
from bot.services.reports import build_report
from bot.timeutil import from_local
from tests.cli import talentbot
from tests.conftest import NOW, import_into

AFTER_EVERYTHING = from_local(datetime(2027, 6, 1, 12, 0))
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REPORT_KEYS = [
    "library",
    "from",
    "to",
    "generated_at",
    "totals",
    "per_category",
    "per_partner",
    "workshops",
    "comments",
]


def build_data_set(db: Database) -> None:
    import_into(db)
    with db.transaction() as session:
        # The importer drops libraries and places no event uses; ws-anders needs them.
        session.merge(Library(id="anderstad", name="Anderstad", city="Anderstad", address="-"))
        session.merge(Location(id="elders", name="Elders", address="-", library_id="anderstad"))
        session.flush()
        session.add(
            Event(
                id="ws-anders",
                kind="workshop",
                title={"nl": "Snorkelen in Anderstad"},
                activity_slug="snorkelen",
                library_id="anderstad",
                location_id="elders",
                audience="kids",
                start=from_local(datetime(2027, 2, 1, 0, 30)),  # 31 January in UTC
                end=from_local(datetime(2027, 2, 1, 1, 30)),
                capacity=10,
            )
        )
        families = {}
        children_per_family = {
            "A": [("Ada", 10), ("Bo", 11)],
            "B": [("Cas", 9)],
            "C": [("Dirk", 12)],
            "D": [("Eva", 10)],
        }
        for key, children in children_per_family.items():
            family = Family(channel="telegram", external_id=f"family-{key}", consent_at=NOW)
            family.children = [Child(first_name=n, age=a) for n, a in children]
            session.add(family)
            families[key] = family
        session.flush()
        kids = {c.first_name: c for f in families.values() for c in f.children}

        def seat(event: str, who: str | None, status: str, **facts: object) -> None:
            """who: a child's name, "parent X" for family X's own seat, None for anonymous."""
            child = kids.get(who or "")
            family_id = child.family_id if child else None
            if who and who.startswith("parent "):
                family_id = families[who.removeprefix("parent ")].id
            session.add(
                Registration(
                    event_id=event,
                    family_id=family_id,
                    child_id=child.id if child else None,
                    status=status,
                    age_at_registration=child.age if child else facts.pop("age", None),
                    created_at=NOW,
                    **facts,
                )
            )
            session.flush()

        seat("ws-snorkelen", "Ada", "attended", rating=9, follow_up="joined")
        seat("ws-snorkelen", "Bo", "attended", rating=8, follow_up="more")
        seat("ws-snorkelen", "Cas", "no_show")
        seat("ws-snorkelen", "Dirk", "confirmed")
        seat("ws-snorkelen", None, "attended", age=10, rating=7, follow_up="no")
        seat("ws-snorkelen", "Eva", "cancelled", status_reason="by_family")
        seat("ws-snorkelen", None, "cancelled", age=11, status_reason="forgotten")
        seat("ws-saxofoon", "Ada", "attended", rating=10, follow_up="joined")
        seat("ws-saxofoon", "Cas", "attended")
        seat("ws-saxofoon", "Dirk", "waitlisted", waitlist_position=1)
        seat("ws-saxofoon", "Eva", "offered", waitlist_position=2)
        seat("ws-saxofoon", "Bo", "cancelled", waitlist_position=3, status_reason="offer_declined")
        seat("lezing-schermtijd", "parent A", "attended", rating=8)
        seat("lezing-schermtijd", "parent B", "confirmed")
        seat("lezing-schermtijd", None, "no_show")
        seat("dag-r1-schaken", "Bo", "attended", rating=6, follow_up="joined")
        seat("dag-r1-schaken", None, "confirmed", age=9)
        seat("ws-anders", "Eva", "attended", rating=5)


def report_json(
    db: Database,
    library: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime = AFTER_EVERYTHING,
) -> dict:
    with db.transaction() as session:
        report = build_report(
            session, library_id=library, date_from=date_from, date_to=date_to, now=now
        )
    return report.as_json()


def test_totals_of_every_figure(db: Database) -> None:
    build_data_set(db)
    totals = report_json(db)["totals"]
    assert totals == {
        "workshops": 6,
        # Ada, Bo, Cas, Dirk, Eva, and two anonymous children (5 and 17); no parents.
        "children_reached": 7,
        "registrations": {
            "total": 18,
            "confirmed": 3,
            "waitlisted": 1,
            "offered": 1,
            "cancelled": 3,
            "attended": 8,
            "no_show": 2,
        },
        "attendance": {
            "expected": 13,
            "attended": 8,
            "no_show": 2,
            "unrecorded": 3,
            "attendance_rate": 0.8,
            "no_show_rate": 0.2,
        },
        "waiting_list": {"waitlisted": 1, "offered": 1, "ever_waitlisted": 3},
        "rating": {"average": 7.6, "count": 7},  # 53 / 7
        "follow_up": {"answered": 5, "joined": 3, "more": 1, "no": 1, "conversion": 0.6},
        "parent_lectures": {"events": 1, "registered": 3, "attended": 1, "no_show": 1},
    }


def test_per_category_and_per_partner(db: Database) -> None:
    build_data_set(db)
    data = report_json(db)
    categories = {group["category"]: group for group in data["per_category"]}
    assert list(categories) == ["sportief", "creatief", "cognitief", None]
    sportief = categories["sportief"]
    assert (sportief["workshops"], sportief["children_reached"]) == (3, 5)
    assert sportief["registrations"]["total"] == 8
    assert (sportief["attendance"]["attended"], sportief["attendance"]["no_show"]) == (4, 1)
    assert sportief["rating"] == {"average": 7.3, "count": 4}  # 7.25 rounds half up
    assert sportief["follow_up"]["conversion"] == 0.333
    assert categories["creatief"]["children_reached"] == 2
    assert categories["creatief"]["waiting_list"]["ever_waitlisted"] == 3
    assert categories["cognitief"]["rating"] == {"average": 6.0, "count": 1}
    assert categories["cognitief"]["children_reached"] == 2
    lectures_only = categories[None]
    assert (lectures_only["children_reached"], lectures_only["workshops"]) == (0, 0)
    assert lectures_only["parent_lectures"]["registered"] == 3

    partners = {group["partner"]: group for group in data["per_partner"]}
    assert list(partners) == ["bieb", "sportbedrijf", None]
    assert partners["sportbedrijf"]["partner_name"] == "Sportbedrijf Teststad"
    assert partners["sportbedrijf"]["children_reached"] == 4
    assert partners["sportbedrijf"]["registrations"]["total"] == 7
    assert partners["bieb"]["children_reached"] == 4  # Ada, Cas, Bo, anonymous 17
    assert partners["bieb"]["workshops"] == 3
    assert partners["bieb"]["parent_lectures"]["events"] == 1
    assert partners[None]["children_reached"] == 1


def test_rating_per_workshop(db: Database) -> None:
    build_data_set(db)
    workshops = {w["id"]: w for w in report_json(db)["workshops"]}
    assert workshops["ws-snorkelen"]["rating"] == {"average": 8.0, "count": 3}
    assert workshops["ws-snorkelen"]["start"] == "2026-12-12T14:00:00+01:00"
    assert (workshops["ws-snorkelen"]["attended"], workshops["ws-snorkelen"]["no_show"]) == (3, 1)
    assert workshops["ws-saxofoon"]["rating"] == {"average": 10.0, "count": 1}
    assert workshops["dag-r2-snorkelen"]["rating"] == {"average": None, "count": 0}
    assert workshops["ws-anders"]["category"] == "sportief"
    assert "lezing-schermtijd" not in workshops


def test_library_and_amsterdam_date_filters(db: Database) -> None:
    build_data_set(db)
    teststad = report_json(db, library="teststad")
    assert teststad["library"] == "teststad"
    assert teststad["totals"]["children_reached"] == 6  # Eva only came in Anderstad
    assert teststad["totals"]["registrations"]["total"] == 17

    january = report_json(db, date_from=date(2027, 1, 1), date_to=date(2027, 1, 31))
    assert (january["from"], january["to"]) == ("2027-01-01", "2027-01-31")
    assert [w["id"] for w in january["workshops"]] == ["ws-saxofoon"]
    assert january["totals"]["children_reached"] == 2  # Ada and Cas
    assert january["totals"]["registrations"]["total"] == 8

    # ws-anders starts on 1 February in Amsterdam, still 31 January in UTC.
    february = report_json(db, date_from=date(2027, 2, 1), date_to=date(2027, 2, 1))
    assert [w["id"] for w in february["workshops"]] == ["ws-anders"]
    assert report_json(db, library="nowhere")["totals"]["registrations"]["total"] == 0


def test_attendance_counts_started_events_and_every_check_in(db: Database) -> None:
    build_data_set(db)
    with db.transaction() as session:  # a seat at an event nobody has checked in at yet
        session.add(
            Registration(event_id="dag-r2-snorkelen", status="confirmed", age_at_registration=10)
        )
    # On 1 January snorkelen is over and the other events already have check-ins (the door
    # opens before the start): they count; dag-r2-snorkelen (13 March) does not yet.
    new_year = report_json(db, now=from_local(datetime(2027, 1, 1, 12, 0)))
    assert new_year["totals"]["attendance"] == {
        "expected": 13,
        "attended": 8,
        "no_show": 2,
        "unrecorded": 3,
        "attendance_rate": 0.8,
        "no_show_rate": 0.2,
    }
    # Every check-in shows as attended, whatever the clock says.
    for moment in (NOW, AFTER_EVERYTHING):
        totals = report_json(db, now=moment)["totals"]
        assert totals["attendance"]["attended"] == totals["registrations"]["attended"] == 8
    after = report_json(db)["totals"]["attendance"]
    assert (after["expected"], after["unrecorded"]) == (14, 4)
    workshops = {w["id"]: w for w in new_year["workshops"]}
    assert (workshops["ws-saxofoon"]["attended"], workshops["dag-r2-snorkelen"]["attended"]) == (
        2,
        0,
    )


def test_a_partner_scope_counts_only_that_partners_events(db: Database) -> None:
    build_data_set(db)
    with db.transaction() as session:
        sport = build_report(
            session,
            library_id="teststad",
            date_from=None,
            date_to=None,
            now=AFTER_EVERYTHING,
            partner_id="sportbedrijf",
        ).as_json()
    assert list(sport) == REPORT_KEYS
    # Only ws-snorkelen and dag-r2-snorkelen are the sports company's; the library's own
    # workshops (saxofoon, schaken) and its lecture are not counted.
    assert sport["totals"]["registrations"]["total"] == 7
    assert sport["totals"]["children_reached"] == 4  # Ada, Bo, Dirk, anonymous 5 (Cas missed it)
    assert sport["totals"]["parent_lectures"]["events"] == 0
    assert [w["id"] for w in sport["workshops"]] == ["ws-snorkelen", "dag-r2-snorkelen"]
    assert [g["partner"] for g in sport["per_partner"]] == ["sportbedrijf"]
    full = report_json(db, library="teststad")
    assert full["totals"]["registrations"]["total"] == 17


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    pixels = imread(BytesIO(png), format="png")
    return pixels.shape[1], pixels.shape[0]


def test_chart_is_a_png_in_either_language(sqlite_db: Database) -> None:
    build_data_set(sqlite_db)
    with sqlite_db.transaction() as session:
        report = build_report(
            session, library_id=None, date_from=None, date_to=None, now=AFTER_EVERYTHING
        )
        empty = build_report(
            session, library_id="anderstad", date_from=date(2030, 1, 1), date_to=None
        )
    width, height = _png_size(report_chart_png(report))
    assert width > 500 and height > 300
    english = {**DUTCH_LABELS, "title": "Talent nursery", "decimal_separator": "."}
    assert _png_size(report_chart_png(report, "en", english))[0] > 0
    assert _png_size(report_chart_png(empty))[0] > 0


def test_report_command_prints_json_and_writes_the_chart(
    sqlite_database: str, tmp_path: Path
) -> None:
    database = Database(sqlite_database)
    try:
        build_data_set(database)
    finally:
        database.dispose()
    chart = tmp_path / "rapport.png"
    options = [
        "--library",
        "teststad",
        "--from",
        "2026-12-01",
        "--to",
        "2027-01-31",
        "--json",
        "--png",
    ]
    result = talentbot("report", *options, str(chart), database_url=sqlite_database)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == REPORT_KEYS
    assert data["totals"]["children_reached"] == 5  # snorkelen and saxofoon: Ada..Dirk, anon.
    assert data["totals"]["registrations"]["total"] == 15
    assert chart.read_bytes().startswith(PNG_SIGNATURE)

    text = talentbot("report", database_url=sqlite_database)
    assert text.returncode == 0, text.stderr
    assert "  Children reached  7\n" in text.stdout
    # The tester's report said "Attendance: 0 attended" beside "attended 2"; now they agree.
    assert "attended 8, no_show 2)\n  Attendance        8 attended, 2 no-show" in text.stdout


def _columns(lines: list[str]) -> list[list[tuple[int, int]]]:
    """Where each cell of each line starts and ends (cells stand 2+ spaces apart)."""
    return [[m.span() for m in re.finditer(r"\S+(?: \S+)*", line)] for line in lines]


def _table(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_report_text_columns_line_up_whatever_the_names(sqlite_database: str) -> None:
    database = Database(sqlite_database)
    try:
        build_data_set(database)
        with database.transaction() as session:  # longer than any column was wide before
            session.get(Event, "ws-saxofoon").title = {"nl": "Saxofoon spelen met Zoë, " * 3}
    finally:
        database.dispose()
    text = talentbot("report", database_url=sqlite_database).stdout
    for title, columns in (("Per category", 7), ("Per partner", 7), ("Workshops", 6)):
        spans = _columns(_table(text, title))
        assert len(spans) > 2 and {len(line) for line in spans} == {columns}, title
        # The first column (names) starts in one place, the figures end in one place.
        assert len({line[0][0] for line in spans}) == 1, title
        for column in range(2 if title == "Workshops" else 1, columns):
            assert len({line[column][1] for line in spans}) == 1, (title, column)
    assert "Sportbedrijf Teststad  " in text  # 21 characters: more than the old 20
    assert "Saxofoon spelen met Zoë, Saxofoon" in text


def test_report_command_for_one_partner(sqlite_database: str) -> None:
    database = Database(sqlite_database)
    try:
        build_data_set(database)
    finally:
        database.dispose()
    ran = talentbot("report", "--partner", "sportbedrijf", "--json", database_url=sqlite_database)
    data = json.loads(ran.stdout)
    assert list(data) == REPORT_KEYS
    assert data["totals"]["registrations"]["total"] == 7
    assert [g["partner"] for g in data["per_partner"]] == ["sportbedrijf"]
    text = talentbot("report", "--partner", "sportbedrijf", database_url=sqlite_database)
    assert text.stdout.startswith("Report for partner Sportbedrijf Teststad (sportbedrijf)")
    assert "Bibliotheek Teststad" not in text.stdout and "Saxofoon" not in text.stdout
    unknown = talentbot("report", "--partner", "nope", database_url=sqlite_database)
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert "no partner 'nope'" in unknown.stderr
    elsewhere = ("report", "--partner", "sportbedrijf", "--library", "anderstad")
    wrong = talentbot(*elsewhere, database_url=sqlite_database)
    assert wrong.returncode == 1
    assert "partner 'sportbedrijf' belongs to library 'teststad'" in wrong.stderr
