"""After an event's capacity changed (a catalogue import): more seats go to the waiting list
at once, exactly as a freed seat does (waitlist.fill_free_seats: offers, or seats given
directly close to the event); fewer seats never take one from anyone, the event is reported
as over capacity instead, so staff can decide whom to call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.db.states import RegistrationStatus
from bot.services.seats import free_seats, lock_event
from bot.services.waitlist import fill_free_seats


@dataclass(frozen=True)
class CapacityChange:
    event_id: str
    capacity: int
    taken: int  # seats held, offered or used, after the waiting list moved up
    offered: int = 0  # waiting-list places that became an offer
    confirmed: int = 0  # ... or, close to the event, a seat directly

    @property
    def over_capacity(self) -> int:
        return max(self.taken - self.capacity, 0)


def after_capacity_changes(
    session: Session, event_ids: Iterable[str], now: datetime
) -> list[CapacityChange]:
    """For each event whose capacity changed: move the waiting list up into new seats, and
    report it; or report that more seats are taken than there are (everyone kept)."""
    changes = []
    for event_id in sorted(event_ids):
        event = lock_event(session, event_id)
        # Past events keep their numbers; a capacity of None means no registration at all.
        if event is None or event.capacity is None or event.start <= now:
            continue
        moved = fill_free_seats(session, event, now)
        taken = event.capacity - free_seats(session, event)
        confirmed = sum(r.status == RegistrationStatus.CONFIRMED for r in moved)
        change = CapacityChange(event_id, event.capacity, taken, len(moved) - confirmed, confirmed)
        if moved or change.over_capacity:
            changes.append(change)
    return changes
