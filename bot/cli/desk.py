"""`talentbot registrations add|list|cancel`: the library desk registers exactly like the
chat does (the same service, the same refusals and waiting list)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.orm import Session

from bot.cli import paging
from bot.cli.commands import EXIT_REFUSED, FIND_EVENT_IDS, Commands, print_result, unknown_event
from bot.config import Settings
from bot.db import Database, opened
from bot.db.models import Event, Registration
from bot.db.states import RegistrationStatus
from bot.services import desk, seats
from bot.services import registrations as regs
from bot.timeutil import local, now_utc


def add_commands(commands: Commands) -> None:
    registrations = commands.group("registrations", help="registrations at the desk")
    add = registrations.command("add", cmd_add, help="register a child (or waitlist when full)")
    add.add_argument("--event", required=True, help="event id (see `talentbot events list`)")
    add.add_argument("--child", required=True, help="the child's first name")
    add.add_argument("--age", required=True, type=int, help="the child's age")
    add.add_argument("--parent-telegram-id", help="the parent's Telegram user id, if known")
    add.add_argument("--json", action="store_true", help="print JSON")
    listing = registrations.command("list", cmd_list, help="registrations of an event")
    listing.add_argument("--event", required=True, help="event id (see `talentbot events list`)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    paging.add_options(listing, "first name, status or registration number")
    cancel = registrations.command(
        "cancel", cmd_cancel, help="cancel a registration; the seat goes on"
    )
    cancel.add_argument("registration_id", type=int)
    cancel.add_argument("--json", action="store_true", help="print JSON")


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db:
        result = _register_at_desk(db, args)
    print_result(args, result, _describe(result))
    if result.get("reason") == "gone":  # no such event: the output above stays as it was
        print(f"talentbot: no event {args.event!r}; {FIND_EVENT_IDS}", file=sys.stderr)
    return EXIT_REFUSED if result["status"] == "refused" else 0


def _register_at_desk(db: Database, args: argparse.Namespace) -> dict[str, Any]:
    with db.transaction() as session:
        # Consent is given on paper or in person at the desk.
        result = desk.register_at_desk(
            session,
            event_id=args.event,
            first_name=args.child,
            age=args.age,
            now=now_utc(),
            parent_telegram_id=args.parent_telegram_id,
        )
        if result.registration is None:
            params = {k: str(v) for k, v in result.params.items()}
            return {"status": "refused", "reason": result.reason, **params}
        return _outcome_json(session, result.registration, already=result.already)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings.database_url) as db, db.transaction() as session:
        if session.get(Event, args.event) is None:
            raise unknown_event(args.event)
        every = [_outcome_json(session, r) for r in regs.event_registrations(session, args.event)]
    found = [row for row in every if _found(row, args.search)]
    page = paging.page_of(found, args)
    if args.json:
        print_result(args, page.rows, "")
        return 0
    for row in page.rows:
        place = f" (place {row['position']})" if row["position"] else ""
        print(
            f"{row['registration_id']:>6}  {row['status']:<10} {row['child'] or 'parent':<20} "
            f"{row['age'] if row['age'] is not None else '':>3}{place}"
        )
    if not found:
        print("No registrations." if not args.search else f"None match {args.search!r}.")
    elif line := paging.footer(page, "registrations"):
        print(line)
    return 0


def _found(row: dict[str, Any], search: str | None) -> bool:
    return paging.matches(search, row["child"] or "parent", row["status"], row["registration_id"])


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
    print_result(args, result, _describe(result))
    return EXIT_REFUSED if result["status"] == "refused" else 0


def _outcome_json(
    session: Session, registration: Registration, *, already: bool = False
) -> dict[str, Any]:
    child = registration.child
    return {
        "registration_id": registration.id,
        "event": registration.event_id,
        "status": registration.status,
        "position": seats.waitlist_rank(session, registration),
        "child": child.first_name if child else None,
        "age": registration.age_at_registration,
        "already_registered": already,
        "registered_at": local(registration.created_at).isoformat(),
    }


def _describe(result: dict[str, Any]) -> str:
    status = result["status"]
    if status == "refused":
        return f"refused: {result['reason']}"
    if status == RegistrationStatus.WAITLISTED:
        return (
            f"waitlisted at place {result['position']} (registration {result['registration_id']})"
        )
    return f"{status} (registration {result['registration_id']})"
