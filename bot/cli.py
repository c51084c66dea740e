"""`talentbot`: one console command with subcommands for the bot, the catalogue and the agenda."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from bot.config import ConfigError, Settings
from bot.logs import configure as configure_logging
from bot.yamlsource import ContentError

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talentbot", description="Chat assistant of De Talentenkwekerij."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    parser.add_argument("--config", type=Path, help="TOML file with settings (env vars win)")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run", help="start the bot (Telegram when TELEGRAM_BOT_TOKEN is set, else terminal chat)"
    )
    run.add_argument("--webhook-url", help="receive updates by webhook at this public URL")
    run.add_argument("--listen", default="0.0.0.0", help="webhook listen address")
    run.add_argument("--port", type=int, default=8443, help="webhook port (default 8443)")
    run.add_argument(
        "--secret-token",
        help="webhook secret checked on every request (default TALENTBOT_WEBHOOK_SECRET)",
    )
    run.set_defaults(handler=cmd_run)

    chat = sub.add_parser("chat", help="chat with the bot in this terminal")
    chat.add_argument("--user-id", default="1", help="who you are in the chat (default 1)")
    chat.add_argument("--lang", choices=["nl", "en"], help="language of the bot's texts")
    chat.set_defaults(handler=cmd_chat)

    catalogue = sub.add_parser("catalogue", help="check or import a catalogue folder")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", required=True)
    check = catalogue_sub.add_parser("check", help="validate a catalogue folder")
    check.add_argument("directory", type=Path)
    check.set_defaults(handler=cmd_catalogue_check)
    imp = catalogue_sub.add_parser("import", help="import a catalogue folder (idempotent)")
    imp.add_argument("directory", type=Path)
    imp.set_defaults(handler=cmd_catalogue_import)

    events = sub.add_parser("events", help="the agenda")
    events_sub = events.add_subparsers(dest="events_command", required=True)
    listing = events_sub.add_parser("list", help="list upcoming events")
    listing.add_argument(
        "--from",
        dest="from_date",
        type=date.fromisoformat,
        help="first day (YYYY-MM-DD, default today)",
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_events_list)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="bring the schema up to date")
    upgrade.set_defaults(handler=cmd_db_upgrade)

    from bot.ops_cli import register as register_operations

    register_operations(sub)

    from bot.staff_cli import register as register_staff

    register_staff(sub)

    from bot.reports_cli import register as register_reports

    register_reports(sub)

    from bot.nlu.cli import register as register_nlu

    register_nlu(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    try:
        return int(args.handler(args, Settings.from_env(config_file=args.config)) or 0)
    except ConfigError as exc:
        print(f"talentbot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130


def _database(settings: Settings) -> Any:
    from bot.db import Database

    return Database(settings.database_url)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Telegram when a token is set; otherwise the terminal chat (on a terminal only)."""
    if not settings.telegram_bot_token:
        if not sys.stdin.isatty():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set. Set it to run on Telegram, "
                "or use `talentbot chat` to chat in the terminal."
            )
        print("No TELEGRAM_BOT_TOKEN set: chatting in the terminal.", file=sys.stderr)
        return cmd_chat(argparse.Namespace(user_id="1", lang=None), settings)
    return _run_telegram(args, settings)


def _run_telegram(args: argparse.Namespace, settings: Settings) -> int:
    from telegram.error import InvalidToken

    from bot.app import build_engine, ensure_admins, ensure_catalogue
    from bot.telegram.app import WebhookOptions, build_application, run_telegram

    db = _database(settings)
    ensure_catalogue(settings, db)
    ensure_admins(settings, db)
    engine = build_engine(settings, db)
    webhook = None
    if args.webhook_url:
        secret = args.secret_token or settings.webhook_secret
        webhook = WebhookOptions(args.webhook_url, args.listen, args.port, secret)
    try:
        from bot.metrics import watch_outbox

        watch_outbox(db)
        run_telegram(build_application(settings, engine, webhook=webhook is not None), webhook)
    except InvalidToken:
        print(
            "talentbot: Telegram rejected the token (401 Unauthorized). "
            "Check TELEGRAM_BOT_TOKEN (and TELEGRAM_API_BASE_URL if set).",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    finally:
        db.dispose()
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import build_engine, ensure_admins, ensure_catalogue
    from bot.terminal import CHANNEL, run_terminal

    db = _database(settings)
    ensure_catalogue(settings, db)
    ensure_admins(settings, db)
    engine = build_engine(settings, db)
    if args.lang:
        engine.set_language(CHANNEL, str(args.user_id), args.lang)
    run_terminal(engine, str(args.user_id), sys.stdin, sys.stdout, sys.stdin.isatty())
    return 0


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
    db = _database(settings)
    with db.transaction() as session:
        report = import_catalogue(session, catalogue)
    for name, section in report.sections.items():
        print(
            f"{name}: {section.created} created, {section.updated} updated, "
            f"{section.unchanged} unchanged, {section.deleted} deleted"
            + (f", {section.cancelled} cancelled" if section.cancelled else "")
            + (f", {section.kept} kept (still referred to)" if section.kept else "")
        )
    if report.cancelled_events:
        print("cancelled (registrations kept): " + ", ".join(report.cancelled_events))
    print("no changes" if not report.changes else f"{report.changes} changes")
    return 0


def cmd_events_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.events import upcoming_events
    from bot.timeutil import AMSTERDAM, local, now_utc

    db = _database(settings)
    since = (
        datetime.combine(args.from_date, time.min, tzinfo=AMSTERDAM)
        if args.from_date
        else now_utc()
    )
    with db.transaction() as session:
        listings = upcoming_events(session, since, include_rounds=True, include_cancelled=True)
        rows = [_event_json(listing) for listing in listings]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("No upcoming events.")
    for row, listing in zip(rows, listings, strict=True):
        start = local(listing.event.start)
        spots = "-" if row["spots_left"] is None else f"{row['spots_left']}/{row['capacity']}"
        flag = "" if row["status"] == "scheduled" else f" [{row['status']}]"
        print(
            f"{start:%Y-%m-%d %H:%M}  {row['kind']:<9} {spots:>7}  {row['id']}  "
            f"{row['title']}{flag}"
        )
    return 0


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
    _database(settings)
    print("database schema is up to date")
    return 0
