"""`talentbot catalogue check|import|export DIR`, `talentbot events list`, `talentbot db
upgrade`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.cli import paging
from bot.cli.commands import Commands, Refused, print_json
from bot.config import Settings
from bot.db import opened
from bot.db.states import EventStatus


def add_commands(commands: Commands) -> None:
    catalogue = commands.group("catalogue", help="check, import or export a catalogue folder")
    check = catalogue.command("check", cmd_catalogue_check, help="validate a catalogue folder")
    check.add_argument("directory", type=Path)
    imp = catalogue.command(
        "import", cmd_catalogue_import, help="import a catalogue folder (idempotent)"
    )
    imp.add_argument("directory", type=Path)
    export = catalogue.command(
        "export", cmd_catalogue_export, help="write the database's catalogue as YAML files"
    )
    export.add_argument("directory", type=Path)
    export.add_argument("--force", action="store_true", help="overwrite files that are there")

    events = commands.group("events", help="the agenda")
    listing = events.command("list", cmd_events_list, help="list upcoming events")
    listing.add_argument(
        "--from",
        dest="from_date",
        type=date.fromisoformat,
        help="first day (YYYY-MM-DD, default today)",
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    paging.add_options(listing, "id, title, hobby, place or partner")

    database = commands.group("db", help="database maintenance")
    database.command("upgrade", cmd_db_upgrade, help="bring the schema up to date")


def cmd_catalogue_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalogue.loader import load_catalogue
    from bot.discovery.check import check_quiz_against

    catalogue = load_catalogue(args.directory)
    # The hobby quiz in the dialogs folder must fit this catalogue too (tags, texts, weights).
    notes = check_quiz_against(settings.dialogs_dir, args.directory)
    counts = ", ".join(f"{len(items)} {name}" for name, items in vars(catalogue).items())
    print(f"{args.directory}: OK ({counts})")
    for note in notes:
        print(note)
    return 0


def cmd_catalogue_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalogue.importer import import_catalogue
    from bot.catalogue.loader import load_catalogue

    catalogue = load_catalogue(args.directory)  # validate fully before touching the database
    with opened(settings.database_url) as db, db.transaction() as session:
        report = import_catalogue(session, catalogue)
    for name, section in report.sections.items():
        print(_section_line(name, section))
    if report.cancelled_events:
        print("cancelled (registrations kept): " + ", ".join(report.cancelled_events))
    for change in report.capacity_changes:
        print(_capacity_line(change))
    for conflict in report.conflicts:
        print(conflict.line())
    print("no changes" if not report.changes else f"{report.changes} changes")
    if report.conflicts:
        print(
            f"{len(report.conflicts)} kept as changed outside the import; "
            "`talentbot catalogue export DIR` writes the catalogue as the database has it"
        )
    return 0


def _section_line(name: str, section: Any) -> str:
    line = (
        f"{name}: {section.created} created, {section.updated} updated, "
        f"{section.unchanged} unchanged, {section.deleted} deleted"
    )
    if section.cancelled:
        line += f", {section.cancelled} cancelled"
    if section.kept:
        line += f", {section.kept} kept (still referred to)"
    if section.conflicts:
        line += f", {section.conflicts} kept (changed outside the import)"
    return line


def cmd_catalogue_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalogue.export import NotEmpty, export_catalogue, other_yaml_files, write_catalogue

    with opened(settings.database_url) as db, db.transaction() as session:
        sections = export_catalogue(session)
    try:
        written = write_catalogue(sections, args.directory, force=args.force)
    except NotEmpty as exc:
        raise Refused(f"not empty: {exc}; nothing written (--force overwrites)") from exc
    except OSError as exc:
        raise Refused(f"cannot write {args.directory}: {exc.strerror or exc}") from exc
    for path, section, count in written:
        print(f"wrote {path} ({count} {section})")
    for path in other_yaml_files(args.directory):
        print(
            f"note: {path} is not from this export; check and import read it too", file=sys.stderr
        )
    return 0


def _capacity_line(change: Any) -> str:
    """A capacity change that moved the waiting list up, or left more seats taken than exist."""
    if change.over_capacity:
        return (
            f"over capacity: {change.event_id}: {change.taken} seats taken, capacity "
            f"{change.capacity} ({change.over_capacity} too many; everyone keeps their seat)"
        )
    return (
        f"waiting list moved up: {change.event_id}: capacity {change.capacity}, "
        f"{change.offered} offered, {change.confirmed} confirmed directly"
    )


def cmd_events_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.events import upcoming_events
    from bot.timeutil import AMSTERDAM, local, now_utc

    since = (
        datetime.combine(args.from_date, time.min, tzinfo=AMSTERDAM)
        if args.from_date
        else now_utc()
    )
    with opened(settings.database_url) as db, db.transaction() as session:
        listings = upcoming_events(session, since, include_rounds=True, include_cancelled=True)
        found = [listing for listing in listings if _found(listing.event, args.search)]
        page = paging.page_of(found, args)
        rows = [_event_json(listing) for listing in page.rows]
    if args.json:
        print_json(rows)
        return 0
    if not found:
        print("No upcoming events." if not args.search else f"No events match {args.search!r}.")
    for row, listing in zip(rows, page.rows, strict=True):
        start = local(listing.event.start)
        spots = "-" if row["spots_left"] is None else f"{row['spots_left']}/{row['capacity']}"
        flag = "" if row["status"] == EventStatus.SCHEDULED else f" [{row['status']}]"
        print(
            f"{start:%Y-%m-%d %H:%M}  {row['kind']:<9} {spots:>7}  {row['id']}  "
            f"{row['title']}{flag}"
        )
    if (line := paging.footer(page, "events")) and found:
        print(line)
    return 0


def _found(event: Any, search: str | None) -> bool:
    activity, partner = event.activity, event.partner
    return paging.matches(
        search,
        event.id,
        *event.title.values(),
        event.activity_slug,
        *(activity.name.values() if activity else ()),
        event.location.name,
        event.partner_id,
        partner.name if partner else None,
    )


def _event_json(listing: Any) -> dict[str, Any]:
    from bot.timeutil import local

    event = listing.event
    return {
        "id": event.id,
        "kind": event.kind,
        "title": event.title.get("nl"),
        "title_en": event.title.get("en"),
        "activity": event.activity_slug,
        "audience": event.audience,
        "start": local(event.start).isoformat(),
        "end": local(event.end).isoformat(),
        "location": event.location.name,
        "partner": event.partner_id,
        "capacity": event.capacity,
        "spots_left": listing.spots_left,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "price": event.price_eur,
        "event_day": event.event_day_id,
        "round": event.round,
        "status": event.status,
    }


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url):
        pass  # opening a database brings its schema up to date
    print("database schema is up to date")
    return 0
