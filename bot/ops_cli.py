"""Operations from the command line.

`talentbot registrations add|list|cancel`: the library desk registers exactly like the chat;
`talentbot privacy purge`: the retention job on demand; `talentbot outbox status|retry-failed`.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import Database, opened
from bot.db.models import Family, Registration
from bot.services import registrations as regs
from bot.services.families import (
    ChildDataError,
    add_child,
    find_child,
    get_or_create_family,
    give_consent,
)
from bot.timeutil import local, now_utc

EXIT_REFUSED = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("registrations", help="registrations at the desk")
    commands = parser.add_subparsers(dest="registrations_command", required=True)

    add = commands.add_parser("add", help="register a child (or waitlist when full)")
    add.add_argument("--event", required=True, help="event id (see `talentbot events list`)")
    add.add_argument("--child", required=True, help="the child's first name")
    add.add_argument("--age", required=True, type=int, help="the child's age")
    add.add_argument("--parent-telegram-id", help="the parent's Telegram user id, if known")
    add.add_argument("--json", action="store_true", help="print JSON")
    add.set_defaults(handler=cmd_add)

    listing = commands.add_parser("list", help="registrations of an event")
    listing.add_argument("--event", required=True)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    cancel = commands.add_parser("cancel", help="cancel a registration; the seat goes on")
    cancel.add_argument("registration_id", type=int)
    cancel.add_argument("--json", action="store_true", help="print JSON")
    cancel.set_defaults(handler=cmd_cancel)

    privacy = sub.add_parser("privacy", help="personal data maintenance")
    privacy_commands = privacy.add_subparsers(dest="privacy_command", required=True)
    purge = privacy_commands.add_parser(
        "purge", help="forget families inactive for the retention period (nothing planned)"
    )
    purge.add_argument(
        "--days", type=int, help="retention period (default TALENTBOT_RETENTION_DAYS)"
    )
    purge.set_defaults(handler=cmd_purge)

    outbox = sub.add_parser("outbox", help="messages the bot sends by itself")
    outbox_commands = outbox.add_subparsers(dest="outbox_command", required=True)
    status = outbox_commands.add_parser("status", help="pending, sent, failed... per kind")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=cmd_outbox_status)
    retry = outbox_commands.add_parser("retry-failed", help="try failed messages again")
    retry.set_defaults(handler=cmd_outbox_retry)


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    now = now_utc()
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            family = _desk_family(session, args.parent_telegram_id, now)
            child = find_child(family, args.child)
            if child is None:
                child = add_child(session, family, args.child, args.age, now)
            else:
                child.age = args.age
            outcome = regs.register(
                session, event_id=args.event, family=family, child=child, now=now, source="desk"
            )
            result = _outcome_json(session, outcome.registration, already=outcome.already)
    except regs.RegistrationRefused as refusal:
        result = {
            "status": "refused",
            "reason": refusal.reason,
            **{k: str(v) for k, v in refusal.params.items()},
        }
    except ChildDataError as error:
        result = {"status": "refused", "reason": error.key.removeprefix("children.")}
    finally:
        db.dispose()
    _print(args, result, _describe(result))
    return EXIT_REFUSED if result["status"] == "refused" else 0


def _desk_family(session: Session, telegram_id: str | None, now: Any) -> Family:
    """The parent's chat account when known; otherwise a family that exists only at the desk."""
    if telegram_id:
        family, _ = get_or_create_family(
            session, "telegram", str(telegram_id), language="nl", now=now
        )
    else:
        family, _ = get_or_create_family(session, "desk", uuid.uuid4().hex, language="nl", now=now)
    if family.consent_at is None:
        give_consent(family, now)  # given on paper or in person at the desk
    return family


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        rows = [_outcome_json(session, r) for r in regs.event_registrations(session, args.event)]
    if args.json:
        _print(args, rows, "")
        return 0
    for row in rows:
        place = f" (place {row['position']})" if row["position"] else ""
        print(
            f"{row['registration_id']:>6}  {row['status']:<10} {row['child'] or 'parent':<20} "
            f"{row['age'] if row['age'] is not None else '':>3}{place}"
        )
    if not rows:
        print("No registrations.")
    return 0


def cmd_cancel(args: argparse.Namespace, settings: Settings) -> int:
    now = now_utc()
    with opened(settings.database_url) as db, db.transaction() as session:
        registration = session.get(Registration, args.registration_id)
        if registration is None:
            result: dict[str, Any] = {"status": "refused", "reason": "not_found"}
        else:
            moved = regs.cancel(session, registration, now, reason="by_staff")
            result = _outcome_json(session, registration)
            result["moved_up"] = [r.id for r in moved]
    _print(args, result, _describe(result))
    return EXIT_REFUSED if result["status"] == "refused" else 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs import purge_inactive_families

    with opened(settings.database_url) as db:
        days = args.days if args.days is not None else settings.retention_days
        purged = purge_inactive_families(db, now_utc(), days)
    print(f"forgot {purged} families inactive for more than {days} days")
    return 0


def cmd_outbox_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.outbox_queue import status_counts

    with opened(settings.database_url) as db, db.transaction() as session:
        counts = status_counts(session)
    states = ("pending", "claimed", "sent", "failed", "blocked", "skipped", "cancelled")
    table = {kind: {state: counts[kind].get(state, 0) for state in states} for kind in counts}
    if args.json:
        _print(args, table, "")
        return 0
    print(f"{'kind':<20}" + "".join(f"{s:>10}" for s in states))
    for kind, row in sorted(table.items()):
        print(f"{kind:<20}" + "".join(f"{row[s]:>10}" for s in states))
    if not table:
        print("The outbox is empty.")
    return 0


def cmd_outbox_retry(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.outbox_queue import retry_failed

    with opened(settings.database_url) as db, db.transaction() as session:
        count = retry_failed(session, now_utc())
    print(f"{count} failed messages will be tried again")
    return 0


def _outcome_json(
    session: Session, registration: Registration, *, already: bool = False
) -> dict[str, Any]:
    child = registration.child
    return {
        "registration_id": registration.id,
        "event": registration.event_id,
        "status": registration.status,
        "position": regs.waitlist_rank(session, registration),
        "child": child.first_name if child else None,
        "age": registration.age_at_registration,
        "already_registered": already,
        "registered_at": local(registration.created_at).isoformat(),
    }


def _describe(result: dict[str, Any]) -> str:
    status = result["status"]
    if status == "refused":
        return f"refused: {result['reason']}"
    if status == "waitlisted":
        return (
            f"waitlisted at place {result['position']} (registration {result['registration_id']})"
        )
    return f"{status} (registration {result['registration_id']})"


def _print(args: argparse.Namespace, result: Any, text: str) -> None:
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(text)
