"""Reports and exports for staff from the command line.

`talentbot report [--library LIB] [--partner ID] [--from DATE] [--to DATE] [--json]
[--png FILE]`: the programme's figures (bot.services.reports, the same as the chat's
/rapport) as aligned text tables (bot/cli/report_text.py), JSON or a chart;
`talentbot registrations export --event ID --format csv|xlsx [--output FILE]`: the attendee
list of one event (in the `registrations` group, beside the desk's commands).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from bot.cli.commands import EXIT_USAGE, Commands, Refused, print_json, unknown_event
from bot.cli.report_text import describe_report
from bot.config import Settings
from bot.content.texts import Texts
from bot.db import opened
from bot.db.models import Library, Partner


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
    report.add_argument(
        "--partner", metavar="ID", help="only this partner's events (what their staff see)"
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
        partner_name = _check_scope(session, args.library, args.partner)
        report = build_report(
            session,
            library_id=args.library,
            date_from=args.date_from,
            date_to=args.date_to,
            partner_id=args.partner,
        )
    if args.png:
        from bot.services import charts

        labels = Texts.load(settings.dialogs_dir).section("report_chart", charts.DUTCH_LABELS)
        args.png.write_bytes(charts.report_chart_png(report, labels=labels))
    if args.json:
        print_json(report.as_json())
    else:
        partner = f"{partner_name} ({args.partner})" if args.partner else None
        print(describe_report(report.as_json(), partner=partner))
        if args.png:
            print(f"chart written to {args.png}")
    return 0


def _check_scope(session: Session, library_id: str | None, partner_id: str | None) -> str | None:
    """Refuse an unknown library or partner, or a partner of another library; the partner's
    name when one is given."""
    if library_id and session.get(Library, library_id) is None:
        raise Refused(f"no library {library_id!r}")
    if partner_id is None:
        return None
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise Refused(f"no partner {partner_id!r}")
    if library_id and partner.library_id != library_id:
        raise Refused(f"partner {partner_id!r} belongs to library {partner.library_id!r}")
    return partner.name


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.exports import DUTCH_LABELS, attendee_list, to_csv, to_xlsx

    with opened(settings.database_url) as db, db.transaction() as session:
        attendees = attendee_list(session, args.event)
    if attendees is None:
        raise unknown_event(args.event)
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
