"""`talentbot staff add|list|remove` and `talentbot broadcast send|status`."""

from __future__ import annotations

import argparse
import json

from sqlalchemy import select

from bot.cli.commands import EXIT_REFUSED, FIND_EVENT_IDS, Commands, Refused, print_json
from bot.config import Settings
from bot.db import opened
from bot.db.models import Library, StaffMember
from bot.services import broadcasts, staff
from bot.timeutil import now_utc


def add_commands(commands: Commands) -> None:
    members = commands.group("staff", help="who may use the staff commands")
    add = members.command("add", cmd_staff_add, help="give a Telegram account a staff role")
    add.add_argument("--telegram-id", required=True)
    add.add_argument("--role", required=True, choices=staff.ROLES)
    add.add_argument("--library", required=True)
    add.add_argument("--partner", help="partner id (role partner only)")
    listing = members.command("list", cmd_staff_list, help="all staff")
    listing.add_argument("--json", action="store_true")
    remove = members.command("remove", cmd_staff_remove, help="take a staff role away")
    remove.add_argument("--telegram-id", required=True)
    link = members.command(
        "login-link",
        cmd_staff_login_link,
        help="print a one-time sign-in link to the web back-office (15 minutes)",
    )
    link.add_argument("--telegram-id", required=True)
    link.add_argument("--base-url", help="the back-office address (default TALENTBOT_WEB_BASE_URL)")
    chat = members.command(
        "chat", cmd_staff_chat, help="the Telegram group where questions for librarians arrive"
    )
    chat.add_argument("--library", required=True)
    chat.add_argument("--chat-id", required=True, help="the group's chat id (negative number)")

    broadcast = commands.group("broadcast", help="announcements to families")
    send = broadcast.command(
        "send", cmd_broadcast_send, help="queue an announcement; prints the broadcast id"
    )
    send.add_argument(
        "--audience",
        required=True,
        help="all | event:ID | waitlist:ID | category:NAME | activity:SLUG | age:MIN-MAX; "
        "checked against the catalogue, and refused (exit 1) when it reaches no family",
    )
    send.add_argument("--library", help="only families of this library")
    send.add_argument("--text", required=True)
    status = broadcast.command(
        "status", cmd_broadcast_status, help="total, sent, blocked, failed, pending"
    )
    status.add_argument("broadcast_id", type=int)
    status.add_argument("--json", action="store_true")


def cmd_staff_add(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db:
        try:
            with db.transaction() as session:
                member = staff.add_staff(
                    session, args.telegram_id, args.role, args.library, args.partner, now_utc()
                )
                details = {"role": member.role, "library": member.library_id}
                staff.audit(session, "cli", "staff.add", member.telegram_id, details)
        except staff.StaffError as error:
            raise Refused(str(error)) from error
    print(f"{args.telegram_id} is now {args.role} of {args.library}")
    return 0


def cmd_staff_login_link(args: argparse.Namespace, settings: Settings) -> int:
    """The link is the only line on stdout, so a desk script or a test can take it."""
    from bot.services import web_sign_in

    with opened(settings.database_url) as db, db.transaction() as session:
        member = staff.staff_member(session, args.telegram_id)
        if member is None:
            raise Refused(f"{args.telegram_id} is not staff (add them with `talentbot staff add`)")
        base = args.base_url or settings.web_address
        link = web_sign_in.create_link(session, member, base, now_utc())
        staff.audit(session, "cli", "web.link", member.telegram_id)
    print(link)
    return 0


def cmd_staff_chat(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        library = session.get(Library, args.library)
        if library is None:
            raise Refused(f"no library {args.library!r}")
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
        print_json(rows)
        return 0
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
        member = staff.staff_member(session, args.telegram_id)
        library = member.library_id if member else None  # the entry goes to that library's log
        removed = staff.remove_staff(session, args.telegram_id)
        if removed:
            staff.audit(session, "cli", "staff.remove", args.telegram_id, library_id=library)
    print("removed" if removed else "not staff")
    return 0 if removed else EXIT_REFUSED


def cmd_broadcast_send(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db:
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
                details = {"audience": args.audience, "total": broadcast.total}
                staff.audit(session, "cli", "broadcast.send", str(broadcast.id), details)
        except broadcasts.BroadcastError as error:
            hint = f"; {FIND_EVENT_IDS}" if str(error).startswith("no event") else ""
            raise Refused(f"{error}{hint}") from error
    print(broadcast.id)
    return 0


def cmd_broadcast_status(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        status = broadcasts.broadcast_status(session, args.broadcast_id)
    if status is None:
        raise Refused(f"no broadcast {args.broadcast_id}")
    if args.json:
        print(json.dumps(status))  # one line
    else:
        print(", ".join(f"{key} {value}" for key, value in status.items()))
    return 0
