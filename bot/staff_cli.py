"""`talentbot staff add|list|remove` and `talentbot broadcast send|status`."""

from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import select

from bot.config import Settings
from bot.db import Database, opened
from bot.db.models import Library, StaffMember
from bot.services import broadcasts, staff
from bot.timeutil import now_utc

EXIT_REFUSED = 1


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = sub.add_parser("staff", help="who may use the staff commands")
    commands = group.add_subparsers(dest="staff_command", required=True)
    add = commands.add_parser("add", help="give a Telegram account a staff role")
    add.add_argument("--telegram-id", required=True)
    add.add_argument("--role", required=True, choices=staff.ROLES)
    add.add_argument("--library", required=True)
    add.add_argument("--partner", help="partner id (role partner only)")
    add.set_defaults(handler=cmd_staff_add)
    listing = commands.add_parser("list", help="all staff")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_staff_list)
    remove = commands.add_parser("remove", help="take a staff role away")
    remove.add_argument("--telegram-id", required=True)
    remove.set_defaults(handler=cmd_staff_remove)
    chat = commands.add_parser(
        "chat", help="the Telegram group where questions for librarians arrive"
    )
    chat.add_argument("--library", required=True)
    chat.add_argument("--chat-id", required=True, help="the group's chat id (negative number)")
    chat.set_defaults(handler=cmd_staff_chat)

    group = sub.add_parser("broadcast", help="announcements to families")
    commands = group.add_subparsers(dest="broadcast_command", required=True)
    send = commands.add_parser("send", help="queue an announcement; prints the broadcast id")
    send.add_argument(
        "--audience",
        required=True,
        help="all | event:ID | waitlist:ID | category:NAME | activity:SLUG | age:MIN-MAX",
    )
    send.add_argument("--library", help="only families of this library")
    send.add_argument("--text", required=True)
    send.set_defaults(handler=cmd_broadcast_send)
    status = commands.add_parser("status", help="total, sent, blocked, failed, pending")
    status.add_argument("broadcast_id", type=int)
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_broadcast_status)


def cmd_staff_add(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            member = staff.add_staff(
                session, args.telegram_id, args.role, args.library, args.partner, now_utc()
            )
            staff.audit(
                session,
                "cli",
                "staff.add",
                member.telegram_id,
                {"role": member.role, "library": member.library_id},
            )
    except staff.StaffError as error:
        print(f"talentbot: {error}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.dispose()
    print(f"{args.telegram_id} is now {args.role} of {args.library}")
    return 0


def cmd_staff_chat(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        library = session.get(Library, args.library)
        if library is None:
            print(f"talentbot: no library {args.library!r}", file=sys.stderr)
            return EXIT_REFUSED
        library.staff_chat_id = str(args.chat_id)
        staff.audit(session, "cli", "staff.chat", args.library)
    print(f"questions for {args.library} go to chat {args.chat_id}")
    return 0


def cmd_staff_list(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        rows = [
            {
                "telegram_id": m.telegram_id,
                "role": m.role,
                "library": m.library_id,
                "partner": m.partner_id,
            }
            for m in session.scalars(select(StaffMember).order_by(StaffMember.id))
        ]
    if args.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for row in rows:
            print(
                f"{row['telegram_id']:>14}  {row['role']:<8} {row['library']}"
                + (f"  ({row['partner']})" if row["partner"] else "")
            )
        if not rows:
            print("No staff yet.")
    return 0


def cmd_staff_remove(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        removed = staff.remove_staff(session, args.telegram_id)
        if removed:
            staff.audit(session, "cli", "staff.remove", args.telegram_id)
    print("removed" if removed else "not staff")
    return 0 if removed else EXIT_REFUSED


def cmd_broadcast_send(args: argparse.Namespace, settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        with db.transaction() as session:
            broadcast = broadcasts.create_broadcast(
                session,
                audience=args.audience,
                text=args.text,
                library_id=args.library,
                created_by="cli",
                now=now_utc(),
            )
            staff.audit(
                session,
                "cli",
                "broadcast.send",
                str(broadcast.id),
                {"audience": args.audience, "total": broadcast.total},
            )
            broadcast_id = broadcast.id
    except broadcasts.BroadcastError as error:
        print(f"talentbot: {error}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.dispose()
    print(broadcast_id)
    return 0


def cmd_broadcast_status(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        status = broadcasts.broadcast_status(session, args.broadcast_id)
    if status is None:
        print(f"talentbot: no broadcast {args.broadcast_id}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        json.dump(status, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(", ".join(f"{key} {value}" for key, value in status.items()))
    return 0
