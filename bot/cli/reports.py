"""Reports and exports for staff from the command line.

`talentbot report [--library LIB] [--from DATE] [--to DATE] [--json] [--png FILE]`: the
programme's figures (bot.services.reports) as text, JSON or a chart;
`talentbot registrations export --event ID --format csv|xlsx [--output FILE]`: the attendee
list of one event (in the `registrations` group, beside the desk's commands).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.cli.commands import EXIT_USAGE, Commands, Refused, print_json
from bot.config import Settings
from bot.content.texts import Texts
from bot.db import opened
from bot.db.models import Library


def add_commands(commands: Commands) -> None:
    report = commands.command(
        "report", cmd_report, help="programme figures: reach, attendance, ratings..."
    )
    report.add_argument(
        "--library", metavar="LIB", help="only this library's events (id from the catalogue)"
    )
    report.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        type=date.fromisoformat,
        help="first day (YYYY-MM-DD)",
    )
    report.add_argument(
        "--to", dest="date_to", metavar="DATE", type=date.fromisoformat, help="last day"
    )
    report.add_argument("--json", action="store_true", help="print JSON")
    report.add_argument("--png", type=Path, metavar="FILE", help="also write the chart here")

    registrations = commands.group("registrations", help="registrations at the desk")
    export = registrations.command(
        "export", cmd_export, help="attendee list of an event (CSV or Excel)"
    )
    export.add_argument("--event", required=True, help="event id (see `talentbot events list`)")
    export.add_argument("--format", required=True, choices=["csv", "xlsx"])
    export.add_argument(
        "--output", type=Path, metavar="FILE", help="default: stdout (csv), <event>.xlsx (xlsx)"
    )


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.reports import build_report

    if args.date_from and args.date_to and args.date_from > args.date_to:
        print("talentbot: --from is after --to", file=sys.stderr)
        return EXIT_USAGE
    with opened(settings.database_url) as db, db.transaction() as session:
        if args.library and session.get(Library, args.library) is None:
            raise Refused(f"no library {args.library!r}")
        report = build_report(
            session, library_id=args.library, date_from=args.date_from, date_to=args.date_to
        )
    if args.png:
        from bot.services import charts

        labels = Texts.load(settings.dialogs_dir).section("report_chart", charts.DUTCH_LABELS)
        args.png.write_bytes(charts.report_chart_png(report, labels=labels))
    if args.json:
        print_json(report.as_json())
    else:
        print(describe_report(report.as_json()))
        if args.png:
            print(f"chart written to {args.png}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.exports import DUTCH_LABELS, attendee_list, to_csv, to_xlsx

    with opened(settings.database_url) as db, db.transaction() as session:
        attendees = attendee_list(session, args.event)
    if attendees is None:
        raise Refused(f"no event {args.event!r}")
    # Headers and statuses as the chat shows them (dialogs/texts/nl/reports.yaml).
    labels = Texts.load(settings.dialogs_dir).section("export_labels", DUTCH_LABELS)
    content = to_csv(attendees, labels) if args.format == "csv" else to_xlsx(attendees, labels)
    output = args.output
    if output is None and args.format == "csv":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return 0
    if output is None:  # a spreadsheet on a terminal helps nobody: write a file
        output = Path(re.sub(r"[^A-Za-z0-9._-]", "_", args.event) + ".xlsx")
    output.write_bytes(content)
    print(f"{len(attendees.rows)} registrations written to {output}")
    return 0


def describe_report(data: dict[str, Any]) -> str:
    """The JSON report as text for a terminal."""
    scope = data["library"] or "all libraries"
    period = f"{data['from'] or '…'} – {data['to'] or '…'}"
    lines = [f"Report for {scope}, events {period}", "", *_figure_lines(data["totals"])]
    for title, groups, key in (
        ("Per category", data["per_category"], "category"),
        ("Per partner", data["per_partner"], "partner"),
    ):
        lines += ["", title, _table_row("", "children", "regs", "attended", "no-show", "rating")]
        for group in groups:
            lines.append(
                _table_row(
                    group[key] or "(none)",
                    group["children_reached"],
                    group["registrations"]["total"],
                    group["attendance"]["attended"],
                    group["attendance"]["no_show"],
                    _rating(group["rating"]),
                )
            )
    if data["workshops"]:
        lines += ["", "Workshops"]
        for workshop in data["workshops"]:
            lines.append(
                f"  {workshop['start'][:10]}  {workshop['title'] or workshop['id']:<36} "
                f"children {workshop['children_reached']:>3}  rating {_rating(workshop['rating'])}"
            )
    if data.get("comments"):
        lines += ["", "Feedback (newest first)"]
        for comment in data["comments"]:
            title = comment["title"] or comment["event_id"] or "(no event)"
            lines.append(f"  {comment['given_at'][:10]}  {title}: {comment['text']}")
    return "\n".join(lines)


def _figure_lines(figures: dict[str, Any]) -> list[str]:
    registrations = figures["registrations"]
    attendance = figures["attendance"]
    waiting = figures["waiting_list"]
    follow_up = figures["follow_up"]
    lectures = figures["parent_lectures"]
    by_status = ", ".join(f"{k} {v}" for k, v in registrations.items() if k != "total" and v)
    return [
        f"Children reached:   {figures['children_reached']}",
        f"Workshops:          {figures['workshops']}",
        f"Registrations:      {registrations['total']}" + (f" ({by_status})" if by_status else ""),
        f"Attendance:         {attendance['attended']} attended, {attendance['no_show']} no-show"
        f" ({_percent(attendance['attendance_rate'])} / {_percent(attendance['no_show_rate'])});"
        f" {attendance['unrecorded']} not recorded",
        f"Waiting list:       {waiting['waitlisted']} waiting, {waiting['offered']} offered, "
        f"{waiting['ever_waitlisted']} ever on a waiting list",
        f"Average rating:     {_rating(figures['rating'])}",
        f"Follow-up:          {follow_up['joined']} of {follow_up['answered']} answers joined "
        f"a club ({_percent(follow_up['conversion'])})",
        f"Parent lectures:    {lectures['events']} ({lectures['registered']} registered,"
        f" {lectures['attended']} attended, {lectures['no_show']} no-show)",
    ]


def _table_row(*cells: object) -> str:
    first, *rest = cells
    return f"  {first!s:<20}" + "".join(f"{cell!s:>10}" for cell in rest)


def _rating(rating: dict[str, Any]) -> str:
    if rating["average"] is None:
        return "-"
    return f"{rating['average']:.1f} ({rating['count']})"


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"
