"""`talentbot privacy purge` (the retention job on demand), `talentbot outbox status|
retry-failed` (what the bot sends by itself) and `talentbot inbox unreadable` (updates the
library could not read, kept a day for diagnosis)."""

from __future__ import annotations

import argparse

from bot.cli.commands import Commands, print_json
from bot.config import Settings
from bot.db import opened
from bot.db.states import OutboxState
from bot.timeutil import now_utc


def add_commands(commands: Commands) -> None:
    privacy = commands.group("privacy", help="personal data maintenance")
    purge = privacy.command(
        "purge",
        cmd_purge,
        help="forget families inactive for the retention period (nothing planned)",
    )
    purge.add_argument(
        "--days", type=int, help="retention period (default TALENTBOT_RETENTION_DAYS)"
    )
    outbox = commands.group("outbox", help="messages the bot sends by itself")
    status = outbox.command("status", cmd_outbox_status, help="pending, sent, failed... per kind")
    status.add_argument("--json", action="store_true", help="print JSON")
    outbox.command("retry-failed", cmd_outbox_retry, help="try failed messages again")
    inbox = commands.group("inbox", help="updates as they came in")
    inbox.command(
        "unreadable",
        cmd_inbox_unreadable,
        help="updates the library could not read (of the last day), one JSON object a line",
    )


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs import purge_inactive_families

    with opened(settings.database_url) as db:
        days = args.days if args.days is not None else settings.retention_days
        purged = purge_inactive_families(db, now_utc(), days)
    print(f"forgot {purged} families inactive for more than {days} days")
    return 0


def cmd_outbox_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.outbox.queue import status_counts

    with opened(settings.database_url) as db, db.transaction() as session:
        counts = status_counts(session)
    states = tuple(OutboxState)
    table = {kind: {state: counts[kind].get(state, 0) for state in states} for kind in counts}
    if args.json:
        print_json(table)
        return 0
    print(f"{'kind':<20}" + "".join(f"{s:>10}" for s in states))
    for kind, row in sorted(table.items()):
        print(f"{kind:<20}" + "".join(f"{row[s]:>10}" for s in states))
    if not table:
        print("The outbox is empty.")
    return 0


def cmd_outbox_retry(args: argparse.Namespace, settings: Settings) -> int:
    from bot.outbox.queue import retry_failed

    with opened(settings.database_url) as db, db.transaction() as session:
        count = retry_failed(session, now_utc())
    print(f"{count} failed messages will be tried again")
    return 0


def cmd_inbox_unreadable(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from bot.services.inbox import unreadable_updates

    with opened(settings.database_url) as db, db.transaction() as session:
        bodies = unreadable_updates(session)
    for body in bodies:
        print(json.dumps(body, ensure_ascii=False, sort_keys=True))
    return 0
