"""Check-in at the door: when it is open, who is expected in a fixed order, and marking a
child as arrived (or undoing it).

The list is sorted by first name and never reordered by a check-in, so the name under a
librarian's finger stays the same child however often they tap.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import plaintext
from bot.db.models import Event, Registration
from bot.db.states import RegistrationStatus
from bot.timeutil import from_local, local

# The back-office page a scanned check-in code opens where there is no Telegram bot
# (bot/web/pages/checkin_code.py): this path and the registration's check-in code.
OFFICE_CHECKIN_PATH = "/beheer/inchecken/"

# At the door: holding a seat, checked in, or already marked a no-show (a late arrival after
# the hourly no-show job ran can still be checked in on the day).
DOOR_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)


class Door(StrEnum):
    OPEN = "open"
    NOT_YET = "not_yet"  # before the first day of check-in
    OVER = "over"  # the day the event ended is over


def opening_day(event: Event, days_before: int) -> date:
    """The first (Amsterdam) day on which check-in is open."""
    return local(event.start).date() - timedelta(days=max(days_before, 0))


def door(event: Event, now: datetime, days_before: int) -> Door:
    """Open from midnight of the opening day until the end of the day the event ends."""
    opens = from_local(datetime.combine(opening_day(event, days_before), time()))
    closes = from_local(datetime.combine(local(event.end).date() + timedelta(days=1), time()))
    if now < opens:
        return Door.NOT_YET
    return Door.OPEN if now < closes else Door.OVER


def door_list(session: Session, event_id: str) -> list[Registration]:
    """Everyone expected at the door, by first name (then age, then registration)."""
    rows = session.scalars(
        select(Registration).where(
            Registration.event_id == event_id, Registration.status.in_(DOOR_STATUSES)
        )
    ).unique()
    return sorted(rows, key=_order)


def _order(registration: Registration) -> tuple[bool, str, int, int]:
    child = registration.child
    name = fold(child.first_name) if child else ""
    return (child is None, name, registration.age_at_registration or 0, registration.id)


def fold(text: str) -> str:
    """Lower case without accents, for sorting and finding ('Émile' is found by 'em')."""
    return plaintext.fold(text).strip()


def initial(name: str) -> str:
    """The letter a name is found under: 'Émile' → 'E'; a name starting otherwise → '#'."""
    first = fold(name)[:1]
    return first.upper() if first.isalpha() else "#"


def matches(name: str, prefix: str) -> bool:
    """Found at the door by typing the start of the name, or its letter ('#': no letter)."""
    wanted = fold(prefix)
    if wanted == "#":
        return initial(name) == "#"
    return bool(wanted) and fold(name).startswith(wanted)


def arrive(registration: Registration, now: datetime) -> bool:
    """Mark as arrived; False (and nothing changes) when already in or holding no seat."""
    if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.NO_SHOW):
        return False
    registration.status, registration.attended_at = RegistrationStatus.ATTENDED, now
    registration.updated_at = now
    return True


def undo(registration: Registration, now: datetime) -> bool:
    """A check-in made by mistake: the seat is held again, not used."""
    if registration.status != RegistrationStatus.ATTENDED:
        return False
    registration.status, registration.attended_at = RegistrationStatus.CONFIRMED, None
    registration.updated_at = now
    return True
